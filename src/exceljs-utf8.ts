import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';

/**
 * ExcelJS 4.4's XML reader decodes each chunk of a zipped part on its own, so a Vietnamese letter whose
 * UTF-8 bytes fall across two chunks comes out as "�" (one in a few hundred rows of a large sheet).
 * This module puts in its place the same reader with a decoder that carries a split letter over to
 * the next chunk. It must be imported before ExcelJS is: `src/render/xlsx.ts` and `src/ingest/sheet.ts`
 * import it first. `tests/web/import-xlsx-utf8.test.ts` fails without it.
 */
const require = createRequire(import.meta.url);
const { SaxesParser } = require('saxes') as { SaxesParser: new () => { on(event: string, fn: (value: unknown) => void): void; write(text: string): void } };

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };

async function* parseSax(iterable: AsyncIterable<Buffer | string> & { pipe?: unknown }): AsyncGenerator<SaxEvent[]> {
  const parser = new SaxesParser();
  const decoder = new StringDecoder('utf8');
  let error: unknown = null;
  let events: SaxEvent[] = [];
  parser.on('error', (err) => {
    error = err;
  });
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.end();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}

const target = require.resolve('exceljs/lib/utils/parse-sax.js');
if (!require.cache[target]) {
  require.cache[target] = { id: target, filename: target, loaded: true, exports: parseSax, children: [], paths: [] } as unknown as NodeJS.Module;
}
