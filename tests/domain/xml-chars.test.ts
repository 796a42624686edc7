/**
 * Characters XML cannot hold (U+FFFE, U+FFFF, C0 controls, lone surrogates): input cleaning drops them
 * (and the other noncharacters), and every workbook and Word document writer drops them as a backstop,
 * so that text stored before the cleaning still makes files that parse.
 */
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { mapHeaders } from '../../src/domain/import-columns.js';
import { cellText, readImportRow, rowContext } from '../../src/domain/import-values.js';
import { buildLogbook } from '../../src/domain/logbook.js';
import { monthPeriod } from '../../src/domain/logbook-period.js';
import type { EntryWithItem } from '../../src/domain/model.js';
import { cleanLine, cleanMultiline, dropNonCharacters, xmlSafe } from '../../src/domain/text.js';
import { readUrl } from '../../src/domain/fields.js';
import { defaultVocabulary } from '../../src/domain/vocabulary.js';
import { cityXlsx } from '../../src/render/city-xlsx.js';
import { decree30Document, docxBuffer, para, ruledTable, runs, table } from '../../src/render/docx-layout.js';
import { logbookXlsx } from '../../src/render/logbook-xlsx.js';
import { logbookDocx } from '../../src/render/word.js';
import { writeWorkbook } from '../../src/render/xlsx.js';
import { unzip } from '../zip.js';

// saxes is ExcelJS's own XML parser (strict: it refuses a character XML 1.0 forbids).
const require = createRequire(import.meta.url);
const { SaxesParser } = require('saxes') as { SaxesParser: new () => { on(event: 'error', fn: (err: Error) => void): void; write(text: string): { close(): void } } };

/** Every noncharacter-ish thing a request or a file could carry, around readable text. */
const DIRTY = 'Tin\uFFFE bài\uFFFF số\uD800 1\uDC00 có\u0001 ký\u0008 tự\u000B lạ\uFDD0\u{1FFFE}\u{10FFFF}';
const CLEAN_LINE = 'Tin bài số 1 có  ký  tự  lạ';

/** Parses every XML part of an Office file strictly, bytes as strict UTF-8; returns the parts' text. */
async function parseOfficeFile(bytes: Buffer): Promise<string> {
  const files = await unzip(bytes);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  for (const [name, body] of files) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const xml = decoder.decode(body);
    const parser = new SaxesParser();
    const errors: string[] = [];
    parser.on('error', (err) => errors.push(`${name}: ${err.message}`));
    parser.write(xml).close();
    expect(errors).toEqual([]);
    text += xml;
  }
  return text;
}

async function collect(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

describe('input cleaning', () => {
  it.each([
    { name: 'U+FFFE', input: 'a\uFFFEb', expected: 'ab' },
    { name: 'U+FFFF', input: 'a\uFFFFb', expected: 'ab' },
    { name: 'a noncharacter of U+FDD0–U+FDEF', input: 'a\uFDD0b\uFDEFc', expected: 'abc' },
    { name: 'the last two code points of another plane', input: 'a\u{1FFFE}b\u{10FFFF}c', expected: 'abc' },
    { name: 'a lone high surrogate', input: 'a\uD800b', expected: 'ab' },
    { name: 'a lone low surrogate', input: 'a\uDC00b', expected: 'ab' },
    { name: 'a surrogate at the end', input: 'ab\uD83D', expected: 'ab' },
  ])('drops $name from a line and from a multi-line text', ({ input, expected }) => {
    expect(cleanLine(input)).toBe(expected);
    expect(cleanMultiline(input)).toBe(expected);
    expect(dropNonCharacters(input)).toBe(expected);
  });

  it('keeps Vietnamese, emoji (a surrogate pair) and the private use area', () => {
    const text = 'Cải cách hành chính 😀 \uE000 \uFFFD';
    expect(cleanLine(text)).toBe(text);
    expect(cleanMultiline(`${text}\n${text}`)).toBe(`${text}\n${text}`);
  });

  it('cleans a whole dirty line to readable text', () => {
    expect(cleanLine(DIRTY)).toBe(CLEAN_LINE);
    expect(cleanMultiline(`${DIRTY}\r\n${DIRTY}`)).toBe('Tin bài số 1 có ký tự lạ\nTin bài số 1 có ký tự lạ');
  });

  it('drops noncharacters from a link and refuses control characters in it', () => {
    const errors: Record<string, string> = {};
    expect(readUrl({ url: 'https://ubnd.gov.vn/tin\uFFFE-1' }, 'url', errors, 'Link')).toBe('https://ubnd.gov.vn/tin-1');
    expect(errors).toEqual({});
    expect(readUrl({ url: 'https://ubnd.gov.vn/tin\u0001-1' }, 'url', errors, 'Link')).toBeNull();
    expect(errors.url).toContain('phải là địa chỉ web');
  });

  it('drops noncharacters from the text of an imported cell', () => {
    expect(cellText('Tin\uFFFE bài\uD800')).toBe('Tin bài');
    expect(cellText("'=Tin\uFFFF")).toBe('=Tin');
    expect(cellText(12)).toBe('12');
  });

  it('reads an imported row into a clean item and airing', () => {
    const headers = ['Tiêu đề', 'Kênh', 'Ngày', 'Giờ', 'Ghi chú'];
    const ctx = rowContext(defaultVocabulary(), new Date('2026-11-22T03:00:00Z'), { columns: mapHeaders(headers), defaults: { format: 'news', unit: 'tt-dvsnc', topics: ['m'] } }, headers);
    const read = readImportRow([`Tin\uFFFE bài\uFFFF số\uD800 1`, 'Truyền thanh', '05/03/2026', '06:30', 'Phát\uFDD0 lại'], 2, ctx);
    expect(read.ok && read.value.item.title).toBe('Tin bài số 1');
    expect(read.ok && read.value.entry.note).toBe('Phát lại');
  });
});

describe('xmlSafe, the writers\u2019 backstop', () => {
  it('drops exactly what XML 1.0 forbids', () => {
    expect(xmlSafe('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u000Eg\u001Fh')).toBe('abcdefgh');
    expect(xmlSafe('a\uFFFEb\uFFFFc\uD800d\uDFFFe')).toBe('abcde');
    // Tab, line feed and carriage return are characters XML holds; so are U+FDD0 and U+1FFFE.
    expect(xmlSafe('a\tb\nc\rd\uFDD0\u{1FFFE}😀')).toBe('a\tb\nc\rd\uFDD0\u{1FFFE}😀');
  });

  it('returns clean text as it is', () => {
    const text = 'Hướng dẫn nộp hồ sơ trực tuyến';
    expect(xmlSafe(text)).toBe(text);
  });
});

describe('writers given text XML forbids', () => {
  const settings = { communeName: `An${DIRTY}Hải`, communeKind: 'xã' as const };
  const entry = (id: number): EntryWithItem =>
    ({
      id,
      itemId: id,
      channel: 'radio',
      at: `2026-03-0${id}T06:30:00+07:00`,
      playCount: 2,
      durationSeconds: 120,
      url: null,
      views: null,
      interactions: null,
      note: DIRTY,
      recordedBy: `bientap${DIRTY}`,
      recordedAt: '2026-03-01T06:00:00+07:00',
      updatedAt: '2026-03-01T06:00:00+07:00',
      updatedBy: 'bientap',
      deletedAt: null,
      deletedBy: null,
      item: { id, title: `${DIRTY} ${id}`, summary: DIRTY, format: 'news', topics: ['m'], unit: 'tt-dvsnc', author: DIRTY, sourceUrl: null, createdAt: '2026-03-01T06:00:00+07:00', createdBy: 'bientap', updatedAt: '2026-03-01T06:00:00+07:00', updatedBy: 'bientap', deletedAt: null, deletedBy: null },
    }) as EntryWithItem;
  const book = () => buildLogbook(monthPeriod(2026, 3), [entry(1), entry(2)], defaultVocabulary(), new Map([[`bientap${DIRTY}`, `Nguyễn${DIRTY}`]]), '2026-03-31');

  it('the log book in Word parses, with the text cleaned', async () => {
    const xml = await parseOfficeFile(await logbookDocx(book(), settings));
    expect(xml).toContain('Tin bài số 1 có ký tự lạ');
  });

  it('a Word document of paragraphs, runs and a table parses, its title too', async () => {
    const doc = decree30Document({
      title: `Báo cáo ${DIRTY}`,
      landscape: false,
      children: [para(DIRTY), runs([{ text: DIRTY, bold: true }]), table([`Cột ${DIRTY}`], [[DIRTY], [`dòng 1\n${DIRTY}`]], { textWidth: 9000, widths: [1] }), ruledTable({ widths: [4500, 4500], size: 20, headers: [`Cột ${DIRTY}`, 'B'], rows: [{ cells: [{ text: DIRTY, span: 2 }], bold: true }] })],
    });
    const xml = await parseOfficeFile(await docxBuffer(doc));
    expect(xml).toContain('Tin bài số 1 có ký tự lạ');
  });

  it('the log book in Excel parses', async () => {
    const xml = await parseOfficeFile(await logbookXlsx(book(), settings));
    expect(xml).toContain('Tin bài số 1 có ký tự lạ');
  });

  it('the city workbook parses', async () => {
    const figures = { entries: 1, plays: 1, items: 1, airtimeSeconds: 60, views: 0, interactions: 0 };
    const report = { from: '2026-01-01', to: '2026-03-31', totals: figures, communes: [{ code: `an-hai${DIRTY}`, name: `An Hải${DIRTY}`, kind: 'xã', totals: figures, byChannel: {} }] };
    const xml = await parseOfficeFile(await cityXlsx(report, new Map(), `Quý I ${DIRTY}`));
    expect(xml).toContain('An Hải');
  });

  it('a streamed workbook (the log, the report, a summary) parses: sheet name, preface, headers and cells', async () => {
    const bytes = await collect((out) =>
      writeWorkbook(out, [{ name: `Nhật ký${DIRTY}`, preface: [DIRTY], columns: [{ header: `Tiêu đề${DIRTY}`, width: 30 }, { header: 'Số', width: 8 }], rows: [[DIRTY, 1], [`${DIRTY}\n${DIRTY}`, 2]] }]),
    );
    const xml = await parseOfficeFile(bytes);
    expect(xml).toContain('Tin bài số 1 có ký tự lạ');
  });
});
