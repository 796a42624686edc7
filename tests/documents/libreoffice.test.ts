import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { YearPlanTask } from '../../src/domain/year-plan.js';
import { makeApp } from '../helpers.js';
import { binary } from '../zip.js';

const run = promisify(execFile);
const SOFFICE = process.env.SOFFICE_PATH ?? '/usr/bin/soffice';
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/**
 * Opens .docx files in LibreOffice Writer (headless) and saves each as PDF and as plain text: one start of
 * LibreOffice for each format, for all the files (a start costs some 4 s of CPU, a document of these a fraction).
 */
async function openInWriter(docs: { bytes: Buffer; name: string }[]): Promise<{ pages: number; text: string }[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cchc-lo-'));
  dirs.push(dir);
  const files = docs.map((d) => path.join(dir, `${d.name}.docx`));
  for (const [i, d] of docs.entries()) await writeFile(files[i]!, d.bytes);
  // A profile of its own: conversions never share (or wait for) another LibreOffice.
  const profile = `-env:UserInstallation=file://${path.join(dir, 'profile')}`;
  for (const to of ['pdf', 'txt:Text (encoded):UTF8']) await run(SOFFICE, [profile, '--headless', '--convert-to', to, '--outdir', dir, ...files], { timeout: 120_000 });
  return Promise.all(
    docs.map(async ({ name }) => {
      const pdf = await readFile(path.join(dir, `${name}.pdf`), 'latin1');
      return { pages: pdf.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0, text: await readFile(path.join(dir, `${name}.txt`), 'utf8') };
    }),
  );
}

const longTask = (i: number): YearPlanTask => ({
  id: `t${i}`,
  number: String(i),
  text: `Nhiệm vụ số ${i}: xây dựng tin, bài, phóng sự tuyên truyền cải cách hành chính; phát trên hệ thống truyền thanh theo khung giờ định kỳ, đăng trên Cổng Thông tin điện tử và các trang mạng xã hội của đơn vị.`,
  lead: 'Trung tâm Dịch vụ sự nghiệp công',
  partners: 'Các cơ quan, đơn vị có liên quan',
  timeFrame: { kind: 'year' },
  counts: { channels: ['radio'], formats: [], topics: [] },
  target: null,
  evidence: [],
});

describe('the Word documents open in LibreOffice Writer', () => {
  it('converts the appendix and the report to PDF with their pages and their text', async () => {
    const app = await makeApp();
    const settings = await app.store.settings();
    await app.store.updateSettings({ ...settings, communeKind: 'xã', communeName: 'Lạc Phượng' }, 'admin');
    await app.api.post('/api/v1/entries', { title: 'Hướng dẫn nộp hồ sơ trực tuyến', format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-02-10T06:00', playCount: 3 }).expect(201);
    await app.store.commune.transaction((tx) => tx.putPlanTasks(2026, [longTask(1)]));
    // The three documents as the app makes them, one after another; then opened in Writer together.
    const short = await app.web.get('/export/appendix.docx?period=q1&year=2026').buffer(true).parse(binary).expect(200);
    // Thirty rows run over several landscape pages; the header row comes again on each.
    await app.store.commune.transaction((tx) => tx.putPlanTasks(2026, Array.from({ length: 30 }, (_, i) => longTask(i + 1))));
    const long = await app.web.get('/export/appendix.docx?period=q1&year=2026').buffer(true).parse(binary).expect(200);
    const report = await app.web.get('/export/report.docx?period=q1&year=2026').buffer(true).parse(binary).expect(200);
    const [one, many, r] = (await openInWriter([
      { bytes: short.body as Buffer, name: 'phu-luc' },
      { bytes: long.body as Buffer, name: 'phu-luc-dai' },
      { bytes: report.body as Buffer, name: 'bao-cao' },
    ])) as [{ pages: number; text: string }, { pages: number; text: string }, { pages: number; text: string }];
    expect(one.pages).toBe(1);
    expect(one.text).toContain('PHỤ LỤC');
    expect(one.text).toContain('Kết quả thực hiện nhiệm vụ công tác tuyên truyền cải cách hành chính xã Lạc Phượng năm 2026');
    expect(one.text).toContain('Đã thực hiện: xây dựng và phát sóng 1 tin bài trên hệ thống truyền thanh xã, với 3 lượt phát.');
    expect(many.pages).toBeGreaterThanOrEqual(3);
    expect(many.text).toContain('Nhiệm vụ số 30:');
    expect(r.pages).toBeGreaterThanOrEqual(1);
    expect(r.text).toContain('BÁO CÁO');
    expect(r.text).toContain('Từ ngày 01/01/2026 đến ngày 31/03/2026 đã xây dựng và phát sóng 1 tin bài trên hệ thống truyền thanh xã, với 3 lượt phát.');
    expect(r.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  }, 300_000);
});
