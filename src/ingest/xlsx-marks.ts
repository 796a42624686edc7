/**
 * What a sheet says about its cells after its rows: merged ranges (`<mergeCells>`) and hyperlinks
 * (`<hyperlinks>`, their addresses in the sheet's relationships). Both follow `<sheetData>` in the
 * sheet's XML, so a streaming reader meets them last. They are read first, in a pass of their own over
 * the sheet's part (the zip entry is opened twice) that skips the rows unparsed: the XML up to
 * `<sheetData>` and after `</sheetData>` goes through the XML scanner as one document, the rows between
 * are only unzipped and searched for their closing tag. That costs unzipping the part twice, not
 * parsing it twice, and keeps nothing of the rows; the rows are then read in one stream as before.
 * (The closing tag could only appear earlier inside a comment or CDATA, which Excel never writes
 * there; the scanner then sees broken XML and the file is refused as damaged.)
 */
import type { SheetCell } from '../domain/import-values.js';
import type { SheetLimits } from './limits.js';
import { NotASheetError, refusals } from './refusal.js';
import type { SheetRow } from './rows.js';
import { type Relationship, relationships, scannerFor, type Worksheet } from './xlsx-parts.js';
import { attributes, type XmlHandler } from './xml.js';
import { partText, type Zip } from './zip.js';

/** Cells of a sheet: rows from 1 as Excel numbers them, columns from 0. */
export interface Range {
  r1: number;
  r2: number;
  c1: number;
  c2: number;
}

/** A sheet's merged ranges and linked ranges with their web addresses, each by its first row. */
export interface Marks {
  merges: Range[];
  links: (Range & { url: string })[];
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

/** A cell reference (`B7`) as its row and column; null past Excel's last cell. */
function cellAt(ref: string): [number, number] | null {
  const m = CELL.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + ch.charCodeAt(0) - 64;
  const row = Number(m[2]);
  return col <= 16_384 && row >= 1 && row <= 1_048_576 ? [row, col - 1] : null;
}

/** A range (`A2:A4`) or a cell (`B5`); null for anything else. */
export function rangeOf(ref: string | undefined): Range | null {
  const [a, b = a, more] = (ref ?? '').trim().split(':');
  const from = a ? cellAt(a) : null;
  const to = b ? cellAt(b) : null;
  if (!from || !to || more !== undefined) return null;
  return { r1: Math.min(from[0], to[0]), r2: Math.max(from[0], to[0]), c1: Math.min(from[1], to[1]), c2: Math.max(from[1], to[1]) };
}

/** Addresses longer than this are not a post's. */
export const MAX_URL_CHARS = 2_000;

/** A hyperlink's web address: an external http(s) target only, normalised; undefined for any other. */
export function webAddress(rel: Relationship | undefined, location?: string): string | undefined {
  if (!rel?.external || rel.type !== 'hyperlink') return undefined;
  let text = rel.target.trim();
  if (location && !text.includes('#')) text += `#${location}`;
  if (text.length > MAX_URL_CHARS || !/^https?:\/\//i.test(text)) return undefined;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.href.length <= MAX_URL_CHARS ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const OPEN_ROWS = /<((?:[A-Za-z_][\w.-]*:)?)sheetData(?=[\s/>])[^>]*>/;
/** Text kept back while looking for `<sheetData>`, in case it is cut between two pieces. */
const CARRY = 256;

/** Reads a sheet's part through a handler, all but what is inside `<sheetData>`, within the budgets. */
async function readAroundRows(zip: Zip, sheet: Worksheet, handler: XmlHandler, limits: SheetLimits): Promise<void> {
  const scanner = scannerFor(handler, limits);
  let state: 'head' | 'rows' | 'tail' = 'head';
  let closing = '';
  let carry = '';
  for await (const piece of partText(zip, sheet.entry)) {
    let text = carry + piece;
    carry = '';
    if (state === 'head') {
      const m = OPEN_ROWS.exec(text);
      if (!m) {
        const cut = Math.max(0, text.length - CARRY);
        scanner.write(text.slice(0, cut));
        carry = text.slice(cut);
        continue;
      }
      const end = m.index + m[0].length;
      scanner.write(text.slice(0, end));
      text = text.slice(end);
      state = m[0].endsWith('/>') ? 'tail' : 'rows';
      closing = `</${m[1]}sheetData`;
    }
    if (state === 'rows') {
      let at = text.indexOf(closing);
      for (; at >= 0; at = text.indexOf(closing, at + 1)) {
        const next = text.charCodeAt(at + closing.length);
        if (Number.isNaN(next) || next === 62 || next === 32 || next === 9 || next === 10 || next === 13) break;
      }
      if (at < 0 || at + closing.length >= text.length) {
        carry = text.slice(Math.max(0, at >= 0 ? at : text.length - closing.length));
        continue;
      }
      state = 'tail';
      text = text.slice(at);
    }
    scanner.write(text);
  }
  // Rows never closed are a part cut short: the scanner refuses it as damaged.
  if (state === 'head') scanner.write(carry);
  scanner.end();
}

/** The merged ranges and the web links of a sheet, within their budgets. */
export async function sheetMarks(zip: Zip, sheet: Worksheet, limits: SheetLimits): Promise<Marks> {
  const merges: Range[] = [];
  const linked: (Range & { id: string; location: string | undefined })[] = [];
  let inMerges = false;
  let inLinks = false;
  await readAroundRows(zip, sheet, {
    open(name, tag, selfClosing) {
      if (name === 'mergeCells') inMerges = !selfClosing;
      else if (name === 'hyperlinks') inLinks = !selfClosing;
      else if (name === 'mergeCell' && inMerges) {
        if (merges.length >= limits.maxMerges) throw new NotASheetError(refusals.merges(sheet.name, limits.maxMerges));
        const range = rangeOf(attributes(tag).ref);
        if (range) merges.push(range);
      } else if (name === 'hyperlink' && inLinks) {
        // A link to a place in the workbook (`location` alone) is no post's address.
        const a = attributes(tag);
        const range = a.id ? rangeOf(a.ref) : null;
        if (!range) return;
        if (linked.length >= limits.maxLinks) throw new NotASheetError(refusals.links(sheet.name, limits.maxLinks));
        linked.push({ ...range, id: a.id!, location: a.location });
      }
    },
    close(name) {
      if (name === 'mergeCells') inMerges = false;
      else if (name === 'hyperlinks') inLinks = false;
    },
    text() {},
  }, limits);
  const links: Marks['links'] = [];
  if (linked.length) {
    const rels = await relationships(zip, sheet.part, limits, new Set(linked.map((l) => l.id)));
    for (const { id, location, ...range } of linked) {
      const url = webAddress(rels.get(id), location);
      if (url) links.push({ ...range, url });
    }
  }
  const byRow = (a: Range, b: Range): number => a.r1 - b.r1;
  return { merges: merges.sort(byRow), links: links.sort(byRow) };
}

/**
 * The ranges that cover each row, rows taken in increasing order. A range that overlaps one already
 * covering some of its columns is left out (Excel repairs a file whose merges overlap by dropping
 * them), so the ranges of a row never share a column and applying them costs one step per column.
 */
class Sweep<T extends Range> {
  private next = 0;
  private last = 0;
  private active: T[] = [];
  private readonly owner: (T | undefined)[] = [];

  constructor(
    private readonly ranges: readonly T[],
    private readonly columns: number,
  ) {}

  private own(x: T, owner: T | undefined): void {
    for (let c = x.c1, end = Math.min(x.c2, this.columns - 1); c <= end; c++) this.owner[c] = owner;
  }

  private free(x: T): boolean {
    for (let c = x.c1, end = Math.min(x.c2, this.columns - 1); c <= end; c++) if (this.owner[c]) return false;
    return true;
  }

  /** The ranges covering row `r`; null when there are none, or when the row comes out of order. */
  at(r: number): readonly T[] | null {
    if (!this.ranges.length || r <= this.last) return null;
    this.last = r;
    if (this.active.some((x) => x.r2 < r)) {
      this.active = this.active.filter((x) => x.r2 >= r || (this.own(x, undefined), false));
    }
    while (this.next < this.ranges.length && this.ranges[this.next]!.r1 <= r) {
      const x = this.ranges[this.next++]!;
      if (x.r2 < r || x.c1 >= this.columns || !this.free(x)) continue;
      this.own(x, x);
      this.active.push(x);
    }
    return this.active.length ? this.active : null;
  }
}

const filled = (v: SheetCell): boolean => v !== null && v !== undefined && v !== '';

/**
 * Applies a sheet's marks to its rows as they are read: a value merged down several rows is each of
 * those rows' value (in its column); the other cells of a merged range are empty, as Excel shows them;
 * a cell with a value under a link gets the link's address in `row.links` (a value merged down, its link).
 */
export class MarkApplier {
  private readonly merges: Sweep<Range & { value?: SheetCell; link?: string }>;
  private readonly links: Sweep<Range & { url: string }>;

  constructor(marks: Marks, columns: number) {
    this.merges = new Sweep(marks.merges, columns);
    this.links = new Sweep(marks.links, columns);
  }

  /** Applies the marks covering row `r` to its cells (before empty cells at its end are dropped); the characters of text it copied in. */
  apply(row: SheetRow, r: number): number {
    let chars = 0;
    for (const l of this.links.at(r) ?? []) {
      for (let c = l.c1, end = Math.min(l.c2, row.length - 1); c <= end; c++) if (filled(row[c])) (row.links ??= [])[c] = l.url;
    }
    for (const m of this.merges.at(r) ?? []) {
      if (r === m.r1) {
        m.value = row[m.c1] ?? null;
        m.link = row.links?.[m.c1];
      } else if (filled(m.value)) {
        while (row.length < m.c1) row.push(null);
        row[m.c1] = m.value!;
        if (typeof m.value === 'string') chars += m.value.length;
        if (m.link || row.links) (row.links ??= [])[m.c1] = m.link;
      } else if (m.c1 < row.length) {
        row[m.c1] = null;
        if (row.links) row.links[m.c1] = undefined;
      }
      for (let c = m.c1 + 1, end = Math.min(m.c2, row.length - 1); c <= end; c++) {
        row[c] = null;
        if (row.links) row.links[c] = undefined;
      }
    }
    if (row.links?.every((l) => l === undefined)) delete row.links;
    return chars;
  }
}
