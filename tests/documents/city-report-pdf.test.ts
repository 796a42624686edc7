/**
 * The city's report of a quarter, as the culture department reads it before signing: converted by
 * LibreOffice and read back from the PDF (one conversion).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { apiAs, makeApp, signIn } from '../helpers.js';
import { binary } from '../zip.js';
import { cutAcrossLines, folded } from './cut-lines.js';
import { docxToPdf, lineWith } from './pdf.js';
import { logQuarter } from './quarter.js';

const run = promisify(execFile);

describe("the city's report, printed", () => {
  it('prints the heading on whole lines, the totals as a sentence, every commune on landscape pages and the ones without entries named', async () => {
    const t = await makeApp();
    const admin = await apiAs(t.app, t.store, 'quantri', 'admin');
    for (const c of [
      { code: 'an-hai', name: 'An Hải', kind: 'phường' },
      { code: 'lac-phuong', name: 'Lạc Phượng', kind: 'xã' },
      { code: 'bach-long-vi', name: 'Bạch Long Vĩ', kind: 'đặc khu' },
    ])
      await admin.post('/api/v1/communes', c).expect(201);
    // An Hải: 60 airings of 20 items (120 plays); Lạc Phượng: 3 portal posts (363 views) and a fanpage post.
    await logQuarter(t.store.inCommune('an-hai'), { posts: false });
    await logQuarter(t.store.inCommune('lac-phuong'), { radio: false });
    const viewer = await signIn(t.app, t.store, 'tp-xem', 'city-viewer');
    const res = await viewer.get('/export/city-report.docx?period=q1&year=2026').buffer(true).parse(binary).expect(200);
    const read = await docxToPdf(res.body as Buffer, 'bao-cao-thanh-pho');
    // Measured: 2 pages, the report on a portrait one, the table of communes on a landscape one.
    expect(read.pages).toBe(2);
    const info = (await run('pdfinfo', ['-f', '1', '-l', String(read.pages), read.pdfPath])).stdout;
    const sizes = [...info.matchAll(/^Page +\d+ size: +([\d.]+) x ([\d.]+)/gm)].map((m) => (Number(m[1]) < Number(m[2]) ? 'portrait' : 'landscape'));
    expect(sizes).toEqual(['portrait', 'landscape']);

    expect(lineWith(read, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')?.replace(/\s+/g, ' ')).toBe('UBND THÀNH PHỐ HẢI PHÒNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(lineWith(read, 'Số: /BC-SVHTTDL Hải Phòng, ngày tháng năm 2026')).toBeDefined();
    expect(cutAcrossLines(read)).toEqual([]);

    const text = folded(read);
    expect(text).toContain('Quý I năm 2026 (từ ngày 01/01/2026 đến ngày 31/03/2026)');
    expect(text).toContain(
      'Từ ngày 01/01/2026 đến ngày 31/03/2026, 2/4 xã, phường, đặc khu đã ghi nhận kết quả tuyên truyền cải cách hành chính: xây dựng và phát sóng 20 tin bài trên hệ thống truyền thanh cơ sở, với trên 100 lượt phát; đăng 4 tin bài trên cổng thông tin điện tử và mạng xã hội (trên 350 lượt xem).',
    );
    expect(text).toMatch(/Có 2\/4 đơn vị chưa ghi nhận lượt phát sóng, đăng tải nào trong kỳ: (main; đặc khu Bạch Long Vĩ|đặc khu Bạch Long Vĩ; main)\./);

    // Every commune on a line of its own, by name, with its items, airings, posts and views; then the city.
    const row = (name: string): string | undefined => read.lines.map((l) => l.replace(/\s+/g, ' ')).find((l) => new RegExp(`^\\d+ .*${name} `).test(l));
    expect(row('An Hải')).toMatch(/^1 phường An Hải 20 60 0 – – \d,\d\d$/);
    expect(row('Bạch Long Vĩ')).toMatch(/^2 đặc khu Bạch Long Vĩ 0 0 0 – – \d,\d\d$/);
    expect(row('Lạc Phượng')).toMatch(/^3 xã Lạc Phượng 4 0 4 363 – \d,\d\d$/);
    expect(row('main')).toMatch(/^4 .*main 0 0 0 – – \d,\d\d$/);
    expect(lineWith(read, 'Toàn thành phố')?.replace(/\s+/g, ' ')).toBe('Toàn thành phố 24 60 4 363');
  }, 180_000);
});
