import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { draft, makeApp } from '../helpers.js';
import { binary, docxText, unzip } from '../zip.js';

// A 1×1 PNG and a minimal PDF: real files as far as their bytes go.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('evidence bundle', () => {
  it('holds the report, the appendix, the log and every attached file, with a manifest that matches the bytes', async () => {
    const { app, api, store } = await makeApp();
    const upload = (path: string) => request(app).post(path).set('Authorization', `Bearer ${api.token}`);
    const radio = await store.addEntry(draft({ title: 'Tin A', entry: { at: '2026-03-31T23:59:00+07:00' } }), 'bientap');
    const portal = await store.addEntry(draft({ title: 'Bài B', entry: { channel: 'portal', playCount: 1, durationSeconds: null, at: '2026-02-10T09:00:00+07:00' } }), 'bientap');
    const outside = await store.addEntry(draft({ title: 'Tin C', entry: { at: '2026-04-01T00:00:00+07:00' } }), 'bientap');
    await upload(`/api/v1/entries/${radio.entry.id}/files`).attach('file', PNG, 'Ảnh buổi phát.png').field('caption', 'chụp màn hình').expect(201);
    await upload(`/api/v1/entries/${portal.entry.id}/files`).attach('file', PDF, 'văn bản.pdf').expect(201);
    await upload(`/api/v1/items/${radio.item.id}/files`).attach('file', PDF, 'kịch bản.pdf').expect(201);
    await upload(`/api/v1/entries/${outside.entry.id}/files`).attach('file', PNG, 'khác kỳ.png').expect(201);

    const res = await api.get('/export/bundle.zip?from=2026-01-01&to=2026-03-31').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe('attachment; filename="bo-minh-chung_2026-Q1.zip"');
    const files = await unzip(res.body as Buffer);
    const names = [...files.keys()].sort();
    expect(names).toEqual(
      [
        'bao-cao_2026-Q1.csv',
        'bao-cao_2026-Q1.docx',
        'bao-cao_2026-Q1.xlsx',
        'manifest.csv',
        'minh-chung/2026-02/cong-ttdt/10-02_luot-2_tep-2_văn bản.pdf',
        'minh-chung/2026-03/truyen-thanh/31-03_luot-1_tep-1_Ảnh buổi phát.png',
        'minh-chung/tin-bai/tin-1_tep-3_kịch bản.pdf',
        'nhat-ky_2026-01-01_2026-03-31.csv',
        'nhat-ky_2026-01-01_2026-03-31.xlsx',
        'phu-luc_2026-Q1.docx',
        'phu-luc_2026-Q1.html',
        'so-nhat-ky-phat-thanh/so-nhat-ky-phat-thanh-2026-01.docx',
        'so-nhat-ky-phat-thanh/so-nhat-ky-phat-thanh-2026-02.docx',
        'so-nhat-ky-phat-thanh/so-nhat-ky-phat-thanh-2026-03.docx',
      ].sort(),
    );
    expect(files.get('minh-chung/2026-03/truyen-thanh/31-03_luot-1_tep-1_Ảnh buổi phát.png')!.equals(PNG)).toBe(true);

    const manifest = parse(files.get('manifest.csv')!, { bom: true, columns: true }) as Record<string, string>[];
    expect(manifest.map((r) => r['Tệp trong bộ minh chứng']).sort()).toEqual(names.filter((n) => n !== 'manifest.csv'));
    for (const row of manifest) {
      const bytes = files.get(row['Tệp trong bộ minh chứng']!)!;
      expect(row['SHA-256'], row['Tệp trong bộ minh chứng']).toBe(sha(bytes));
      expect(Number(row['Kích thước (byte)'])).toBe(bytes.length);
    }
    const png = manifest.find((r) => r['Tên gốc'] === 'Ảnh buổi phát.png')!;
    expect(png).toMatchObject({ 'Mã lượt': '1', 'Mã tin bài': '1', 'Tiêu đề tin bài': 'Tin A', Kênh: 'Truyền thanh', 'Thời gian phát/đăng': '31/03/2026 23:59', 'Chú thích': 'chụp màn hình', 'Loại tệp': 'image/png' });

    const log = parse(files.get('nhat-ky_2026-01-01_2026-03-31.csv')!, { bom: true, columns: true }) as Record<string, string>[];
    expect(log.map((r) => r['Tiêu đề']).sort()).toEqual(['Bài B', 'Tin A']);
    const html = files.get('phu-luc_2026-Q1.html')!.toString('utf8');
    expect(html).toContain('<style>');
    expect(html).toContain('Kết quả thực hiện');
    expect(html).toMatch(/<p class="pre">Đã thực hiện: xây dựng và phát sóng 1 tin bài trên hệ thống truyền thanh xã, với \d+ lượt phát\.<\/p>/);
    // The Word documents are whole: the appendix names its tasks, the March log book the airing of 31/03.
    expect(docxText((await unzip(files.get('phu-luc_2026-Q1.docx')!)).get('word/document.xml')!.toString())).toContain('Đã thực hiện: xây dựng và phát sóng 1 tin bài');
    expect(docxText((await unzip(files.get('so-nhat-ky-phat-thanh/so-nhat-ky-phat-thanh-2026-03.docx')!)).get('word/document.xml')!.toString())).toContain('Tin A');
    expect((await store.queryAudit({ action: 'export' }, { page: 1, pageSize: 1 })).rows[0]).toMatchObject({ target: { id: 'bundle.zip' }, after: { from: '2026-01-01', to: '2026-03-31' } });
  });

  it('refuses a period that does not parse with 422', async () => {
    const { api } = await makeApp();
    const res = await api.get('/export/bundle.zip?from=2026-02-30&to=2026-03-31').expect(422);
    expect(Object.keys(res.body.errors)).toEqual(['from']);
  });
});
