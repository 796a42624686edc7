/**
 * The budgets a spreadsheet is read within. A file that would need more is refused with the reason
 * (`refusal.ts`), before it costs the server more than these: the reading runs in a worker thread
 * (`sheet-worker.ts`) that these also size and time.
 */
export interface SheetLimits {
  /** Data rows one import may have (`MAX_IMPORT_ROWS`); the checks after reading refuse more. */
  maxRows: number;
  /** Rows read in all, blank or not (a row element of a workbook, a line of a CSV). */
  maxSheetRows: number;
  /** What the parts of a workbook that are read (the sheets read and their relationships, shared strings, styles, workbook) unzip to, in bytes, as the zip's directory declares. */
  maxUnzippedBytes: number;
  /** How many times larger than compressed any part of a zip over `ratioFloorBytes` may unzip. */
  maxRatio: number;
  ratioFloorBytes: number;
  /** Files in a zip. */
  maxZipEntries: number;
  /** Elements open at once in a workbook's XML. */
  maxXmlDepth: number;
  /** Distinct texts of a workbook (its shared strings), and their characters in all. */
  maxSharedStrings: number;
  maxSharedStringChars: number;
  /** Characters of one cell: Excel's own limit. */
  maxCellChars: number;
  /** Columns read at most, whatever the sheet; past its first rows, the widest of them and `columnMargin` more. */
  maxColumns: number;
  columnMargin: number;
  /** Merged ranges, and hyperlinks, of one sheet (Excel itself keeps at most 65,530 hyperlinks a sheet). */
  maxMerges: number;
  maxLinks: number;
  /** Characters of one row: a CSV line (or record, line breaks in quotes included), a workbook row's text. */
  maxRowChars: number;
  /** Wall-clock time the reading may take, in milliseconds, the checking of the rows it hands over included. */
  timeMs: number;
  /** Heap of the reading thread, in megabytes: past it the thread ends, not the server. */
  memoryMb: number;
}

/** Rows read in all for an import of `maxRows` data rows: room for a blank row after every one. */
export const sheetRowsFor = (maxRows: number): number => maxRows * 2 + 1_000;

const MB = 1024 * 1024;

/** The budgets, the defaults where none is given (an import of 200,000 rows, `MAX_IMPORT_ROWS`'s default). */
export function sheetLimits(given: Partial<SheetLimits> = {}): SheetLimits {
  const maxRows = given.maxRows ?? 200_000;
  return {
    maxRows,
    maxSheetRows: sheetRowsFor(maxRows),
    // 200,000 rows of ten columns are 77 MB (shared strings) to 106 MB (inline) of sheet XML.
    maxUnzippedBytes: 512 * MB,
    // Sheets measured here unzip 8 to 12 times (200,000 rows by ExcelJS, a million blank rows); the bombs 325 to 1,015 times.
    maxRatio: 100,
    ratioFloorBytes: MB,
    maxZipEntries: 10_000,
    // A sheet nests 6 or 7 deep (worksheet, sheetData, row, c, is, r, t); extensions a few more.
    maxXmlDepth: 64,
    maxSharedStrings: 1_000_000,
    maxSharedStringChars: 50_000_000,
    maxCellChars: 32_767,
    maxColumns: 512,
    columnMargin: 16,
    // One of each for every row of an import, at most: about 13 MB of ranges, and the links' addresses.
    maxMerges: 200_000,
    maxLinks: 200_000,
    maxRowChars: MB,
    // 200,000 rows read and checked in 5 to 9 s here: a tenth of the budget.
    timeMs: 60_000,
    memoryMb: 256,
    ...given,
  };
}
