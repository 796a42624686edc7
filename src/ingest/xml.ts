import { NotASheetError, refusals } from './refusal.js';

/** What a part's reader is told as the XML goes by: element names without their namespace prefix. */
export interface XmlHandler {
  /** An element opens; `tag` is the text of its start tag, for `attributes`. */
  open(name: string, tag: string, selfClosing: boolean): void;
  close(name: string): void;
  /** The text since the last tag, entities decoded: only while the scanner's `capture` is on. */
  text(text: string): void;
}

/** A start tag, a comment or a processing instruction longer than this is not a spreadsheet's. */
const MAX_TAG_CHARS = 1024 * 1024;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Text with XML's five entities and character references decoded; a file with any other is refused. */
export function decodeEntities(raw: string): string {
  let amp = raw.indexOf('&');
  if (amp < 0) return raw;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const semi = raw.indexOf(';', amp);
    if (semi < 0 || semi - amp > 12) throw new NotASheetError(refusals.damaged());
    const ref = raw.slice(amp + 1, semi);
    let ch = ENTITIES[ref];
    if (ch === undefined) {
      const code = ref[0] !== '#' ? NaN : ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!(code >= 0 && code <= 0x10ffff)) throw new NotASheetError(refusals.damaged());
      ch = String.fromCodePoint(code);
    }
    out += raw.slice(from, amp) + ch;
    from = semi + 1;
    amp = raw.indexOf('&', from);
  }
  return out + raw.slice(from);
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** The attributes of a start tag by their local names (prefixes dropped), values decoded. */
export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 1;
  const n = tag.length;
  while (i < n && !isSpace(tag.charCodeAt(i)) && tag[i] !== '>' && tag[i] !== '/') i++;
  for (;;) {
    while (i < n && isSpace(tag.charCodeAt(i))) i++;
    const start = i;
    while (i < n && tag[i] !== '=' && !isSpace(tag.charCodeAt(i)) && tag[i] !== '>' && tag[i] !== '/') i++;
    if (i === start) return out;
    const name = tag.slice(start, i);
    while (i < n && isSpace(tag.charCodeAt(i))) i++;
    if (tag[i] !== '=') return out;
    i++;
    while (i < n && isSpace(tag.charCodeAt(i))) i++;
    const quote = tag[i];
    if (quote !== '"' && quote !== "'") return out;
    const end = tag.indexOf(quote, i + 1);
    if (end < 0) return out;
    const colon = name.indexOf(':');
    if (!name.startsWith('xmlns')) out[colon < 0 ? name : name.slice(colon + 1)] = decodeEntities(tag.slice(i + 1, end));
    i = end + 1;
  }
}

/**
 * A streaming XML reader with bounds: elements open at once (`maxDepth`), the length of a tag, and
 * the characters of text captured between two tags (`maxText`). Text is only gathered while `capture`
 * is on, so the text a reader does not want costs nothing. A DTD (`<!DOCTYPE`) is refused, not read:
 * the parts of an Office file never have one (ECMA-376 part 2), and its entities are how XML is made
 * to grow without bound. Lenient otherwise, as the readers need only what they look for: end tags are
 * not matched against start tags.
 */
export class XmlScanner {
  capture = false;
  private rest = '';
  private raw: string[] = [];
  private rawChars = 0;
  private depth = 0;

  constructor(
    private readonly handler: XmlHandler,
    private readonly maxDepth: number,
    private readonly maxText: number,
    private readonly tooLong: () => string,
  ) {}

  /** Reads the next piece of the text. */
  write(chunk: string): void {
    const s = this.rest ? this.rest + chunk : chunk;
    this.rest = '';
    const n = s.length;
    let pos = 0;
    while (pos < n) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        this.keepText(s, pos, n);
        return;
      }
      if (lt > pos) this.keepText(s, pos, lt);
      const end = this.tagEnd(s, lt);
      if (end < 0) {
        if (n - lt > MAX_TAG_CHARS) throw new NotASheetError(refusals.damaged());
        this.rest = s.slice(lt);
        return;
      }
      this.tag(s, lt, end);
      pos = end + 1;
    }
  }

  /** The text is over: a tag cut off at the end is a damaged file. */
  end(): void {
    if (this.rest) throw new NotASheetError(refusals.damaged());
  }

  private keepText(s: string, from: number, to: number): void {
    if (!this.capture) return;
    this.rawChars += to - from;
    // Entities may take up to 10 characters for one letter.
    if (this.rawChars > this.maxText * 10 + 16) throw new NotASheetError(this.tooLong());
    this.raw.push(s.slice(from, to));
  }

  private flushText(): void {
    if (!this.raw.length) return;
    const text = decodeEntities(this.raw.length === 1 ? this.raw[0]! : this.raw.join(''));
    this.raw = [];
    this.rawChars = 0;
    if (text.length > this.maxText) throw new NotASheetError(this.tooLong());
    if (this.capture) this.handler.text(text);
  }

  /** Where the markup that starts at `lt` ends (its last character), or -1 when it is not all here yet. */
  private tagEnd(s: string, lt: number): number {
    const next = s[lt + 1];
    if (next === undefined) return -1;
    if (next === '!') {
      if (s.startsWith('<!--', lt)) return found(s.indexOf('-->', lt + 4), 2);
      if (s.length - lt < 9) return -1;
      if (s.startsWith('<![CDATA[', lt)) return found(s.indexOf(']]>', lt + 9), 2);
      throw new NotASheetError(s.startsWith('<!DOCTYPE', lt) ? refusals.dtd() : refusals.damaged());
    }
    if (next === '?') return found(s.indexOf('?>', lt + 2), 1);
    // A '>' inside a quoted attribute value does not end the tag.
    let quote = '';
    for (let i = lt + 1; i < s.length; i++) {
      const c = s[i];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '>') return i;
      else if (c === '"' || c === "'") quote = c;
    }
    return -1;
  }

  private tag(s: string, lt: number, end: number): void {
    const next = s[lt + 1];
    if (next === '!') {
      // CDATA is text, taken as it is; a comment is nothing.
      if (s[lt + 2] === '[' && this.capture) {
        const text = s.slice(lt + 9, end - 2).replace(/&/g, '&amp;');
        this.keepText(text, 0, text.length);
      }
      return;
    }
    if (next === '?') return;
    this.flushText();
    if (next === '/') {
      this.depth--;
      this.handler.close(localName(s, lt + 2, end));
      return;
    }
    const selfClosing = s[end - 1] === '/';
    if (!selfClosing && ++this.depth > this.maxDepth) throw new NotASheetError(refusals.depth(this.maxDepth));
    this.handler.open(localName(s, lt + 1, end), s.slice(lt, end + 1), selfClosing);
  }
}

const found = (at: number, extra: number): number => (at < 0 ? -1 : at + extra);

/** The name of the element whose tag starts at `from`, without its prefix. */
function localName(s: string, from: number, end: number): string {
  let i = from;
  let colon = -1;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c) || c === 47 /* / */ || c === 62 /* > */) break;
    if (c === 58 /* : */) colon = i;
  }
  return s.slice(colon < 0 ? from : colon + 1, i);
}
