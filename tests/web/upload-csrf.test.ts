import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formBody, makeApp, type TestApp } from '../helpers.js';

/**
 * The upload forms (an import, a file on a record) carry their CSRF token as a field of the form, never
 * in their address, where it would stay in the browser's history; the token is checked once the form
 * is read, and an upload without it keeps nothing.
 */

const CSV = 'Ngày phát;Giờ;Tên tin bài;Hình thức;Số lượt phát;Thời lượng;Kênh;Đơn vị;Nội dung tuyên truyền\n21/11/2026;17:00;Thanh toán không dùng tiền mặt;Bài;1;240;Truyền thanh;tt-dvsnc;m\n';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** The upload form of a page: its opening tag and its fields. */
function uploadForm(html: string): string {
  const m = /<form method="post" action="[^"]*" enctype="multipart\/form-data"[\s\S]*?<\/form>/.exec(html);
  if (!m) throw new Error('no upload form on the page');
  return m[0];
}

/** What is held for imports (each upload in a folder of its own). */
const held = async (app: TestApp): Promise<string[]> => (await readdir(path.join(app.store.dataDir, 'tmp')).catch(() => [] as string[])).filter((f) => f.startsWith('import-'));

describe('the CSRF token of the upload forms', () => {
  it('is a field of the import form and of the file form, not part of their address', async () => {
    const app = await makeApp();
    const imports = await app.web.get('/imports').expect(200);
    const importForm = uploadForm(imports.text);
    expect(importForm).toMatch(/^<form method="post" action="\/imports" enctype="multipart\/form-data"/);
    expect(importForm).toContain(`<input type="hidden" name="_csrf" value="${app.web.csrf}">`);
    expect(imports.text).not.toContain('_csrf=');
    await app.web.post('/entries', formBody()).expect(303);
    const entry = await app.web.get('/entries/1').expect(200);
    const fileForm = uploadForm(entry.text);
    expect(fileForm).toMatch(/^<form method="post" action="\/entries\/1\/files" enctype="multipart\/form-data"/);
    expect(fileForm).toContain(`<input type="hidden" name="_csrf" value="${app.web.csrf}">`);
    expect(entry.text).not.toContain('_csrf=');
  });

  it('passes an import sent with the token as a field (or in the X-CSRF-Token header)', async () => {
    const app = await makeApp();
    const preview = await app.web.agent.post('/imports').field('_csrf', app.web.csrf).attach('file', Buffer.from(CSV), 'so.csv').expect(200);
    expect(preview.text).toContain('Nhập 1 lượt vào nhật ký');
    const byHeader = await app.web.agent.post('/imports').set('X-CSRF-Token', app.web.csrf).attach('file', Buffer.from(CSV), 'so.csv').expect(200);
    expect(byHeader.text).toContain('Nhập 1 lượt vào nhật ký');
  });

  it('refuses an import without the token, with a wrong one, or with it only in the address (403), holding nothing', async () => {
    const app = await makeApp();
    const before = await held(app);
    for (const send of [
      () => app.web.agent.post('/imports').attach('file', Buffer.from(CSV), 'so.csv'),
      () => app.web.agent.post('/imports').field('_csrf', 'sai').attach('file', Buffer.from(CSV), 'so.csv'),
      () => app.web.agent.post(`/imports?_csrf=${encodeURIComponent(app.web.csrf)}`).attach('file', Buffer.from(CSV), 'so.csv'),
    ]) {
      const res = await send().expect(403);
      expect(res.text).toContain('<h1>Biểu mẫu đã hết hạn</h1>');
    }
    expect(await held(app)).toEqual(before);
  });

  it('attaches a file sent with the token as a field, and refuses one without it, keeping nothing', async () => {
    const app = await makeApp();
    await app.web.post('/entries', formBody()).expect(303);
    await app.web.agent.post('/entries/1/files').attach('file', PNG, 'anh.png').expect(403);
    expect(await app.store.filesOf('entry', 1)).toEqual([]);
    await app.web.agent.post('/entries/1/files').field('_csrf', app.web.csrf).attach('file', PNG, 'anh.png').expect(303);
    expect((await app.store.filesOf('entry', 1)).map((f) => f.name)).toEqual(['anh.png']);
  });

  it('still checks a multipart form sent to a route that takes no file, before it acts', async () => {
    const app = await makeApp();
    await app.web.post('/entries', formBody()).expect(303);
    await app.web.agent.post('/entries/1/delete').field('x', '1').expect(403);
    expect((await app.store.entry(1))?.deletedAt).toBeNull();
    await app.web.agent.post('/entries/1/delete').set('X-CSRF-Token', app.web.csrf).field('x', '1').expect(303);
    expect((await app.store.entry(1))?.deletedAt).not.toBeNull();
  });
});
