import { describe, expect, it } from 'vitest';
import { attributes, decodeEntities, XmlScanner } from '../../src/ingest/xml.js';

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

const DOC = `<?xml version="1.0"?><!-- a comment with <tags> --><x:sst xmlns:x="urn:x" count='2'><si><t a="1 > 0" b='it&apos;s'>Đề &amp; án &#7843;&#x1EA3;<![CDATA[<06> & ]]>xong</t></si><si><t/><n:t>bỏ qua</n:t></si></x:sst>`;

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

  it('refuses a DTD, an unknown entity, elements too deep, text too long and a tag cut off', () => {
    expect(() => events(['<!DOCTYPE x [<!ENTITY a "b">]><x/>'])).toThrow('DTD');
    expect(() => events(['<t>&nbsp;</t>'])).toThrow('bị hỏng');
    expect(() => events(['<t>a & b</t>'])).toThrow('bị hỏng');
    expect(() => events(['<a><b><c><d>'], 3)).toThrow('sâu hơn 3 cấp');
    expect(events(['<a><b><c/></b></a><a><b><c>'], 3)).toHaveLength(8);
    expect(() => events([`<t>${'x'.repeat(101)}</t>`])).toThrow('quá dài');
    expect(() => events(['<t>', 'x'.repeat(60), 'x'.repeat(60), '</t>'])).toThrow('quá dài');
    expect(() => events(['<a><b c="1"'])).toThrow('bị hỏng');
  });

  it('decodes the five entities and character references only', () => {
    expect(decodeEntities('&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; &#65;&#x42;&#x1F600;')).toBe('<a> & "b" \'c\' AB😀');
    expect(() => decodeEntities('&#x110000;')).toThrow();
  });
});
