/**
 * The analysis a preview keeps beside its held upload, for the import that follows on whichever
 * process: read back whole and faithfully, or not at all (then the file is read again).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SheetCell } from '../../src/domain/import-values.js';
import { analyseImport, commitImport, type ImportAnalysis } from '../../src/services/imports.js';
import type { CheckedRow } from '../../src/domain/sheet-check.js';
import { AnalysisReader, analysisLines } from '../../src/services/analysis-codec.js';
import { type AnalysisKey, ImportAnalyses } from '../../src/services/import-analyses.js';
import { draft, makeApp, NOW, openStore, type TestStore, tempDataDir } from '../helpers.js';

const HEADER = ['Ngày phát', 'Giờ', 'Tên tin bài', 'Hình thức', 'Số lượt phát', 'Thời lượng', 'Kênh', 'Đơn vị', 'Nội dung tuyên truyền', 'Ghi chú'];
const ROWS: SheetCell[][] = [
  // Already in the log (a duplicate), then a re-air of the log's item, then a new item aired twice.
  ['20/11/2026', '06:30', 'Hướng dẫn nộp hồ sơ trực tuyến', 'Tin', 2, '3:00', 'Truyền thanh', 'TT DVSNC', 'm', ''],
  ['21/11/2026', '06:00', 'Hướng dẫn nộp hồ sơ trực tuyến', 'Tin', 1, '3:00', 'Truyền thanh', 'TT DVSNC', 'm', 'phát lại'],
  ['21/11/2026', '17:30', 'Thanh toán không dùng tiền mặt', 'Bài', 1, '4:30', 'Truyền thanh', 'TT DVSNC', 'm', ''],
  ['21/11/2026', '19:00', 'Thanh toán không dùng tiền mặt', 'Bài', 1, null, 'Truyền thanh', 'TT DVSNC', 'm', ''],
];

async function analysed(store: TestStore, rows = ROWS): Promise<ImportAnalysis> {
  const sheet = {
    description: 'CSV',
    rows: (async function* () {
      yield [HEADER, ...rows];
    })(),
  };
  const result = await analyseImport(store, sheet, { maxRows: 1000 });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

/** A store whose log holds the first row's airing, and a clean analysis of the rows against it. */
async function setUp(): Promise<{ store: TestStore; analysis: ImportAnalysis; folder: string; key: AnalysisKey }> {
  const store = await openStore();
  await store.addEntry(draft(), 'bientap');
  const analysis = await analysed(store);
  expect(analysis.problems).toEqual([]);
  expect(analysis.plan.counts).toMatchObject({ rows: 4, entries: 3, newItems: 1, reairs: 1, duplicates: 1 });
  const folder = path.join(await tempDataDir(), 'import-0123');
  await mkdir(folder);
  return { store, analysis, folder, key: { commune: store.commune.code, sha256: 'ab'.repeat(32), settings: JSON.stringify(await store.settings()), options: null } };
}

const later = (ms: number): Date => new Date(NOW.getTime() + ms);
const FILE = 'analysis.json';

/** The stored lines with `from` replaced by `to`, and a digest made again to match (as a careful forger would). */
function forged(text: string, from: string, to: string): string {
  const lines = text.trimEnd().split('\n').slice(0, -1);
  const body = lines.map((l) => `${l.replace(from, to)}\n`).join('');
  return `${body}${JSON.stringify({ end: createHash('sha256').update(body).digest('hex') })}\n`;
}

describe('the analysis kept beside a held upload', () => {
  it('reads back on another process exactly as it was made, and imports the same', async () => {
    const { store, analysis, folder, key } = await setUp();
    await new ImportAnalyses().keepHeld(folder, key, analysis, NOW);
    expect(await readdir(folder)).toEqual([FILE]);
    const found = await new ImportAnalyses().findHeld(folder, key, NOW);
    expect(found).not.toBe(analysis);
    expect(found).toStrictEqual(analysis);
    // The plan's rows are the checked rows themselves, and rows of one item share it, as when made.
    expect(found!.plan.entries.every((e) => found!.drafts.includes(e))).toBe(true);
    expect(found!.drafts[3]!.item).toBe(found!.drafts[2]!.item);
    const stored = await commitImport(store, found!, { name: 'so.csv', sha256: key.sha256 }, 'bientap');
    expect(stored.ok && stored.value.counts).toEqual(analysis.plan.counts);
  });

  it('serves ten minutes, for the same file, commune, settings and options only', async () => {
    const { analysis, folder, key } = await setUp();
    await new ImportAnalyses().keepHeld(folder, key, analysis, NOW);
    const other = new ImportAnalyses();
    expect(await other.findHeld(folder, key, later(10 * 60_000))).not.toBeNull();
    expect(await other.findHeld(folder, key, later(10 * 60_000 + 1))).toBeNull();
    expect(await other.findHeld(folder, { ...key, sha256: 'cd'.repeat(32) }, NOW)).toBeNull();
    expect(await other.findHeld(folder, { ...key, commune: 'an-hai' }, NOW)).toBeNull();
    expect(await other.findHeld(folder, { ...key, settings: `${key.settings} ` }, NOW)).toBeNull();
    expect(await other.findHeld(folder, { ...key, options: { ...analysis.used, mapping: { ...analysis.mapping, defaults: { unit: 'ubnd' } } } }, NOW)).toBeNull();
    // The options it used, sent back from the preview page, are the same analysis.
    expect(await other.findHeld(folder, { ...key, options: structuredClone(analysis.used) }, NOW)).toStrictEqual(analysis);
  });

  it('is ignored when damaged, cut short, or changed after it was written, and the file is read again', async () => {
    const { analysis, folder, key } = await setUp();
    await new ImportAnalyses().keepHeld(folder, key, analysis, NOW);
    const file = path.join(folder, FILE);
    const whole = await readFile(file, 'utf8');
    expect(whole).toContain('"playCount":1');
    const lines = whole.trimEnd().split('\n');
    const variants = {
      empty: '',
      'not JSON': 'PK\u0003\u0004 không phải JSON',
      'cut mid-line': whole.slice(0, whole.length - 30),
      'its last line lost': `${lines.slice(0, -1).join('\n')}\n`,
      'its header alone': `${lines[0]}\n`,
      'a line more': `${whole}["i",{}]\n`,
      'a value changed': whole.replace('"playCount":1', '"playCount":7'),
      // Changed with a matching digest: still refused where it does not fit the analysis.
      'a number as text': forged(whole, '"playCount":1', '"playCount":"1"'),
      'a row pointing at no item': forged(whole, /\["d",(\d+),("[^"]*"),("[^"]*"),0,/.exec(whole)![0], '["d",2,"x","x",9,'),
      'another version': forged(whole, '"v":1', '"v":2'),
    };
    for (const [name, text] of Object.entries(variants)) {
      await writeFile(file, text);
      expect(await new ImportAnalyses().findHeld(folder, key, NOW), name).toBeNull();
    }
    // A well-forged change is taken (the held folder is the app's own): the check above is the digest's and the shape's, not a signature.
    await writeFile(file, forged(whole, '"note":"phát lại"', '"note":"phát lại lần 2"'));
    expect((await new ImportAnalyses().findHeld(folder, key, NOW))!.drafts[1]!.entry.note).toBe('phát lại lần 2');
    await rm(file);
    await mkdir(file);
    expect(await new ImportAnalyses().findHeld(folder, key, NOW)).toBeNull();
  });

  it('keeps nothing of an analysis with problems or too large, and lets the previous one go', async () => {
    const { store, analysis, folder, key } = await setUp();
    const kept = new ImportAnalyses();
    await kept.keepHeld(folder, key, analysis, NOW);
    const bad = await analysed(store, [['21/11/2026', '06:00', '', 'Tin', 1, '3:00', 'Truyền thanh', 'TT DVSNC', 'm', '']]);
    expect(bad.problems.length).toBeGreaterThan(0);
    await kept.keepHeld(folder, key, bad, NOW);
    expect(await readdir(folder)).toEqual([]);
    expect(await kept.findHeld(folder, key, NOW)).toBeNull();
    const small = new ImportAnalyses(2000);
    await small.keepHeld(folder, key, analysis, NOW);
    expect(await readdir(folder)).toEqual([]);
    expect(await small.findHeld(folder, key, NOW)).toBeNull();
    await new ImportAnalyses(20_000).keepHeld(folder, key, analysis, NOW);
    expect(await readdir(folder)).toEqual([FILE]);
  });

  it("takes from memory only the file this process wrote: another process's, or none, is read from disk", async () => {
    const { analysis, folder, key } = await setUp();
    const one = new ImportAnalyses();
    const two = new ImportAnalyses();
    await one.keepHeld(folder, key, analysis, NOW);
    expect(await one.findHeld(folder, key, NOW)).toBe(analysis);
    // The other process analyses the file again (say, after the log changed) and keeps its own.
    const again = { ...structuredClone(analysis), description: 'đọc lại' };
    await two.keepHeld(folder, key, again, NOW);
    expect(await one.findHeld(folder, key, NOW)).toStrictEqual(again);
    // Imported on the other process: forgotten for both.
    await one.keepHeld(folder, key, analysis, NOW);
    await two.forgetHeld(folder);
    expect(await one.findHeld(folder, key, NOW)).toBeNull();
    // Its folder removed with its upload (imported, swept): gone for the process that wrote it too.
    await one.keepHeld(folder, key, analysis, NOW);
    await rm(folder, { recursive: true });
    expect(await one.findHeld(folder, key, NOW)).toBeNull();
    // The API's dry run, kept in the process, never serves a held upload, nor the other way round.
    one.keep(key, analysis, NOW);
    await mkdir(folder);
    expect(await one.findHeld(folder, key, NOW)).toBeNull();
    await one.keepHeld(folder, key, analysis, NOW);
    expect(one.find(key, NOW)).toBeNull();
  });
});

/** A workbook's rows: two sheets, a part of the day for a time, a title linking to its post, a total and a section left out; `bad` adds a row with an unknown channel. */
function workbookRows(bad: boolean): CheckedRow[] {
  const named = (sheet: string, rowNumber: number, cells: SheetCell[], links?: (string | undefined)[]): CheckedRow => Object.assign([...cells] as CheckedRow, { sheet, rowNumber }, links ? { links } : {});
  const header = ['Ngày', 'Buổi', 'Tiêu đề', 'Kênh', 'Hình thức', 'Đơn vị', 'Số lượt phát'];
  return [
    named('Tháng 1', 1, ['SỔ PHÁT THANH NĂM 2026']),
    named('Tháng 1', 2, header),
    named('Tháng 1', 3, ['Tuần 1 (05/01 - 11/01)']),
    named('Tháng 1', 4, ['Thứ Hai', 'Sáng', 'Tin về hộ tịch', 'Cổng TTĐT', 'Tin', 'TT DVSNC', 1], [undefined, undefined, 'https://anhai.haiphong.gov.vn/tin-ho-tich-812345']),
    named('Tháng 1', 5, ['Cộng', null, null, null, null, null, 1]),
    ...(bad ? [named('Tháng 1', 6, ['06/01/2026', 'Chiều', 'Tin lỗi', 'Tivi', 'Tin', 'TT DVSNC', 1])] : []),
    named('Tháng 2', 1, header),
    named('Tháng 2', 2, ['02/02/2026', '06:15', 'Tin về hộ tịch', 'Truyền thanh', 'Tin', 'TT DVSNC', 2]),
  ];
}

async function analysedWorkbook(store: TestStore, bad: boolean): Promise<ImportAnalysis> {
  const result = await analyseImport(store, { description: 'Excel (.xlsx), các trang tính đang hiện', rows: (async function* () { yield workbookRows(bad); })() }, { maxRows: 1000, options: { mapping: null, headerRows: null, sheets: null, partsOfDay: { toi: '19:30' } } });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe("a workbook's analysis kept and read back", () => {
  it('keeps every field: the sheets, each row\'s sheet and part of the day, the rows left out, the parts of the day and their sources', async () => {
    const { key, folder } = await setUp();
    const store = await openStore();
    const analysis = await analysedWorkbook(store, false);
    expect(analysis.drafts.map((d) => [d.sheet, d.row, d.partOfDay, d.entry.at, d.entry.url])).toEqual([
      ['Tháng 1', 4, 'sang', '2026-01-05T06:00:00+07:00', 'https://anhai.haiphong.gov.vn/tin-ho-tich-812345'],
      ['Tháng 2', 2, undefined, '2026-02-02T06:15:00+07:00', null],
    ]);
    expect(analysis.leftOut).toEqual([
      { sheet: 'Tháng 1', row: 3, reason: 'Dòng chia mục (Tuần 1 (05/01 - 11/01))' },
      { sheet: 'Tháng 1', row: 5, reason: 'Dòng tổng cộng' },
    ]);
    expect(analysis).toMatchObject({ partOfDayRows: 1, partsOfDay: { sang: '06:00', toi: '19:30' }, partsOfDaySources: { sang: 'default', toi: 'given' }, used: { sheets: ['Tháng 1', 'Tháng 2'], headerRows: [2] } });
    await new ImportAnalyses().keepHeld(folder, key, analysis, NOW);
    expect(await new ImportAnalyses().findHeld(folder, key, NOW)).toStrictEqual(analysis);
    // A part of the day the app does not know is a damaged analysis.
    const whole = await readFile(path.join(folder, FILE), 'utf8');
    await writeFile(path.join(folder, FILE), forged(whole, ',"sang",""]', ',"dem",""]'));
    expect(await new ImportAnalyses().findHeld(folder, key, NOW)).toBeNull();
  });

  it('writes and reads back an analysis with problems named by sheet, row and cell', async () => {
    const store = await openStore();
    const analysis = await analysedWorkbook(store, true);
    expect(analysis.problems).toEqual([{ sheet: 'Tháng 1', row: 6, column: 'Kênh', cell: 'Tivi', message: 'Kênh không hợp lệ.' }]);
    expect(analysis.plan.counts.errors).toBe(1);
    const reader = new AnalysisReader();
    for (const line of analysisLines(analysis)) reader.add(JSON.parse(line));
    expect(reader.finish()).toStrictEqual(analysis);
  });
});

describe('a preview and its import through the pages', () => {
  const CSV = `${HEADER.join(';')}\n${ROWS.map((r) => r.map((c) => c ?? '').join(';')).join('\n')}\n`;

  async function preview(t: Awaited<ReturnType<typeof makeApp>>): Promise<{ token: string; folder: string }> {
    const res = await t.web.agent.post('/imports').field('_csrf', t.web.csrf).attach('file', Buffer.from(CSV), 'so.csv').expect(200);
    const token = /action="\/imports\/([0-9a-f]{32})"/.exec(res.text)![1]!;
    return { token, folder: path.join(t.store.dataDir, 'tmp', `import-${token}`) };
  }

  /** The notes of the last import's entries, by time. */
  async function importedNotes(t: Awaited<ReturnType<typeof makeApp>>): Promise<string[]> {
    const [listed] = await t.store.commune.imports();
    const record = await t.store.commune.importRecord(listed!.id);
    const entries = await Promise.all(record!.entryIds.map((id) => t.store.entry(id)));
    return entries.sort((a, b) => a!.at.localeCompare(b!.at)).map((e) => e!.note);
  }

  it("keeps the preview's analysis beside the held upload, imports with it, and lets both go", async () => {
    const t = await makeApp();
    await t.store.addEntry(draft(), 'bientap');
    const { token, folder } = await preview(t);
    const names = await readdir(folder);
    expect(names.filter((n) => n !== FILE && n !== 'owner.json')).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/)]);
    expect(names).toContain(FILE);
    // What is kept is what the import uses: another process's analysis written over it (a stamp of its
    // own) is the one imported, rather than this process's in memory or a new reading of the file.
    const text = await readFile(path.join(folder, FILE), 'utf8');
    const stamp = /"stamp":"([0-9a-f]{32})"/.exec(text)![1]!;
    await writeFile(path.join(folder, FILE), forged(forged(text, '"note":"phát lại"', '"note":"theo phân tích đã lưu"'), stamp, 'f'.repeat(32)));
    await t.web.post(`/imports/${token}`, { fileName: 'so.csv', action: 'commit' }).expect(303);
    expect(await importedNotes(t)).toEqual(['theo phân tích đã lưu', '', '']);
    await expect(readdir(folder)).rejects.toThrow();
  });

  it('reads the file again when the kept analysis is damaged, and imports the same', async () => {
    const t = await makeApp();
    await t.store.addEntry(draft(), 'bientap');
    const { token, folder } = await preview(t);
    await writeFile(path.join(folder, FILE), '{"v":1,"stamp":');
    await t.web.post(`/imports/${token}`, { fileName: 'so.csv', action: 'commit' }).expect(303);
    expect(await importedNotes(t)).toEqual(['phát lại', '', '']);
    const [record] = await t.store.commune.imports();
    expect(record!.counts).toMatchObject({ rows: 4, entries: 3, newItems: 1, reairs: 1, duplicates: 1, errors: 0 });
  });
});
