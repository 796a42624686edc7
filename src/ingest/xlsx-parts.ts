import path from 'node:path/posix';
import type yauzl from 'yauzl';
import type { SheetLimits } from './limits.js';
import { NotASheetError, refusals } from './refusal.js';
import { attributes, type XmlHandler, XmlScanner } from './xml.js';
import { partText, type Zip } from './zip.js';

/** A worksheet as Excel lists it: the name on its tab, and whether the tab is shown. */
export interface SheetInfo {
  name: string;
  /** A `hidden` tab can be shown again from Excel's menu; a `veryHidden` one only from its macro editor. */
  state: 'visible' | 'hidden' | 'veryHidden';
}

/** A worksheet of the workbook: its tab and its part. */
export interface Worksheet extends SheetInfo {
  /** The part's name in the zip (`xl/worksheets/sheet1.xml`). */
  part: string;
  entry: yauzl.Entry;
}

/** What reading a workbook's sheets needs: its worksheets in the workbook's order, shared strings, styles. */
export interface WorkbookParts {
  workbook: yauzl.Entry;
  sheets: Worksheet[];
  sharedStrings: yauzl.Entry | undefined;
  styles: yauzl.Entry | undefined;
  /** Dates count from 1904 (old Mac workbooks), not from 1900. */
  date1904: boolean;
}

/**
 * A string that no longer points into the text it was cut from. The readers' strings are slices of
 * their large chunks of text, and V8 keeps a whole chunk alive for as long as any slice of it is kept.
 */
export const own = (s: string): string => (s.length > 12 ? (s + ' ').slice(0, -1) : s);

/** Excel's escapes for characters XML cannot hold (`_x000D_` for a carriage return; `_x005F_` for "_"). */
export const unescapeExcel = (s: string): string => (s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s);

/** A scanner within the depth and text budgets. */
export const scannerFor = (handler: XmlHandler, limits: SheetLimits): XmlScanner => new XmlScanner(handler, limits.maxXmlDepth, limits.maxCellChars, () => refusals.cell(limits.maxCellChars, null));

/** Reads one part of the zip through a handler, within the depth and text budgets. */
export async function readPart(zip: Zip, entry: yauzl.Entry, handler: (scanner: XmlScanner) => XmlHandler, limits: SheetLimits, stop?: () => boolean): Promise<void> {
  let inner: XmlHandler | null = null;
  const proxy: XmlHandler = { open: (n, t, s) => inner!.open(n, t, s), close: (n) => inner!.close(n), text: (t) => inner!.text(t) };
  const scanner = scannerFor(proxy, limits);
  inner = handler(scanner);
  for await (const text of partText(zip, entry)) {
    scanner.write(text);
    if (stop?.()) return;
  }
  scanner.end();
}

/** A relationship of a part: its target (a part's name, or for an external one the address as written) and type. */
export interface Relationship {
  target: string;
  /** The last part of the type's URI (`worksheet`, `hyperlink`). */
  type: string;
  external: boolean;
}

/** The `.rels` part of a part, when it has one. */
export const relsOf = (zip: Zip, of: string): yauzl.Entry | undefined => zip.entry(path.join(path.dirname(of), '_rels', `${path.basename(of)}.rels`));

/**
 * The relationships of a part by id, in their order: those `wanted` only when it is given (a sheet's
 * hyperlinks), else at most as many as the zip has files (a workbook's parts).
 */
export async function relationships(zip: Zip, of: string, limits: SheetLimits, wanted?: Set<string>): Promise<Map<string, Relationship>> {
  const byId = new Map<string, Relationship>();
  const dir = path.dirname(of);
  const entry = relsOf(zip, of);
  if (!entry) return byId;
  await readPart(zip, entry, () => ({
    open(name, tag) {
      if (name !== 'Relationship') return;
      const a = attributes(tag);
      if (!a.Id || !a.Target || byId.has(a.Id) || (wanted && !wanted.has(a.Id))) return;
      if (!wanted && byId.size >= limits.maxZipEntries) throw new NotASheetError(refusals.damaged());
      const external = a.TargetMode === 'External';
      const target = external ? a.Target : a.Target.startsWith('/') ? a.Target.slice(1) : path.normalize(path.join(dir, a.Target));
      byId.set(a.Id, { target, type: a.Type?.split('/').pop() ?? '', external });
    },
    close() {},
    text() {},
  }), limits);
  return byId;
}

/** A name Excel allows on a tab is 31 characters long at most. */
const MAX_SHEET_NAME = 255;

/**
 * Finds the workbook's worksheets (in the workbook's order, chart sheets left out), its shared strings
 * and styles. A sheet whose part is missing is left out; a workbook without relationships is read as
 * Excel names its parts (`sheet1.xml`, …).
 */
export async function workbookParts(zip: Zip, limits: SheetLimits): Promise<WorkbookParts> {
  const root = await relationships(zip, '', limits);
  const workbookName = [...root.values()].find((r) => r.type === 'officeDocument' && !r.external)?.target ?? 'xl/workbook.xml';
  const workbook = zip.entry(workbookName);
  if (!workbook) throw new NotASheetError(refusals.damaged());
  if (workbook.uncompressedSize > limits.maxUnzippedBytes) throw new NotASheetError(refusals.unzipped(limits.maxUnzippedBytes));
  let date1904 = false;
  let listed = false;
  const tabs: { name: string; state: SheetInfo['state']; id: string }[] = [];
  await readPart(zip, workbook, () => ({
    open(name, tag) {
      if (name === 'workbookPr') date1904 = /^(1|true)$/.test(attributes(tag).date1904 ?? '');
      else if (name === 'sheet') {
        const a = attributes(tag);
        if (tabs.length >= limits.maxZipEntries || (a.name ?? '').length > MAX_SHEET_NAME) throw new NotASheetError(refusals.damaged());
        tabs.push({ name: a.name ?? '', state: a.state === 'hidden' || a.state === 'veryHidden' ? a.state : 'visible', id: a.id ?? '' });
      }
    },
    close(name) {
      if (name === 'sheets') listed = true;
    },
    text() {},
  }), limits, () => listed);
  const rels = await relationships(zip, workbookName, limits);
  const sheets: Worksheet[] = [];
  tabs.forEach((tab, i) => {
    const rel = rels.get(tab.id);
    if (rel && (rel.external || rel.type !== 'worksheet')) return;
    const part = rel?.target ?? `xl/worksheets/sheet${i + 1}.xml`;
    const entry = zip.entry(part);
    if (entry) sheets.push({ name: tab.name, state: tab.state, part, entry });
  });
  if (!sheets.length && !tabs.length) {
    // A workbook that lists no sheet: its first sheet where Excel puts it, as before.
    const entry = zip.entry('xl/worksheets/sheet1.xml');
    if (entry) sheets.push({ name: '', state: 'visible', part: 'xl/worksheets/sheet1.xml', entry });
  }
  const part = (type: string): yauzl.Entry | undefined => {
    const rel = [...rels.values()].find((r) => r.type === type && !r.external);
    return rel ? zip.entry(rel.target) : undefined;
  };
  return { workbook, sheets, sharedStrings: part('sharedStrings'), styles: part('styles'), date1904 };
}

/** Refuses a workbook whose parts to be read (the workbook, styles, strings, the sheets and their links) unzip to more than the budget. */
export function checkUnzipped(parts: WorkbookParts, sheets: Worksheet[], zip: Zip, limits: SheetLimits): void {
  const entries = [parts.workbook, parts.sharedStrings, parts.styles, ...sheets.flatMap((s) => [s.entry, relsOf(zip, s.part)])];
  const unzipped = entries.reduce((sum, e) => sum + (e?.uncompressedSize ?? 0), 0);
  if (unzipped > limits.maxUnzippedBytes) throw new NotASheetError(refusals.unzipped(limits.maxUnzippedBytes));
}

/** The workbook's distinct texts, within their count and size budgets; phonetic guides left out. */
export async function sharedStrings(zip: Zip, entry: yauzl.Entry | undefined, limits: SheetLimits): Promise<string[]> {
  const strings: string[] = [];
  if (!entry) return strings;
  let chars = 0;
  let current: string | null = null;
  let phonetic = 0;
  await readPart(zip, entry, (scanner) => ({
    open(name, _tag, selfClosing) {
      if (name === 'si') {
        if (strings.length >= limits.maxSharedStrings) throw new NotASheetError(refusals.sharedStrings(limits.maxSharedStrings));
        if (selfClosing) strings.push('');
        else current = '';
      } else if (name === 'rPh' && !selfClosing) phonetic++;
      else if (name === 't' && current !== null && !phonetic) scanner.capture = !selfClosing;
    },
    close(name) {
      if (name === 't') scanner.capture = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si' && current !== null) {
        const text = unescapeExcel(current);
        chars += text.length;
        if (chars > limits.maxSharedStringChars) throw new NotASheetError(refusals.sharedStringChars(limits.maxSharedStringChars));
        strings.push(own(text));
        current = null;
      }
    },
    text(text) {
      current += text;
      if (current!.length > limits.maxCellChars) throw new NotASheetError(refusals.cell(limits.maxCellChars, null));
    },
  }), limits);
  return strings;
}
