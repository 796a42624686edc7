import { open } from 'node:fs/promises';
import { type CsvEncoding, decode, detectEncoding, ENCODING_LABELS } from './encoding.js';
import { type SheetLimits, sheetLimits } from './limits.js';
import { rowsFromThread, sheetsFromThread } from './reader-thread.js';
import { NotASheetError } from './refusal.js';
import type { SheetRow } from './rows.js';
import type { SheetInfo } from './xlsx-parts.js';

export { NotASheetError } from './refusal.js';
export { endWaitingThreads, readingThreads, waitingThreads } from './reader-thread.js';
export type { SheetRow } from './rows.js';
export type { SheetInfo } from './xlsx-parts.js';

/** A spreadsheet being read: its kind, what of it is read, and its rows one at a time. */
export interface Sheet {
  kind: 'csv' | 'xlsx';
  /** In Vietnamese: for a CSV, the encoding and separator used; for a workbook, the sheets read. */
  description: string;
  /**
   * The rows, a batch at a time (a few hundred rows per step rather than one promise per row). A
   * workbook's rows carry their number in the sheet, the sheet's name and their cells' links (`SheetRow`),
   * and a batch holds rows of one sheet only.
   */
  rows: AsyncIterable<SheetRow[]>;
}

/** Why a file could not be read as a sheet, in Vietnamese; null for a failure that is not the file's. */
export function sheetFailure(err: unknown): string | null {
  return err instanceof NotASheetError ? err.message : null;
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

/** How a file is opened: the CSV encoding when it is known, the budgets (defaults for the rest), a cancel signal. */
export interface OpenOptions {
  encoding?: CsvEncoding;
  limits?: Partial<SheetLimits>;
  /** Aborted when the request is gone: the reading stops. */
  signal?: AbortSignal;
  /**
   * The sheets of a workbook to read, a sheet after another in the workbook's order: those named (as
   * `listSheets` gives them; a name the workbook lacks refuses it), every visible one, or all. The first
   * sheet when not given. A CSV is one table whatever this says.
   */
  sheets?: readonly string[] | 'visible' | 'all';
}

/** What a file is, from its first bytes: a workbook, or a CSV; other files are refused. */
async function kindOf(file: string): Promise<'xlsx' | 'csv'> {
  const start = await head(file, 8);
  if (start.length === 0) throw new NotASheetError('Tệp trống.');
  if (start[0] === 0xd0 && start[1] === 0xcf && start[2] === 0x11 && start[3] === 0xe0) {
    throw new NotASheetError('Tệp .xls (Excel 97–2003) chưa đọc được: mở tệp bằng Excel, chọn "Lưu thành" .xlsx rồi nhập lại.');
  }
  return start[0] === 0x50 && start[1] === 0x4b ? 'xlsx' : 'csv';
}

const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

/** What of a workbook is read, in Vietnamese. */
function sheetsRead(sheets: OpenOptions['sheets']): string {
  if (sheets === 'all') return 'tất cả các trang tính';
  if (sheets === 'visible') return 'các trang tính đang hiện';
  return sheets ? `trang tính ${quoted(sheets)}` : 'trang tính đầu tiên';
}

/**
 * The sheets of a workbook as Excel's tabs show them, in order, hidden ones included (`state`), read
 * in a thread within the budgets like the rows; none for a CSV, which is one table. A file that is not
 * a spreadsheet, or a workbook beyond the budgets, is refused (`NotASheetError`).
 */
export async function listSheets(file: string, options: Pick<OpenOptions, 'limits' | 'signal'> = {}): Promise<SheetInfo[]> {
  if ((await kindOf(file)) === 'csv') return [];
  return sheetsFromThread(file, sheetLimits(options.limits), options.signal);
}

/**
 * Opens an uploaded file as a sheet: XLSX by its ZIP signature (its first sheet, or those chosen), CSV
 * otherwise (encoding and separator detected, or the encoding given). Old .xls files, other ZIPs and
 * binary files are refused. The rows are read in a thread of their own within the budgets
 * (`limits.ts`), a workbook's sheets together; a file beyond them is refused (a `NotASheetError` as the
 * rows are read) with the reason.
 */
export async function openSheet(file: string, options: OpenOptions = {}): Promise<Sheet> {
  const limits = sheetLimits(options.limits);
  const { encoding, signal, sheets } = options;
  if ((await kindOf(file)) === 'xlsx') {
    return { kind: 'xlsx', description: `Excel (.xlsx), ${sheetsRead(sheets)}`, rows: rowsFromThread({ kind: 'xlsx', file, sheets: sheets ?? 'first' }, limits, signal) };
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
  return { kind: 'csv', description: `CSV, bảng mã ${ENCODING_LABELS[used]}, phân cách bằng ${sepName}`, rows: rowsFromThread({ kind: 'csv', file, encoding: used, bom, delimiter }, limits, signal) };
}
