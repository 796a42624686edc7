import { createReadStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { open } from 'node:fs/promises';
import type { Row } from 'exceljs';
import type { SheetCell } from '../domain/import-values.js';
import { loadExcelJS } from '../exceljs.js';
import { type CsvEncoding, decode, decoderStream, detectEncoding, ENCODING_LABELS } from './encoding.js';

/** A spreadsheet being read: its kind, how its text was decoded, and its rows one at a time. */
export interface Sheet {
  kind: 'csv' | 'xlsx';
  /** For a CSV: the encoding and separator used, in Vietnamese. */
  description: string;
  /** The rows, a batch at a time (a few hundred rows per step rather than one promise per row). */
  rows: AsyncIterable<SheetCell[][]>;
}

/** Rows handed on together. */
const BATCH_ROWS = 256;

/** A file that is not a spreadsheet the app reads, with the reason in Vietnamese. */
export class NotASheetError extends Error {}

/** Why a file could not be read as a sheet, in Vietnamese; null for a failure that is not the file's. */
export function sheetFailure(err: unknown): string | null {
  if (err instanceof NotASheetError) return err.message;
  // A damaged .xlsx (a ZIP that is not a workbook) fails inside the reader.
  if (err instanceof Error && /FILE_ENDED|zip|end of central directory|invalid signature|not a workbook|corrupt/i.test(err.message)) return 'Tệp .xlsx bị hỏng hoặc không phải bảng tính Excel.';
  return null;
}

async function head(file: string, n: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const SEPARATORS = [',', ';', '\t'] as const;

/** The separator that splits the first lines into the same, largest number of fields (quotes respected). */
export function detectSeparator(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim()).slice(0, 20);
  let best: string = ',';
  let bestScore = -1;
  for (const sep of SEPARATORS) {
    const counts = lines.map((line) => {
      let n = 0;
      let quoted = false;
      for (const ch of line) {
        if (ch === '"') quoted = !quoted;
        else if (ch === sep && !quoted) n++;
      }
      return n;
    });
    const max = Math.max(0, ...counts);
    const score = max === 0 ? 0 : counts.filter((c) => c === max).length * 1000 + max;
    if (score > bestScore) [best, bestScore] = [sep, score];
  }
  return best;
}

/**
 * A string that no longer points into the text it was cut from. The readers' strings are slices of
 * their large chunks of text (the XML of a sheet, 64 KB of a CSV), and V8 keeps a whole chunk alive
 * for as long as any slice of it is kept: a few titles kept per chunk held the whole file in memory.
 */
const own = (s: string): string => (s.length > 12 ? (s + ' ').slice(0, -1) : s);

/** The value of an Excel cell as text, number or date: formulas as their results, never as formulas. */
function excelValue(v: unknown): SheetCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return own(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: unknown; formula?: unknown; sharedFormula?: unknown };
    if ('formula' in o || 'sharedFormula' in o) return excelValue(o.result);
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('text' in o) return excelValue(o.text);
    if ('error' in o) return null;
  }
  return null;
}

async function* xlsxRows(file: string): AsyncIterable<SheetCell[][]> {
  const ExcelJS = await loadExcelJS();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'emit' });
  for await (const sheet of reader) {
    let batch: SheetCell[][] = [];
    for await (const row of sheet as AsyncIterable<Row>) {
      const values = row.values as unknown[];
      const cells: SheetCell[] = [];
      for (let i = 1; i < values.length; i++) cells.push(excelValue(values[i]));
      // Rows the reader skips (empty ones) keep their numbers.
      batch.push(Object.assign(cells, { rowNumber: row.number }));
      if (batch.length === BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
    // Only the first worksheet is read.
    break;
  }
}

// Text with combining marks is put in composed form: Windows-1258 and some Mac files write tone marks apart.
const composed = (cell: string): string => (/[\u0300-\u036f]/.test(cell) ? cell.normalize('NFC') : cell);

/** Batches of rows parsed ahead of the reader before the file is paused. */
const BATCHES_AHEAD = 8;

/**
 * A CSV's rows, read from the file as a stream: memory stays flat however long the file. PapaParse
 * parses each chunk of text as it arrives (quotes and line breaks inside quotes across chunks included);
 * the file is paused while the reader is behind. Malformed quotes are read leniently, as Excel does.
 */
async function* csvRows(file: string, encoding: CsvEncoding, bom: number, delimiter: string): AsyncIterable<SheetCell[][]> {
  const { default: Papa } = await import('papaparse');
  const bytes = createReadStream(file, { start: bom, highWaterMark: 64 * 1024 });
  const text: Readable = encoding === 'utf-8' ? bytes.setEncoding('utf8') : bytes.pipe(decoderStream(encoding) as unknown as Writable & Readable);
  const ready: string[][][] = [];
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const woken = (): void => {
    wake?.();
    wake = null;
  };
  bytes.on('error', (err) => {
    failure = err;
    woken();
  });
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    chunk: (results) => {
      if (results.data.length) ready.push(results.data);
      if (ready.length >= BATCHES_AHEAD) text.pause();
      woken();
    },
    complete: () => {
      ended = true;
      woken();
    },
    error: (err: Error) => {
      failure = err;
      woken();
    },
  });
  try {
    for (;;) {
      if (failure) throw failure;
      const batch = ready.shift();
      if (batch) {
        if (ready.length < BATCHES_AHEAD / 2 && text.isPaused()) text.resume();
        for (const cells of batch) for (let i = 0; i < cells.length; i++) cells[i] = composed(own(cells[i]!));
        yield batch;
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (!ended) bytes.destroy();
  }
}

/**
 * Opens an uploaded file as a sheet: XLSX by its ZIP signature, CSV otherwise (encoding and separator
 * detected, or the encoding given). Old .xls files, other ZIPs and binary files are refused.
 */
export async function openSheet(file: string, encoding?: CsvEncoding): Promise<Sheet> {
  const start = await head(file, 8);
  if (start.length === 0) throw new NotASheetError('Tệp trống.');
  if (start[0] === 0xd0 && start[1] === 0xcf && start[2] === 0x11 && start[3] === 0xe0) {
    throw new NotASheetError('Tệp .xls (Excel 97–2003) chưa đọc được: mở tệp bằng Excel, chọn "Lưu thành" .xlsx rồi nhập lại.');
  }
  if (start[0] === 0x50 && start[1] === 0x4b) {
    return { kind: 'xlsx', description: 'Excel (.xlsx), trang tính đầu tiên', rows: xlsxRows(file) };
  }
  const bytes = await head(file, 65_536);
  const found = detectEncoding(bytes);
  const used = encoding ?? found.encoding;
  const bom = used === found.encoding ? found.bom : 0;
  // A text file has no NUL characters, nor many control characters.
  const sample = decode(bytes, used, bom).slice(0, 4000);
  if (/\u0000/.test(sample) || (sample.match(/[\u0001-\u0008\u000e-\u001f]/g)?.length ?? 0) > 8) {
    throw new NotASheetError('Tệp không phải bảng tính Excel (.xlsx) hay CSV.');
  }
  const delimiter = detectSeparator(sample);
  const sepName = delimiter === ',' ? 'dấu phẩy' : delimiter === ';' ? 'dấu chấm phẩy' : 'dấu tab';
  return { kind: 'csv', description: `CSV, bảng mã ${ENCODING_LABELS[used]}, phân cách bằng ${sepName}`, rows: csvRows(file, used, bom, delimiter) };
}
