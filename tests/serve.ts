import net, { type AddressInfo } from 'node:net';
import type { Express } from 'express';
import { afterEveryTest } from './lifecycle.js';

const servers: import('node:http').Server[] = [];
const sockets: net.Socket[] = [];

afterEveryTest(async () => {
  while (sockets.length) sockets.pop()!.destroy();
  while (servers.length) {
    const s = servers.pop()!;
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** Listens with the app on a loopback port (closed after the test); its base address. */
export async function serve(app: Express): Promise<string> {
  return (await listen(app)).base;
}

/** `serve`, with the server itself (to count its connections) and its port. */
export async function listen(app: Express): Promise<{ base: string; server: import('node:http').Server; port: number }> {
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return { base: `http://127.0.0.1:${port}`, server, port };
}

/** Clients that ask for the whole log as CSV and never read a byte of it (destroyed after the test). */
export function stalledDownloads(port: number, token: string, count: number): net.Socket[] {
  return Array.from({ length: count }, () => {
    const socket = net.connect(port, '127.0.0.1');
    sockets.push(socket);
    socket.pause();
    socket.on('error', () => undefined);
    socket.write(`GET /export/entries.csv HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`);
    return socket;
  });
}
