/**
 * A spreadsheet previewed on one app process and imported through another, as behind a proxy that
 * spreads requests: two real server processes, each with its own data directory (as on two machines),
 * one database and one shared FILES_DIR.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropTestDatabase, newTestDatabase } from '../pg/databases.js';
import { csrfFrom, makeApp, tempDataDir } from '../helpers.js';
import { kill, killAllServers, startServer } from '../process.js';

afterAll(killAllServers);

const HEADER = 'Ngày phát;Giờ;Tên tin bài;Hình thức;Số lượt phát;Thời lượng;Kênh;Đơn vị;Nội dung tuyên truyền';
const ROWS = ['20/11/2026;06:00;Hướng dẫn nộp hồ sơ trực tuyến;Tin;2;3:00;Truyền thanh;TT DVSNC;m', '21/11/2026;17:30;Thanh toán không dùng tiền mặt;Bài;1;4:30;Truyền thanh;TT DVSNC;m'];

const CSV = `${HEADER}\n${ROWS.join('\n')}\n`;

type Json = Record<string, unknown>;

/** A form's POST. */
const formPost = (body: Record<string, string>): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });

/** The counts of each import, in order. */
const counts = (body: Json): unknown[] => (body.imports as Json[]).map((i) => i.counts);

/** The entries as logged, without what differs between two logs (ids, who and when). */
const logged = (body: Json): unknown[] =>
  (body.entries as Json[]).map((e) => {
    const item = e.item as Json;
    return { channel: e.channel, at: e.at, playCount: e.playCount, durationSeconds: e.durationSeconds, url: e.url, views: e.views, interactions: e.interactions, note: e.note, item: { title: item.title, format: item.format, topics: item.topics, unit: item.unit } };
  });

/** A browser's cookies, kept across both processes. */
function browser() {
  const jar = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), Cookie: [...jar.values()].join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      jar.set(pair!.split('=')[0]!, pair!);
    }
    return res;
  };
  return send;
}

/** Signs in through the log-in form. */
async function signIn(send: ReturnType<typeof browser>, base: string, username: string, password: string): Promise<void> {
  const login = await send(`${base}/login`);
  const signedIn = await send(`${base}/login`, formPost({ username, password, _csrf: csrfFrom(await login.text()), next: '/' }));
  expect(signedIn.status, `log-in of ${username}`).toBe(303);
}

/** An API token asked for with a password. */
async function apiToken(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password, name: 'thử' }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

describe('an import across app processes', () => {
  it('previews on one process and imports on another with what the preview found: once, for its uploader only, as one process would', async () => {
    const db = await newTestDatabase();
    try {
      const filesDir = path.join(await tempDataDir(), 'files');
      const env = { DATABASE_URL: db.url, FILES_DIR: filesDir, SESSION_SECRET: 'the-same-secret-for-every-process', ADMIN_USERNAME: 'quantri', ADMIN_PASSWORD: 'mat-khau-quan-tri-01' };
      // The second process reads no sheet of more than one row: an import of this two-row file that it
      // makes can only come from what the first found at the preview, not from reading the file again.
      // (A deployment's processes share their settings; this one differs only to tell where the rows came from.)
      const one = await startServer(await tempDataDir(), env);
      const two = await startServer(await tempDataDir(), { ...env, MAX_IMPORT_ROWS: '1' });
      const send = browser();
      await signIn(send, one.base, 'quantri', env.ADMIN_PASSWORD);
      const page = await send(`${one.base}/imports`);
      const form = new FormData();
      form.append('_csrf', csrfFrom(await page.text()));
      form.append('file', new Blob([CSV]), 'so.csv');
      const preview = await send(`${one.base}/imports`, { method: 'POST', body: form });
      const previewed = await preview.text();
      expect(preview.status).toBe(200);
      expect(previewed).toContain('Nhập 2 lượt vào nhật ký');
      const token = /action="\/imports\/([0-9a-f]{32})"/.exec(previewed)![1]!;
      // What the preview found waits beside the held upload, where every process reads.
      expect(await readdir(path.join(filesDir, 'held', `import-${token}`))).toContain('analysis.json');
      const commit = { fileName: 'so.csv', action: 'commit', _csrf: csrfFrom(previewed) };

      // Another account of the commune, on the other process, is told it does not exist.
      const admin = await apiToken(one.base, 'quantri', env.ADMIN_PASSWORD);
      const made = await fetch(`${two.base}/api/v1/users`, { method: 'POST', headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'bientap2', fullName: 'Biên tập 2', role: 'editor', password: 'mat-khau-bien-tap-02' }) });
      expect(made.status).toBe(201);
      const other = browser();
      await signIn(other, two.base, 'bientap2', 'mat-khau-bien-tap-02');
      const otherCsrf = csrfFrom(await (await other(`${two.base}/imports`)).text());
      for (const body of [{ ...commit, _csrf: otherCsrf }, { fileName: 'so.csv', _csrf: otherCsrf }]) expect((await other(`${two.base}/imports/${token}`, formPost(body))).status).toBe(404);

      // The confirmation lands on the other process.
      const done = await send(`${two.base}/imports/${token}`, formPost(commit));
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toMatch(/^\/imports\/\d+\?ok=import-done$/);
      const shown = await (await send(`${one.base}${done.headers.get('location')}`)).text();
      expect(shown).toContain('Thanh toán không dùng tiền mặt');
      // Imported once: the held file and its analysis are gone for both processes.
      await expect(readdir(path.join(filesDir, 'held', `import-${token}`))).rejects.toThrow();
      const again = await send(`${one.base}/imports/${token}`, formPost(commit));
      expect(again.status).toBe(410);

      // The same import as the preview and the import on one process (the app in this test, a database of its own).
      const single = await makeApp();
      const alone = await single.web.agent.post('/imports').field('_csrf', single.web.csrf).attach('file', Buffer.from(CSV), 'so.csv').expect(200);
      await single.web.post(`/imports/${/action="\/imports\/([0-9a-f]{32})"/.exec(alone.text)![1]!}`, { fileName: 'so.csv', action: 'commit' }).expect(303);
      const read = async (url: string, auth: string): Promise<Json> => (await fetch(`${two.base}${url}`, { headers: { Authorization: `Bearer ${auth}` } })).json() as Promise<Json>;
      const [imports, entries] = [await read('/api/v1/imports', admin), await read('/api/v1/entries', admin)];
      expect(counts(imports)).toEqual(counts((await single.api.get('/api/v1/imports').expect(200)).body as Json));
      expect(logged(entries)).toEqual(logged((await single.api.get('/api/v1/entries').expect(200)).body as Json));
      expect(logged(entries)).toHaveLength(2);
      await Promise.all([kill(one, 'SIGTERM'), kill(two, 'SIGTERM')]);
    } finally {
      await dropTestDatabase(db.name);
    }
  }, 120_000);
});
