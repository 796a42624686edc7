/**
 * A spreadsheet previewed on one app process and imported through another, as behind a proxy that
 * spreads requests: two real server processes, each with its own data directory (as on two machines),
 * one database and one shared FILES_DIR.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropTestDatabase, newTestDatabase } from '../pg/databases.js';
import { csrfFrom, tempDataDir } from '../helpers.js';
import { kill, killAllServers, startServer } from '../process.js';

afterAll(killAllServers);

const HEADER = 'Ngày phát;Giờ;Tên tin bài;Hình thức;Số lượt phát;Thời lượng;Kênh;Đơn vị;Nội dung tuyên truyền';
const ROWS = ['20/11/2026;06:00;Hướng dẫn nộp hồ sơ trực tuyến;Tin;2;3:00;Truyền thanh;TT DVSNC;m', '21/11/2026;17:30;Thanh toán không dùng tiền mặt;Bài;1;4:30;Truyền thanh;TT DVSNC;m'];

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

describe('an import across app processes', () => {
  it('previews on one process and imports on another the same file, once', async () => {
    const db = await newTestDatabase();
    try {
      const filesDir = path.join(await tempDataDir(), 'files');
      const env = { DATABASE_URL: db.url, FILES_DIR: filesDir, SESSION_SECRET: 'the-same-secret-for-every-process', ADMIN_USERNAME: 'quantri', ADMIN_PASSWORD: 'mat-khau-quan-tri-01' };
      const one = await startServer(await tempDataDir(), env);
      const two = await startServer(await tempDataDir(), env);
      const send = browser();
      const login = await send(`${one.base}/login`);
      const signedIn = await send(`${one.base}/login`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username: 'quantri', password: env.ADMIN_PASSWORD, _csrf: csrfFrom(await login.text()), next: '/' }).toString() });
      expect(signedIn.status).toBe(303);
      const page = await send(`${one.base}/imports`);
      const form = new FormData();
      form.append('file', new Blob([`${HEADER}\n${ROWS.join('\n')}\n`]), 'so.csv');
      const preview = await send(`${one.base}/imports?_csrf=${encodeURIComponent(csrfFrom(await page.text()))}`, { method: 'POST', body: form });
      const previewed = await preview.text();
      expect(preview.status).toBe(200);
      expect(previewed).toContain('Nhập 2 lượt vào nhật ký');
      const token = /action="\/imports\/([0-9a-f]{32})"/.exec(previewed)![1]!;
      // The confirmation lands on the other process.
      const done = await send(`${two.base}/imports/${token}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ fileName: 'so.csv', action: 'commit', _csrf: csrfFrom(previewed) }).toString() });
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toMatch(/^\/imports\/\d+\?ok=import-done$/);
      const shown = await (await send(`${one.base}${done.headers.get('location')}`)).text();
      expect(shown).toContain('Thanh toán không dùng tiền mặt');
      // Imported once: the held file is gone for both processes.
      const again = await send(`${one.base}/imports/${token}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ fileName: 'so.csv', action: 'commit', _csrf: csrfFrom(previewed) }).toString() });
      expect(again.status).toBe(410);
      await Promise.all([kill(one, 'SIGTERM'), kill(two, 'SIGTERM')]);
    } finally {
      await dropTestDatabase(db.name);
    }
  }, 120_000);
});
