import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { streamDownload } from '../../src/web/download.js';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** Serves one streamed download; reports how its producer and its handler ended. */
async function serve(produceChunks: boolean) {
  const state = { chunks: 0, producerEnded: false, producerSawAbort: false, handlerSettled: false };
  const app = express();
  app.get('/download', async (_req, res) => {
    await streamDownload(res, async (out, signal) => {
      try {
        while (produceChunks && !signal.aborted) {
          state.chunks++;
          if (!out.write(Buffer.alloc(64 * 1024, 65))) await new Promise((r) => out.once('drain', r).once('close', r));
        }
        if (!produceChunks) await new Promise((r) => setTimeout(r, 50));
        out.end();
      } finally {
        state.producerEnded = true;
        state.producerSawAbort = signal.aborted;
      }
    });
    state.handlerSettled = true;
  });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  return { port: (server.address() as AddressInfo).port, state };
}

function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (check()) return resolve();
      if (Date.now() > deadline) return reject(new Error('condition not reached'));
      setTimeout(tick, 10);
    };
    tick();
  });
}

describe('streamed downloads', () => {
  it('stop their producer and settle quietly when the client goes away', async () => {
    const rejections: unknown[] = [];
    const onRejection = (r: unknown): void => void rejections.push(r);
    process.on('unhandledRejection', onRejection);
    try {
      const { port, state } = await serve(true);
      await new Promise<void>((resolve) => {
        const req = http.get({ host: '127.0.0.1', port, path: '/download', agent: false }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', () => resolve());
      });
      await waitFor(() => state.producerEnded && state.handlerSettled);
      expect(state.producerSawAbort).toBe(true);
      const produced = state.chunks;
      await new Promise((r) => setTimeout(r, 100));
      expect(state.chunks).toBe(produced);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('sends the whole body when the client stays', async () => {
    const { port, state } = await serve(false);
    const res = await fetch(`http://127.0.0.1:${port}/download`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    await waitFor(() => state.handlerSettled);
    expect(state.producerSawAbort).toBe(false);
  });
});
