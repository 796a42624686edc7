import { Transform, type TransformCallback } from 'node:stream';
import { stringify } from 'csv-stringify';
import { stringify as stringifyRows } from 'csv-stringify/sync';
import type { Cell } from '../domain/export-rows.js';
import type { CsvSeparator } from '../domain/settings.js';

// csv-stringify set up for Excel on Vietnamese Windows: UTF-8 with BOM, CRLF, line breaks quoted.
// The field separator is the commune's setting: Excel splits on the Windows list separator.
const EXCEL = { bom: true, header: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;

/** A streaming CSV writer for Excel, its fields separated by `separator` (quoting is csv-stringify's). */
export function excelCsv(columns: readonly string[], separator: CsvSeparator = ',') {
  return stringify({ ...EXCEL, delimiter: separator, columns: columns as string[] });
}

/** A small CSV for Excel, all at once (a summary, a manifest). */
export function excelCsvText(columns: readonly string[], rows: readonly Cell[][], separator: CsvSeparator = ','): string {
  return stringifyRows(rows as Cell[][], { ...EXCEL, delimiter: separator, columns: columns as string[] });
}

/**
 * Gathers the stringifier's many small record chunks into ~64 KB writes: one socket write per
 * record would cost more than making the record.
 */
export function batched(size = 64 * 1024): Transform {
  let parts: Buffer[] = [];
  let length = 0;
  return new Transform({
    transform(chunk: Buffer | string, _enc, done: TransformCallback) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      parts.push(buf);
      length += buf.length;
      if (length >= size) {
        this.push(Buffer.concat(parts, length));
        parts = [];
        length = 0;
      }
      done();
    },
    flush(done: TransformCallback) {
      if (length) this.push(Buffer.concat(parts, length));
      done();
    },
  });
}
