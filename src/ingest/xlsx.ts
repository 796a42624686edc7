import type { SheetCell } from '../domain/import-values.js';
import type { SheetChoice } from './job.js';
import type { SheetLimits } from './limits.js';
import { columnName, NotASheetError, refusals } from './refusal.js';
import { Batcher, RowBudget, type SheetBatch, type SheetRow } from './rows.js';
import { MarkApplier, sheetMarks } from './xlsx-marks.js';
import { checkUnzipped, type SheetInfo, sharedStrings, unescapeExcel, type Worksheet, workbookParts } from './xlsx-parts.js';
import { dateStyles, excelDate, isoCellDate } from './xlsx-styles.js';
import { attributes, XmlScanner } from './xml.js';
import { openZip, partText, type Zip } from './zip.js';

/** The 0-based column of a cell reference ("B7" → 1), or -1 when it names none. */
function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length && i < 4; i++) {
    const c = ref.charCodeAt(i) & ~32;
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return i === 0 ? -1 : col - 1;
}

/** What reading any sheet of a workbook needs, read once: its texts, which styles are dates, the budgets. */
interface Book {
  limits: SheetLimits;
  strings: string[];
  dates: boolean[];
  date1904: boolean;
  budget: RowBudget;
}

/**
 * The rows of one sheet, in batches, read from the zip as a stream: its merged ranges and links first
 * (`xlsx-marks.ts`), then its rows one at a time. A row or a cell without its reference (`r`, which
 * Excel writes but other writers may leave out) follows the one before it, as Excel reads it. Cells are
 * values as Excel shows them: text, numbers, booleans, dates for date formats, formulas as their
 * results, merged values in each row they cover; columns past the budget are skipped unread, and
 * reading stops at the end of the rows.
 */
async function* sheetRows(zip: Zip, sheet: Worksheet, book: Book): AsyncGenerator<SheetRow[]> {
  const { limits, strings, dates, date1904, budget } = book;
  const marks = new MarkApplier(await sheetMarks(zip, sheet, limits), limits.maxColumns);
  budget.startSheet();
  const batcher = new Batcher();
  const ready: SheetRow[][] = [];
  let inData = false;
  let done = false;
  let row: SheetRow | null = null;
  let rowChars = 0;
  let lastRow = 0;
  let prevCol = -1;
  let cell: { col: number; t: string; s: number } | null = null;
  let target: 'v' | 't' | null = null;
  let value = '';
  let inline = '';
  let inInline = false;
  let phonetic = 0;
  const where = (): string => `${columnName(cell?.col ?? 0)}${lastRow}`;

  const endCell = (): void => {
    if (!cell || !row) return;
    const { t, col } = cell;
    let v: SheetCell = null;
    if (t === 's') v = strings[parseInt(value, 10)] ?? null;
    else if (t === 'inlineStr') v = unescapeExcel(inline);
    else if (t === 'str') v = unescapeExcel(value);
    else if (t === 'b') v = value.trim() === '' ? null : parseInt(value, 10) !== 0;
    else if (t === 'd') v = isoCellDate(value);
    else if (t !== 'e' && value.trim() !== '') {
      const n = parseFloat(value);
      v = Number.isNaN(n) ? null : dates[cell.s] ? excelDate(n, date1904) : n;
    }
    if (typeof v === 'string') {
      if (v.length > limits.maxCellChars) throw new NotASheetError(refusals.cell(limits.maxCellChars, where()));
      rowChars += v.length;
      if (rowChars > limits.maxRowChars) throw new NotASheetError(refusals.row(limits.maxRowChars, lastRow, false));
    }
    while (row.length < col) row.push(null);
    row[col] = v;
    cell = null;
  };

  const endRow = (): void => {
    if (!row) return;
    // Values merged down count toward the row's text like any other (each row carries its own copy to the reader).
    rowChars += marks.apply(row, lastRow);
    if (rowChars > limits.maxRowChars) throw new NotASheetError(refusals.row(limits.maxRowChars, lastRow, false));
    // Empty cells at the end are not part of the row (as ExcelJS read them: styled or empty text).
    while (row.length && (row[row.length - 1] === null || row[row.length - 1] === '')) row.pop();
    row.rowNumber = lastRow;
    budget.shape(row);
    if (row.links && row.links.length > row.length) row.links.length = row.length;
    if (batcher.add(row, rowChars)) ready.push(batcher.take());
    row = null;
  };

  const scanner: XmlScanner = new XmlScanner(
    {
      open(name, tag, selfClosing) {
        if (name === 'sheetData') inData = !selfClosing;
        else if (name === 'row' && inData) {
          budget.count();
          const r = parseInt(attributes(tag).r ?? '', 10);
          lastRow = r >= 1 ? r : lastRow + 1;
          row = [];
          rowChars = 0;
          prevCol = -1;
          if (selfClosing) endRow();
        } else if (name === 'c' && row) {
          const a = attributes(tag);
          const ref = a.r ? columnOf(a.r) : -1;
          const col = ref >= 0 ? ref : prevCol + 1;
          prevCol = col;
          cell = col < budget.width ? { col, t: a.t ?? 'n', s: a.s ? parseInt(a.s, 10) : 0 } : null;
          value = '';
          inline = '';
          if (selfClosing) endCell();
        } else if (!cell || selfClosing) return;
        else if (name === 'v') {
          target = 'v';
          scanner.capture = true;
        } else if (name === 'is') inInline = true;
        else if (name === 'rPh') phonetic++;
        else if (name === 't' && inInline && !phonetic) {
          target = 't';
          scanner.capture = true;
        }
      },
      close(name) {
        if (name === 'v' || name === 't') {
          target = null;
          scanner.capture = false;
        } else if (name === 'c') endCell();
        else if (name === 'row') endRow();
        else if (name === 'is') inInline = false;
        else if (name === 'rPh') phonetic--;
        else if (name === 'sheetData') done = true;
      },
      text(text) {
        if (target === 'v') value += text;
        else if (target === 't') {
          inline += text;
          if (inline.length > limits.maxCellChars) throw new NotASheetError(refusals.cell(limits.maxCellChars, where()));
        }
      },
    },
    limits.maxXmlDepth,
    limits.maxCellChars,
    () => refusals.cell(limits.maxCellChars, where()),
  );
  for await (const text of partText(zip, sheet.entry)) {
    scanner.write(text);
    while (ready.length) yield ready.shift()!;
    if (done) break;
  }
  if (!done) scanner.end();
  if (batcher.size) yield batcher.take();
}

/** The worksheets to read: the first (in the workbook's order), every visible one, all, or those named (in the workbook's order). */
function chosen(sheets: Worksheet[], choice: SheetChoice): Worksheet[] {
  let out: Worksheet[];
  if (choice === 'first') out = sheets.slice(0, 1);
  else if (choice === 'all') out = sheets;
  else if (choice === 'visible') out = sheets.filter((s) => s.state === 'visible');
  else {
    const names = new Set(choice.map((n) => n.normalize('NFC')));
    out = sheets.filter((s) => names.has(s.name.normalize('NFC')));
    for (const name of names) if (!out.some((s) => s.name.normalize('NFC') === name)) throw new NotASheetError(refusals.noSheet(name));
  }
  if (!out.length) throw new NotASheetError(refusals.noWorksheet());
  return out;
}

/**
 * The rows of a workbook's chosen sheets, a sheet after another, in batches named by their sheet, read
 * from the zip as streams within the budgets: the zip's directory is checked before anything is
 * unzipped, then the workbook (its sheets), styles (which cells are dates) and shared strings are read,
 * then each sheet (`sheetRows`). The rows' budget counts every sheet's rows together.
 */
export async function* xlsxRows(file: string, limits: SheetLimits, choice: SheetChoice = 'first'): AsyncGenerator<SheetBatch> {
  const zip = await openZip(file, limits);
  try {
    const parts = await workbookParts(zip, limits);
    const sheets = chosen(parts.sheets, choice);
    checkUnzipped(parts, sheets, zip, limits);
    const dates = await dateStyles(zip, parts.styles, limits);
    const strings = await sharedStrings(zip, parts.sharedStrings, limits);
    const book: Book = { limits, strings, dates, date1904: parts.date1904, budget: new RowBudget(limits) };
    for (const sheet of sheets) {
      for await (const rows of sheetRows(zip, sheet, book)) yield { sheet: sheet.name, rows };
    }
  } finally {
    zip.close();
  }
}

/** The worksheets of a workbook, as its tabs show them, in order. */
export async function xlsxSheets(file: string, limits: SheetLimits): Promise<SheetInfo[]> {
  const zip = await openZip(file, limits);
  try {
    return (await workbookParts(zip, limits)).sheets.map(({ name, state }) => ({ name, state }));
  } finally {
    zip.close();
  }
}
