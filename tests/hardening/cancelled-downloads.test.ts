/**
 * Process-level: a real server, downloads cancelled by the client at every stage (before the answer,
 * after the headers, after the first bytes), many times over, for every kind of export. The server must
 * keep answering, hold no more open files than before, and still serve whole downloads.
 */
import { createHash } from 'node:crypto';
import { readdir, readlink } from 'node:fs/promises';
import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../helpers.js';
import { call, kill, killAllServers, sessionCookie, sleep, startServer, tokenFor } from '../process.js';

afterAll(killAllServers);

const ADMIN = { username: 'quantri', password: 'mat-khau-quan-tri-1' };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

type Stage = 'request' | 'headers' | 'body';

/** Starts a GET and destroys the connection at a stage; resolves when the socket is gone. */
function cancelAt(port: number, path: string, cookie: string, stage: Stage): Promise<void> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers: { cookie }, agent: false });
    const done = (): void => {
      req.destroy();
      resolve();
    };
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.on('response', (res) => {
      if (stage === 'headers') return done();
      res.once('data', done);
      res.on('end', done);
    });
    req.end();
    if (stage === 'request') setImmediate(done);
  });
}

async function openFiles(pid: number): Promise<number> {
  return (await readdir(`/proc/${pid}/fd`)).length;
}

/** How many of the process's file descriptors are open on a file whose name holds `name` (a blob's SHA-256). */
async function handlesOn(pid: number, name: string): Promise<number> {
  let n = 0;
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    if (target.includes(name)) n++;
  }
  return n;
}

/** A WAV file of `bytes` bytes: a RIFF header and noise (which the ZIP stores as it is). */
function wav(bytes: number): Buffer {
  const body = bytes - 44;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(bytes - 8, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(22_050, 24);
  header.writeUInt32LE(44_100, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(body, 40);
  const noise = Buffer.alloc(body);
  for (let i = 0; i < body; i += 4) noise.writeUInt32LE((i * 2_654_435_761) >>> 0, i);
  return Buffer.concat([header, noise]);
}

/** Starts a GET and destroys the connection once `after` bytes of the body have come; resolves when the socket is gone. */
function cancelAfterBytes(port: number, path: string, cookie: string, after: number): Promise<number> {
  return new Promise((resolve) => {
    let got = 0;
    const req = http.request({ host: '127.0.0.1', port, path, headers: { cookie }, agent: false });
    const done = (): void => {
      req.destroy();
      resolve(got);
    };
    req.on('error', done);
    req.on('close', done);
    req.on('response', (res) => {
      res.on('data', (c: Buffer) => {
        got += c.length;
        if (got >= after) done();
      });
      res.on('end', done);
    });
    req.end();
  });
}

describe('cancelled downloads', () => {
  it('leave the server answering, with no file left open, for every export', async () => {
    const dataDir = await tempDataDir();
    const server = await startServer(dataDir, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, WEEKLY_SUMMARY_CRON: '' });
    try {
      const token = await tokenFor(server.port, ADMIN.username, ADMIN.password);
      // A log with entries in the quarter, each with an attached file, and a weekly summary.
      for (let i = 0; i < 12; i++) {
        const res = await call(server.port, 'POST', '/api/v1/entries', token, { title: `Tin ${i}`, format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: `2026-10-${String(i + 1).padStart(2, '0')}T06:30`, playCount: 2, durationSeconds: 120 });
        expect(res.status).toBe(201);
        const id = (JSON.parse(res.body) as { id: number }).id;
        const form = new FormData();
        form.append('file', new Blob([PNG, Buffer.from(String(i))], { type: 'image/png' }), `anh-${i}.png`);
        const up = await fetch(`${server.base}/api/v1/entries/${id}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
        expect(up.status).toBe(201);
      }
      const summary = await call(server.port, 'POST', '/api/v1/summaries', token, { weekStart: '2026-10-05' });
      expect(summary.status).toBe(201);
      const summaryId = (JSON.parse(summary.body) as { id: number }).id;
      const paths = [
        '/export/bundle.zip?period=q4&year=2026',
        '/export/bundle.zip?from=2025-01-01&to=2025-03-31',
        '/export/entries.csv',
        '/export/entries.xlsx',
        '/export/report.csv?period=q4&year=2026',
        '/export/report.xlsx?period=q4&year=2026',
        `/summaries/${summaryId}.csv`,
        `/summaries/${summaryId}.xlsx`,
        '/files/1',
      ];
      const pid = server.child.pid!;
      const cookie = await sessionCookie(server.base, ADMIN.username, ADMIN.password);
      // Warm up every path once, so lazily opened modules and caches are not counted as leaks.
      for (const p of paths) expect((await fetch(`${server.base}${p}`, { headers: { cookie } })).status).toBe(200);
      await sleep(200);
      const before = await openFiles(pid);

      for (let round = 0; round < 4; round++) {
        for (const p of paths) {
          await Promise.all((['request', 'headers', 'body'] as Stage[]).map((stage) => cancelAt(server.port, p, cookie, stage)));
        }
      }

      expect(server.child.exitCode, server.output()).toBeNull();
      const health = await call(server.port, 'GET', '/healthz', '');
      expect(health.status).toBe(200);
      // Open files come back to where they were once the cancelled work has been torn down.
      let after = await openFiles(pid);
      for (let i = 0; i < 50 && after > before; i++) {
        await sleep(100);
        after = await openFiles(pid);
      }
      expect(after).toBeLessThanOrEqual(before);
      // And a whole download still comes whole.
      const whole = await call(server.port, 'GET', '/export/bundle.zip?period=q4&year=2026', token);
      expect(whole.status).toBe(200);
      expect(whole.body.length).toBeGreaterThan(1000);
      expect(server.output()).not.toContain('Uncaught');
    } finally {
      await kill(server, 'SIGTERM');
    }
  }, 120_000);

  it('close a multi-megabyte attachment of a bundle, cancelled after the first bytes or in the middle of it', async () => {
    const dataDir = await tempDataDir();
    const server = await startServer(dataDir, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, WEEKLY_SUMMARY_CRON: '' });
    try {
      const token = await tokenFor(server.port, ADMIN.username, ADMIN.password);
      const res = await call(server.port, 'POST', '/api/v1/entries', token, { title: 'Bản tin có ghi âm', format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-10-05T06:30', playCount: 2, durationSeconds: 120 });
      expect(res.status).toBe(201);
      const id = (JSON.parse(res.body) as { id: number }).id;
      const audio = wav(3 * 1024 * 1024);
      const sha = createHash('sha256').update(audio).digest('hex');
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(audio)], { type: 'audio/wav' }), 'ban-tin.wav');
      const up = await fetch(`${server.base}/api/v1/entries/${id}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      expect(up.status, await up.clone().text()).toBe(201);

      const pid = server.child.pid!;
      const cookie = await sessionCookie(server.base, ADMIN.username, ADMIN.password);
      const bundle = '/export/bundle.zip?period=q4&year=2026';
      // A whole bundle first: modules loaded, and the WAV in it.
      expect(await cancelAfterBytes(server.port, bundle, cookie, Infinity)).toBeGreaterThan(audio.length);
      const before = await handlesOn(pid, sha);

      // Twenty cancelled after the first bytes, twenty in the middle of the WAV (the report files come first).
      for (let i = 0; i < 20; i++) await cancelAfterBytes(server.port, bundle, cookie, 1);
      for (let i = 0; i < 20; i++) expect(await cancelAfterBytes(server.port, bundle, cookie, 1024 * 1024 + i * 64 * 1024)).toBeGreaterThan(1024 * 1024);

      // Back to where they were within a second (polled: this is about leaks, not speed).
      let after = await handlesOn(pid, sha);
      for (let waited = 0; waited < 1000 && after > before; waited += 50) {
        await sleep(50);
        after = await handlesOn(pid, sha);
      }
      expect(after, `handles open on the WAV: ${before} before, ${after} after`).toBeLessThanOrEqual(before);
      expect(server.child.exitCode, server.output()).toBeNull();
      expect((await call(server.port, 'GET', '/healthz', '')).status).toBe(200);
    } finally {
      await kill(server, 'SIGTERM');
    }
  }, 120_000);
});
