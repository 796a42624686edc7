import { createReadStream } from 'node:fs';
import { type Readable, Transform, type TransformCallback, type Writable } from 'node:stream';
import { type CsvEncoding, decoderStream } from './encoding.js';
import type { SheetLimits } from './limits.js';
import { NotASheetError, refusals } from './refusal.js';
import { RowBudget, type SheetRow } from './rows.js';

// Where the guard is in a record: at a field's start, in a plain field, in a quoted field, or just past a
// quote inside a quoted field (the field ends, or the quote was doubled, or it was stray).
const FIELD_START = 0;
const PLAIN = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

/**
 * Passes a CSV's text on unchanged, refusing it once one record (a line, or several when a quoted field
 * holds line breaks) is longer than `max` characters. PapaParse holds an unfinished record whole and
 * parses it again with every chunk that arrives, so one 40 MB line took it 28 s and 1.6 GB. Quotes are
 * followed as PapaParse does: a quote opens a field only at its start, and inside a quoted field a quote
 * followed by a separator or a line break (spaces between allowed) closes it, a doubled quote is a quote,
 * and any other quote is kept as text.
 */
export class RecordGuard extends Transform {
  private state = FIELD_START;
  private chars = 0;
  private line = 1;
  private recordLine = 1;
  private readonly sep: number;

  constructor(
    delimiter: string,
    private readonly max: number,
  ) {
    super({ decodeStrings: false, encoding: 'utf8' });
    this.sep = delimiter.charCodeAt(0);
  }

  override _transform(chunk: string, _enc: BufferEncoding, cb: TransformCallback): void {
    const { sep } = this;
    let { state, chars } = this;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      const newline = c === 10 || c === 13;
      if (c === 10) this.line++;
      if (state === QUOTED) {
        if (c === 34) state = QUOTE_IN_QUOTED;
      } else if (state === QUOTE_IN_QUOTED) {
        state = c === 34 ? QUOTED : c === 32 ? QUOTE_IN_QUOTED : c === sep || newline ? FIELD_START : QUOTED;
      } else if (c === sep) state = FIELD_START;
      else if (!newline) state = state === FIELD_START && c === 34 ? QUOTED : state === FIELD_START ? PLAIN : state;
      if (newline && state !== QUOTED && state !== QUOTE_IN_QUOTED) {
        state = FIELD_START;
        chars = 0;
        this.recordLine = this.line;
        continue;
      }
      if (++chars > this.max) {
        cb(new NotASheetError(refusals.row(this.max, this.recordLine, true)));
        return;
      }
    }
    this.state = state;
    this.chars = chars;
    cb(null, chunk);
  }
}

// Text with combining marks is put in composed form: Windows-1258 and some Mac files write tone marks apart.
const composed = (cell: string): string => (/[\u0300-\u036f]/.test(cell) ? cell.normalize('NFC') : cell);

/** Batches of rows parsed ahead of the reader before the file is paused. */
const BATCHES_AHEAD = 8;

/**
 * A CSV's rows, read from the file as a stream within the budgets: line length, columns and rows. Its
 * cells have no limit of their own (a CSV is not Excel's; the checks refuse a value too long for its
 * field), the line's length bounds them.
 * PapaParse parses each chunk of text as it arrives (quotes and line breaks inside quotes across chunks
 * included); the file is paused while the reader is behind. Malformed quotes are read leniently, as Excel does.
 */
export async function* csvRows(file: string, encoding: CsvEncoding, bom: number, delimiter: string, limits: SheetLimits): AsyncGenerator<SheetRow[]> {
  const { default: Papa } = await import('papaparse');
  const bytes = createReadStream(file, { start: bom, highWaterMark: 64 * 1024 });
  const decoded: Readable = encoding === 'utf-8' ? bytes.setEncoding('utf8') : bytes.pipe(decoderStream(encoding) as unknown as Writable & Readable);
  const text = decoded.pipe(new RecordGuard(delimiter, limits.maxRowChars));
  const budget = new RowBudget(limits);
  const ready: string[][][] = [];
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const woken = (): void => {
    wake?.();
    wake = null;
  };
  const fail = (err: unknown): void => {
    failure ??= err;
    woken();
  };
  bytes.on('error', fail);
  text.on('error', fail);
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
    error: fail,
  });
  try {
    for (;;) {
      if (failure) throw failure;
      const batch = ready.shift();
      if (batch) {
        if (ready.length < BATCHES_AHEAD / 2 && text.isPaused()) text.resume();
        for (const cells of batch) {
          budget.count();
          budget.shape(cells);
          for (let i = 0; i < cells.length; i++) cells[i] = composed(cells[i]!);
        }
        yield batch;
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (!ended) {
      bytes.destroy();
      text.destroy();
    }
  }
}
