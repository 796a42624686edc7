import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { NotASheetError, refusals } from './refusal.js';

/** A start tag as the parser gives it: its name with any prefix, its attributes; read them with `attributes`. */
export type StartTag = SaxesTagPlain;

/** What a part's reader is told as the XML goes by: element names without their namespace prefix. */
export interface XmlHandler {
  /** An element opens; a self-closing one is not told as closing. */
  open(name: string, tag: StartTag, selfClosing: boolean): void;
  close(name: string): void;
  /** Text, entities decoded, perhaps in several pieces: only while the scanner's `capture` is on. */
  text(text: string): void;
}

/** A start tag longer than this (its name and attributes) is not a spreadsheet's. */
const MAX_TAG_CHARS = 1024 * 1024;

/** The name of an element or attribute without its prefix. */
const local = (name: string): string => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

/** The attributes of a start tag by their local names (prefixes dropped, namespace declarations left out). */
export function attributes(tag: StartTag): Record<string, string> {
  const out: Record<string, string> = {};
  const given = tag.attributes;
  for (const name in given) if (!name.startsWith('xmlns')) out[local(name)] = given[name]!;
  return out;
}

/**
 * A streaming XML reader (saxes, the parser ExcelJS reads with) with bounds: elements open at once
 * (`maxDepth`, self-closing ones not counted), the size of a start tag, and the characters of text
 * between two tags (`maxText`, CDATA included). Text is only asked of saxes while `capture` is on, so
 * the text a reader does not want is not even gathered. Only XML's five entities and character
 * references are known: saxes loads nothing from outside the text and refuses any other entity. A DTD
 * (`<!DOCTYPE`) is refused, not read: the parts of an Office file never have one (ECMA-376 part 2),
 * and its entities are how XML is made to grow without bound. Any other error of XML (a tag cut off,
 * left open or closed out of order, a character XML forbids) is a damaged file.
 *
 * saxes gathers a piece of text (a text node, an attribute's value, a comment, a processing
 * instruction, a DTD, an entity's name) whole before it tells it, so the bounds are checked when it
 * does. Until then what it holds is bounded by the part's unzipped size and ratio, checked from the
 * zip's directory before anything is read (`zip.ts`, `workbookParts`), and by the heap of the reading
 * thread (`resourceLimits`), past which the thread ends, not the server.
 */
export class XmlScanner {
  private readonly parser = new SaxesParser({ xmlns: false });
  private capturing = false;
  private depth = 0;
  /** Characters of text told since the last tag. */
  private textChars = 0;
  private readonly onText: (text: string) => void;

  constructor(handler: XmlHandler, maxDepth: number, maxText: number, tooLong: () => string) {
    const parser = this.parser;
    // saxes sets each handler as a property under a computed name: at the eighth, V8 turns the parser
    // into a dictionary object and saxes reads eight times slower. These six, text included, no more.
    this.onText = (text) => {
      this.textChars += text.length;
      if (this.textChars > maxText) throw new NotASheetError(tooLong());
      handler.text(text);
    };
    // saxes tells a DOCTYPE after the root element opened as an error: refused as a DTD all the same.
    parser.on('error', (err) => {
      throw new NotASheetError(/doctype/i.test(err.message) ? refusals.dtd() : refusals.damaged(), { cause: err });
    });
    parser.on('doctype', () => {
      throw new NotASheetError(refusals.dtd());
    });
    parser.on('opentag', (tag) => {
      this.textChars = 0;
      let chars = tag.name.length;
      for (const name in tag.attributes) chars += name.length + tag.attributes[name]!.length;
      if (chars > MAX_TAG_CHARS) throw new NotASheetError(refusals.damaged());
      if (!tag.isSelfClosing && ++this.depth > maxDepth) throw new NotASheetError(refusals.depth(maxDepth));
      handler.open(local(tag.name), tag, tag.isSelfClosing);
    });
    parser.on('closetag', (tag) => {
      this.textChars = 0;
      if (tag.isSelfClosing) return;
      this.depth--;
      handler.close(local(tag.name));
    });
    // CDATA is text, taken as it is.
    parser.on('cdata', (text) => {
      if (this.capturing) this.onText(text);
    });
  }

  /** Whether text is told to the handler (and gathered at all). */
  get capture(): boolean {
    return this.capturing;
  }

  set capture(on: boolean) {
    if (on === this.capturing) return;
    this.capturing = on;
    if (on) this.parser.on('text', this.onText);
    else this.parser.off('text');
  }

  /** Reads the next piece of the text. */
  write(chunk: string): void {
    this.parser.write(chunk);
  }

  /** The text is over: an element left open, or anything cut off, is a damaged file. */
  end(): void {
    this.parser.close();
  }
}
