import path from 'node:path/posix';
import type yauzl from 'yauzl';
import type { SheetLimits } from './limits.js';
import { NotASheetError, refusals } from './refusal.js';
import { attributes, type XmlHandler, XmlScanner } from './xml.js';
import { partText, type Zip } from './zip.js';

/** What a workbook's first sheet needs: its part, its shared strings and which styles are dates. */
export interface WorkbookParts {
  sheet: yauzl.Entry;
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

/** Reads one part of the zip through a handler, within the depth and text budgets. */
export async function readPart(zip: Zip, entry: yauzl.Entry, handler: (scanner: XmlScanner) => XmlHandler, limits: SheetLimits, stop?: () => boolean): Promise<void> {
  let inner: XmlHandler | null = null;
  const proxy: XmlHandler = { open: (n, t, s) => inner!.open(n, t, s), close: (n) => inner!.close(n), text: (t) => inner!.text(t) };
  const scanner = new XmlScanner(proxy, limits.maxXmlDepth, limits.maxCellChars, () => refusals.cell(limits.maxCellChars, null));
  inner = handler(scanner);
  for await (const text of partText(zip, entry)) {
    scanner.write(text);
    if (stop?.()) return;
  }
  scanner.end();
}

/** Relationship targets by id, and by type (the last part of the type's URI), of a part's `.rels`. */
async function relationships(zip: Zip, of: string, limits: SheetLimits): Promise<{ byId: Map<string, string>; byType: Map<string, string> }> {
  const byId = new Map<string, string>();
  const byType = new Map<string, string>();
  const dir = path.dirname(of);
  const entry = zip.entry(path.join(dir, '_rels', `${path.basename(of)}.rels`));
  if (!entry) return { byId, byType };
  await readPart(zip, entry, () => ({
    open(name, tag) {
      if (name !== 'Relationship') return;
      const a = attributes(tag);
      if (!a.Target || a.TargetMode === 'External') return;
      const target = a.Target.startsWith('/') ? a.Target.slice(1) : path.normalize(path.join(dir, a.Target));
      if (a.Id) byId.set(a.Id, target);
      const type = a.Type?.split('/').pop();
      if (type && !byType.has(type)) byType.set(type, target);
    },
    close() {},
    text() {},
  }), limits);
  return { byId, byType };
}

/** Finds the workbook's first sheet (in the workbook's order), its shared strings and styles. */
export async function workbookParts(zip: Zip, limits: SheetLimits): Promise<WorkbookParts> {
  const root = await relationships(zip, '', limits);
  const workbookName = root.byType.get('officeDocument') ?? 'xl/workbook.xml';
  const workbook = zip.entry(workbookName);
  if (!workbook) throw new NotASheetError(refusals.damaged());
  let date1904 = false;
  let firstSheet: string | null = null;
  await readPart(zip, workbook, () => ({
    open(name, tag) {
      if (name === 'workbookPr') date1904 = /^(1|true)$/.test(attributes(tag).date1904 ?? '');
      else if (name === 'sheet' && firstSheet === null) firstSheet = attributes(tag).id ?? '';
    },
    close() {},
    text() {},
  }), limits, () => firstSheet !== null);
  const rels = await relationships(zip, workbookName, limits);
  const sheetName = (firstSheet !== null && rels.byId.get(firstSheet)) || 'xl/worksheets/sheet1.xml';
  const sheet = zip.entry(sheetName);
  if (!sheet) throw new NotASheetError(refusals.noWorksheet());
  const part = (type: string): yauzl.Entry | undefined => {
    const name = rels.byType.get(type);
    return name ? zip.entry(name) : undefined;
  };
  const parts = { sheet, sharedStrings: part('sharedStrings'), styles: part('styles'), date1904 };
  const unzipped = [workbook, parts.sheet, parts.sharedStrings, parts.styles].reduce((sum, e) => sum + (e?.uncompressedSize ?? 0), 0);
  if (unzipped > limits.maxUnzippedBytes) throw new NotASheetError(refusals.unzipped(limits.maxUnzippedBytes));
  return parts;
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
