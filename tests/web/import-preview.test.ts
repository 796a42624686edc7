/**
 * The preview page as a clerk uses it: it says how it read the file and lets every part of that be
 * changed (defaults first, the header row, the field of each column, the sheets, the parts of the day),
 * never ending in a dead end; the rows with problems can be left out.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as W from '../office-workbooks.js';
import { makeApp, type TestApp } from '../helpers.js';

type Form = Record<string, string | string[]>;

const unescape = (s: string): string => s.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The fields the preview's form would send as it stands (hidden fields, chosen options, ticked boxes, times), as a browser sends them. */
function formOf(html: string): Form {
  const form = /<form method="post" action="\/imports\/[0-9a-f]{32}"[\s\S]*?<\/form>/.exec(html)![0];
  const fields: Form = {};
  const add = (name: string, value: string): void => {
    const had = fields[name];
    fields[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  };
  for (const m of form.matchAll(/<input ([^>]*)>/g)) {
    const attr = (a: string): string | undefined => new RegExp(`(?:^|\\s)${a}="([^"]*)"`).exec(m[1]!)?.[1];
    const name = attr('name');
    if (!name || (attr('type') === 'checkbox' && !/\schecked(\s|$)/.test(m[1]!)) || /\sdisabled(\s|$)/.test(m[1]!)) continue;
    add(name, unescape(attr('value') ?? ''));
  }
  for (const m of form.matchAll(/<select [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const options = [...m[2]!.matchAll(/<option value="([^"]*)"( selected)?/g)];
    const chosen = options.filter((o) => o[2]);
    for (const o of chosen.length ? chosen : options.slice(0, 1)) add(m[1]!, unescape(o[1]!));
  }
  return fields;
}

async function uploaded(app: TestApp, file: Buffer | string, name: string, status = 200): Promise<{ token: string; html: string }> {
  const res = await app.web.agent.post('/imports').field('_csrf', app.web.csrf).attach('file', Buffer.isBuffer(file) ? file : Buffer.from(file), name).expect(status);
  return { token: /action="\/imports\/([0-9a-f]{32})"/.exec(res.text)![1]!, html: res.text };
}

/** The kept analysis with `from` replaced by `to`, its stamp changed and its digest made again, as another process would have written it. */
async function forgeKept(app: TestApp, token: string, from: string, to: string): Promise<void> {
  const file = path.join(app.store.dataDir, 'tmp', `import-${token}`, 'analysis.json');
  const lines = (await readFile(file, 'utf8')).trimEnd().split('\n').slice(0, -1);
  lines[0] = lines[0]!.replace(/"stamp":"[0-9a-f]{32}"/, `"stamp":"${'f'.repeat(32)}"`);
  const body = lines.map((l) => `${l.split(from).join(to)}\n`).join('');
  await writeFile(file, `${body}${JSON.stringify({ end: createHash('sha256').update(body).digest('hex') })}\n`);
}

const glance = (html: string, label: string): string => new RegExp(`<li>${label}<strong>([^<]*)</strong>`).exec(html)?.[1] ?? '';

describe('the import preview', () => {
  it('asks first for the defaults the file lacks, remembers them, and offers them again when a file comes back', async () => {
    const app = await makeApp();
    const file = await W.twoRowHeader();
    const first = await uploaded(app, file, 'so.xlsx');
    expect(first.html).toContain('dòng tiêu đề cột: dòng 5–6');
    // The defaults come before the counts, and say what the file lacks; nothing can be imported yet.
    expect(first.html.indexOf('Khi tệp không có cột')).toBeLessThan(first.html.indexOf('Kết quả kiểm tra'));
    expect(first.html).toContain('Tệp không có cột Kênh: chọn kênh cho mọi dòng.');
    expect(first.html).toContain('Tệp không có cột Đơn vị thực hiện');
    expect(first.html).not.toContain('lượt vào nhật ký</button>');
    expect(glance(first.html, 'Dòng có lỗi')).toBe('0');
    // Each column with its header, field and samples.
    expect(first.html).toContain('Cột 4: Nội dung tin bài');
    expect(first.html).toContain('Ví dụ: Hướng dẫn nộp hồ sơ trực tuyến · Thanh toán không dùng tiền mặt · Hướng dẫn nộp hồ sơ trực tuyến');
    const form: Form = { ...formOf(first.html), 'def.channel': 'radio', 'def.unit': 'tt-dvsnc', action: 'preview' };
    expect(form['field.3']).toBe('title');
    const again = await app.web.post(`/imports/${first.token}`, { ...form, fileName: 'so.xlsx' }).expect(200);
    expect(again.text).toContain('Nhập 4 lượt vào nhật ký');
    expect(await app.store.commune.lastImportMapping()).toMatchObject({ defaults: { channel: 'radio', unit: 'tt-dvsnc' } });
    // Uploaded again: the defaults are offered, and the file imports as it is.
    const back = await uploaded(app, file, 'so.xlsx');
    expect(back.html).toContain('<option value="radio" selected>');
    expect(back.html).toContain('Nhập 4 lượt vào nhật ký');
    const done = await app.web.post(`/imports/${back.token}`, { ...formOf(back.html), fileName: 'so.xlsx', action: 'commit' }).expect(303);
    expect(await app.store.stats()).toMatchObject({ entries: 4 });
    const record = await app.web.get(done.headers.location!).expect(200);
    expect(record.text).toContain('Đã nhập vào nhật ký.');
  });

  it('imports the analysis it showed when the form comes back unchanged, whatever was asked to show it', async () => {
    const app = await makeApp();
    const file = await W.twoRowHeader();
    const first = await uploaded(app, file, 'so.xlsx');
    const shown = await app.web.post(`/imports/${first.token}`, { ...formOf(first.html), 'def.channel': 'radio', 'def.unit': 'tt-dvsnc', fileName: 'so.xlsx', action: 'preview' }).expect(200);
    await forgeKept(app, first.token, 'Lịch tiếp công dân tháng 3', 'Lịch tiếp công dân (theo phân tích đã lưu)');
    await app.web.post(`/imports/${first.token}`, { ...formOf(shown.text), fileName: 'so.xlsx', action: 'commit' }).expect(303);
    const list = (await app.api.get('/api/v1/entries').expect(200)).body.entries as Record<string, Record<string, unknown>>[];
    expect(list[0]!.item!.title).toBe('Lịch tiếp công dân (theo phân tích đã lưu)');
    // Uploaded again with the remembered defaults: the form sent back is the analysis kept at upload.
    const back = await uploaded(app, file, 'so-2.xlsx');
    expect(back.html).toContain('Nhập 1 lượt vào nhật ký');
    await forgeKept(app, back.token, 'Lịch tiếp công dân tháng 3', 'Lịch tiếp công dân (lần 2)');
    await app.web.post(`/imports/${back.token}`, { ...formOf(back.html), fileName: 'so-2.xlsx', action: 'commit' }).expect(303);
    const latest = (await app.api.get('/api/v1/entries').expect(200)).body.entries as Record<string, Record<string, unknown>>[];
    expect(latest.map((e) => e.item!.title)).toContain('Lịch tiếp công dân (lần 2)');
  });

  it('never ends in a dead end: a sheet whose headers it does not know is mapped column by column', async () => {
    const app = await makeApp();
    const csv = 'Cột A,Cột B,Cột C,Cột D\n20/11/2026 06:30,Tin không có tiêu đề chuẩn,2,Truyền thanh\n21/11/2026 06:30,Tin thứ hai,1 lần,Truyền thanh\n';
    const first = await uploaded(app, csv, 'la.csv');
    expect(first.html).toContain('Không tìm thấy dòng tiêu đề cột');
    expect(first.html).toContain('— Bỏ qua cột này —');
    expect(first.html).toContain('Ví dụ: Tin không có tiêu đề chuẩn · Tin thứ hai');
    const form = formOf(first.html);
    const mapped = { ...form, 'field.0': 'at', 'field.1': 'title', 'field.2': 'playCount', 'field.3': 'channel', 'def.format': 'news', 'def.unit': 'tt-dvsnc', fileName: 'la.csv' };
    // Asked to import at once, a change is first shown as read.
    const shown = await app.web.post(`/imports/${first.token}`, { ...mapped, action: 'commit' }).expect(200);
    expect(shown.text).toContain('Nhập 2 lượt vào nhật ký');
    expect(await app.store.stats()).toMatchObject({ entries: 0 });
    // One field for two columns: the first keeps it, and the page says so.
    const twice = await app.web.post(`/imports/${first.token}`, { ...mapped, 'field.3': 'title', action: 'preview' }).expect(422);
    expect(twice.text).toContain('Trường &#34;Tiêu đề&#34; đã chọn cho cột 2: mỗi trường một cột.');
    await app.web.post(`/imports/${first.token}`, { ...formOf(shown.text), fileName: 'la.csv', action: 'commit' }).expect(303);
    const list = (await app.api.get('/api/v1/entries').expect(200)).body.entries as Record<string, unknown>[];
    expect(list.map((e) => [e.at, e.playCount, e.channel])).toEqual([
      ['2026-11-21T06:30:00+07:00', 1, 'radio'],
      ['2026-11-20T06:30:00+07:00', 2, 'radio'],
    ]);
    // The columns chosen by hand are offered for the next file of the same layout.
    const next = await uploaded(app, csv.replace('Tin thứ hai', 'Tin thứ ba'), 'la-2.csv');
    expect(next.html).toContain('Nhập 1 lượt vào nhật ký');
  });

  it('reads from another header row when one is picked, and leaves sheets out when unticked', async () => {
    const app = await makeApp();
    const weeks = await uploaded(app, await W.weekBlocks(), 'tuan.xlsx');
    expect(weeks.html).toContain('Dòng chia mục (Tuần 1 (02/03 - 08/03))');
    expect(weeks.html).toContain('<option value="7">Dòng 7: STT · Ngày · Giờ · Tiêu đề · Lượt phát</option>');
    expect(glance(weeks.html, 'Dòng không nhập')).toBe('5');
    const picked = await app.web.post(`/imports/${weeks.token}`, { ...formOf(weeks.html), headerRow: '7', fileName: 'tuan.xlsx', action: 'preview' });
    expect(picked.text).toContain('dòng tiêu đề cột: dòng 7');
    expect(glance(picked.text, 'Dòng dữ liệu')).toBe('2');
    const months = await uploaded(app, await W.sheetPerMonth(), 'thang.xlsx');
    expect(months.html).toContain('Tháng 2: 2 dòng dữ liệu, tiêu đề dòng 1');
    expect(months.html).toContain('Hướng dẫn: không thấy bảng có cột tiêu đề và ngày');
    expect(glance(months.html, 'Lượt sẽ nhập')).toBe('4');
    const form = formOf(months.html);
    expect(form.sheet).toEqual(['Tháng 1', 'Tháng 2']);
    const january = await app.web.post(`/imports/${months.token}`, { ...form, sheet: ['Tháng 1'], fileName: 'thang.xlsx', action: 'preview' }).expect(200);
    expect(glance(january.text, 'Lượt sẽ nhập')).toBe('2');
    await app.web.post(`/imports/${months.token}`, { ...formOf(january.text), fileName: 'thang.xlsx', action: 'commit' }).expect(303);
    expect(await app.store.stats()).toMatchObject({ entries: 2 });
  });

  it('shows the times the parts of the day take, and where they come from, and takes the ones typed', async () => {
    const app = await makeApp();
    await app.api.post('/api/v1/schedule', { channel: 'radio', start: '06:30', days: '1,2,3,4,5,6,7' }).expect(201);
    await app.store.commune.transaction((tx) => tx.setLastImportMapping({ columns: {}, defaults: { channel: 'radio', format: 'news', unit: 'tt-dvsnc' } }));
    const first = await uploaded(app, await W.partsOfDay(), 'buoi.xlsx');
    expect(first.html).toContain('4 dòng chỉ ghi buổi, không ghi giờ');
    expect(first.html).toMatch(/Sáng <small>\(theo lịch phát sóng\)<\/small><\/label>\s*<input type="time" id="f-part.sang" name="part.sang" value="06:30">/);
    expect(first.html).toMatch(/Chiều <small>\(mặc định\)<\/small>/);
    const bad = await app.web.post(`/imports/${first.token}`, { ...formOf(first.html), 'part.toi': '25:00', fileName: 'buoi.xlsx', action: 'preview' }).expect(422);
    expect(bad.text).toContain('Giờ phải có dạng HH:mm');
    const changed = await app.web.post(`/imports/${first.token}`, { ...formOf(first.html), 'part.chieu': '16:00', fileName: 'buoi.xlsx', action: 'preview' }).expect(200);
    expect(changed.text).toMatch(/Chiều <small>\(đã sửa\)<\/small>/);
    await app.web.post(`/imports/${first.token}`, { ...formOf(changed.text), fileName: 'buoi.xlsx', action: 'commit' }).expect(303);
    const list = (await app.api.get('/api/v1/entries').expect(200)).body.entries as Record<string, unknown>[];
    expect(list.map((e) => e.at)).toEqual(['2026-03-04T19:00:00+07:00', '2026-03-03T06:30:00+07:00', '2026-03-02T16:00:00+07:00', '2026-03-02T06:30:00+07:00']);
  });

  it('lists the rows with problems by sheet and row, and imports the rest when asked, keeping the rows left out', async () => {
    const app = await makeApp();
    await app.store.commune.transaction((tx) => tx.setLastImportMapping({ columns: {}, defaults: { channel: 'radio', format: 'news', unit: 'tt-dvsnc' } }));
    const first = await uploaded(app, await W.impossibleDate(), 'thang-2.xlsx');
    expect(first.html).toContain('<td data-label="Dòng">Tháng 2, dòng 14</td><td data-label="Cột">Ngày</td><td data-label="Ô ghi">30/02/2026</td><td data-label="Lỗi">Ngày 30/02/2026 không có trên lịch.</td>');
    expect(first.html).toContain('Nhập 11 lượt, bỏ 1 dòng lỗi');
    expect(first.html).not.toContain('Nhập 11 lượt vào nhật ký');
    await app.web.post(`/imports/${first.token}`, { ...formOf(first.html), fileName: 'thang-2.xlsx', action: 'commit' }).expect(422);
    const done = await app.web.post(`/imports/${first.token}`, { ...formOf(first.html), fileName: 'thang-2.xlsx', action: 'commit-skip' }).expect(303);
    expect(await app.store.stats()).toMatchObject({ entries: 11 });
    const record = await app.web.get(done.headers.location!).expect(200);
    expect(record.text).toContain('Dòng lỗi đã bỏ');
    expect(record.text).toContain('<td data-label="Dòng">Tháng 2, dòng 14</td><td data-label="Lý do">Ngày: Ngày 30/02/2026 không có trên lịch. (ô ghi: &#34;30/02/2026&#34;)</td>');
  });
});
