/**
 * U+FFFE, U+FFFF and lone surrogates sent in a form or a JSON body are stored without them, so the
 * workbooks and documents made from the log afterwards open.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { formBody, makeApp, signIn } from '../helpers.js';
import { binary, unzip } from '../zip.js';

const require = createRequire(import.meta.url);
const { SaxesParser } = require('saxes') as { SaxesParser: new () => { on(event: 'error', fn: (err: Error) => void): void; write(text: string): { close(): void } } };

/** The XML parts of an Office file that a strict parser refuses (none when the file is sound). */
async function badParts(bytes: Buffer): Promise<string[]> {
  const bad: string[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const [name, body] of await unzip(bytes)) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const parser = new SaxesParser();
    parser.on('error', (err) => bad.push(`${name}: ${err.message}`));
    parser.write(decoder.decode(body)).close();
  }
  return bad;
}

describe('text XML forbids, sent to the app', () => {
  it('is dropped from a title and a note typed in the record form, and the log book and workbook open', async () => {
    const { web, store } = await makeApp();
    const res = await web.post('/entries', formBody({ title: 'Hướng dẫn\uFFFE nộp hồ sơ\uFFFF trực tuyến', note: 'Phát\uFFFF lại\uFDD0' }));
    expect(res.status).toBe(303);
    const entry = (await store.entry(1))!;
    expect((await store.item(entry.itemId))!.title).toBe('Hướng dẫn nộp hồ sơ trực tuyến');
    expect(entry.note).toBe('Phát lại');
    for (const path of ['/export/logbook.docx?month=11/2026', '/export/logbook.xlsx?month=11/2026', '/export/entries.xlsx']) {
      const file = await web.get(path).buffer(true).parse(binary).expect(200);
      expect(await badParts(file.body as Buffer), path).toEqual([]);
    }
  });

  it('is dropped from a JSON body, lone surrogates too', async () => {
    const { api, store } = await makeApp();
    const res = await api.post('/api/v1/entries', { title: 'Tin\uD800 số\uDC00 1\uFFFE', format: 'news', topics: ['m'], unit: 'tt-dvsnc', channel: 'radio', at: '2026-11-20T06:30', playCount: 1, author: 'Đài\uFFFF xã' }).expect(201);
    const item = (await store.item((await store.entry((res.body as { id: number }).id))!.itemId))!;
    expect(item.title).toBe('Tin số 1');
    expect(item.author).toBe('Đài xã');
  });

  it("is dropped from the commune's name in the settings", async () => {
    const { app, store } = await makeApp();
    const admin = await signIn(app, store, 'quantri', 'admin');
    await admin.post('/settings/commune', { communeName: 'An\uFFFE Hải\uFFFF', communeKind: 'phường', deadlineDay: '8' }).expect(303);
    expect((await store.settings()).communeName).toBe('An Hải');
  });
});
