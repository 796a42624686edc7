import { describe, expect, it } from 'vitest';
import { attributes, XmlScanner } from '../../src/ingest/xml.js';

/** The events of a document written in the given pieces, text captured inside `t` elements. */
function events(pieces: string[], maxDepth = 64, maxText = 100): string[] {
  const out: string[] = [];
  const scanner: XmlScanner = new XmlScanner(
    {
      open: (name, tag, selfClosing) => {
        out.push(`<${name}${selfClosing ? '/' : ''} ${JSON.stringify(attributes(tag))}`);
        if (name === 't' && !selfClosing) scanner.capture = true;
      },
      close: (name) => {
        out.push(`</${name}`);
        if (name === 't') scanner.capture = false;
      },
      text: (text) => out.push(`"${text}"`),
    },
    maxDepth,
    maxText,
    () => 'quá dài',
  );
  for (const p of pieces) scanner.write(p);
  scanner.end();
  // Text may come in several events; join neighbours.
  return out.reduce<string[]>((acc, e) => (e.startsWith('"') && acc.at(-1)?.startsWith('"') ? [...acc.slice(0, -1), `${acc.at(-1)!.slice(0, -1)}${e.slice(1)}`] : [...acc, e]), []);
}

const DOC = `<?xml version="1.0"?><!-- a comment with <tags> --><x:sst xmlns:x="urn:x" count='2'><si><t a="1 > 0" b='it&apos;s'>Đề &amp; án &#7843;&#x1EA3;<![CDATA[<06> & ]]>xong</t></si><si>không lấy<t/><n:t>bỏ qua</n:t></si></x:sst>`;

describe('the XML scanner', () => {
  it('gives the same events however the text is cut into pieces', () => {
    const whole = events([DOC]);
    expect(whole).toEqual([
      '<sst {"count":"2"}',
      '<si {}',
      `<t {"a":"1 > 0","b":"it's"}`,
      '"Đề & án ảả<06> & xong"',
      '</t',
      '</si',
      '<si {}',
      '<t/ {}',
      '<t {}',
      '"bỏ qua"',
      '</t',
      '</si',
      '</sst',
    ]);
    for (let i = 1; i < DOC.length; i++) expect(events([DOC.slice(0, i), DOC.slice(i)]), `cut at ${i}`).toEqual(whole);
    expect(events([...DOC])).toEqual(whole);
  });

  it('refuses a DTD, before or inside the root, and any entity but XML\'s own', () => {
    expect(() => events(['<!DOCTYPE x [<!ENTITY a "b">]><x/>'])).toThrow('DTD');
    expect(() => events(['<!DOCTYPE x SYSTEM "file:///etc/passwd"><x>&a;</x>'])).toThrow('DTD');
    expect(() => events(['<x><!DOCTYPE x [<!ENTITY a "b">]><t>&a;</t></x>'])).toThrow('DTD');
    expect(() => events(['<t>&nbsp;</t>'])).toThrow('bị hỏng');
    // Text not captured is checked all the same.
    expect(() => events(['<x>&nbsp;</x>'])).toThrow('bị hỏng');
    expect(() => events(['<x a="&nbsp;"/>'])).toThrow('bị hỏng');
    expect(() => events(['<t>a & b</t>'])).toThrow('bị hỏng');
    expect(() => events(['<t>&#x110000;</t>'])).toThrow('bị hỏng');
  });

  it('refuses elements too deep (self-closing ones not counted), text too long and a tag too long', () => {
    expect(() => events(['<a><b><c><d>'], 3)).toThrow('sâu hơn 3 cấp');
    expect(events(['<a><b><c/></b><b><c/></b></a>'], 2)).toHaveLength(8);
    expect(() => events(['<a><b><c></c></b></a>'], 2)).toThrow('sâu hơn 2 cấp');
    expect(() => events([`<t>${'x'.repeat(101)}</t>`])).toThrow('quá dài');
    expect(events([`<x>${'x'.repeat(1_000)}</x>`])).toEqual(['<x {}', '</x']);
    expect(() => events(['<t>', 'x'.repeat(60), 'x'.repeat(60), '</t>'])).toThrow('quá dài');
    // Text, CDATA and comments between two tags count together.
    expect(() => events(['<t>', 'x'.repeat(60), '<![CDATA[', 'y'.repeat(60), ']]></t>'])).toThrow('quá dài');
    expect(() => events(['<t>', 'x'.repeat(60), '<!-- -->', 'y'.repeat(60), '</t>'])).toThrow('quá dài');
    expect(() => events([`<x a="${'x'.repeat(1024 * 1024)}"/>`])).toThrow('bị hỏng');
  });

  it('refuses XML that is not well formed: a tag cut off or left open, closed out of order, two roots', () => {
    expect(() => events(['<a><b c="1"'])).toThrow('bị hỏng');
    expect(() => events(['<a><b></b>'])).toThrow('bị hỏng');
    expect(() => events(['<a><b></a></b>'])).toThrow('bị hỏng');
    expect(() => events(['<a/><a/>'])).toThrow('bị hỏng');
    expect(() => events(['<a>\u0001</a>'])).toThrow('bị hỏng');
  });

  it('decodes the five entities and character references, in text and attributes', () => {
    const refs = '&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; &#65;&#x42;&#x1F600;';
    const decoded = '<a> & "b" \'c\' AB😀';
    expect(events([`<t v="${refs}">${refs}</t>`])).toEqual([`<t ${JSON.stringify({ v: decoded })}`, `"${decoded}"`, '</t']);
  });
});
