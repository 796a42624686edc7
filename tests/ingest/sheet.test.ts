import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SheetCell } from '../../src/domain/import-values.js';
import { openSheet } from '../../src/ingest/sheet.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sheet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileOf(name: string, body: string | Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, body);
  return file;
}

async function allRows(file: string): Promise<SheetCell[][]> {
  const rows: SheetCell[][] = [];
  for await (const batch of (await openSheet(file)).rows) rows.push(...batch);
  return rows;
}

describe('reading a CSV file', () => {
  it('keeps a quoted field whole across the reader chunks: separators, quotes and line breaks inside it', async () => {
    // The long first field pushes the quoted one over the 64 KB chunk edge.
    const long = 'x'.repeat(65_530);
    const quoted = 'Tin "Đề án 06", phát lại;\r\nlần 2';
    const body = `\uFEFFTiêu đề,Ngày\r\n${long},1\r\n"${quoted.replace(/"/g, '""')}",20/11/2026\r\nTin thường,21/11/2026\r\n`;
    const rows = await allRows(await fileOf('edge.csv', body));
    expect(rows.slice(0, 2)).toEqual([
      ['Tiêu đề', 'Ngày'],
      [long, '1'],
    ]);
    expect(rows[2]).toEqual([quoted, '20/11/2026']);
    expect(rows[3]).toEqual(['Tin thường', '21/11/2026']);
    expect(rows.slice(4).every((r) => r.every((c) => c === ''))).toBe(true);
  });

  it('hands every row over, in order, when the reader is much slower than the parser', async () => {
    const count = 40_000;
    const lines = ['Tiêu đề;Ngày'];
    for (let i = 0; i < count; i++) lines.push(`Tin số ${i};20/11/2026`);
    const sheet = await openSheet(await fileOf('many.csv', `${lines.join('\n')}\n`));
    const seen: string[] = [];
    for await (const batch of sheet.rows) {
      // A slow reader: the file is paused while batches wait.
      await new Promise((r) => setTimeout(r, 1));
      for (const row of batch) if (row[0]) seen.push(String(row[0]));
    }
    expect(seen.length).toBe(count + 1);
    expect(seen[1]).toBe('Tin số 0');
    expect(seen.at(-1)).toBe(`Tin số ${count - 1}`);
    expect(new Set(seen).size).toBe(count + 1);
  });

  it('stops reading when the reader stops early, and can read the file again', async () => {
    const lines = ['Tiêu đề,Ngày'];
    for (let i = 0; i < 30_000; i++) lines.push(`Tin ${i},20/11/2026`);
    const file = await fileOf('stop.csv', lines.join('\n'));
    for await (const batch of (await openSheet(file)).rows) {
      expect(batch[0]).toEqual(['Tiêu đề', 'Ngày']);
      break;
    }
    expect((await allRows(file)).length).toBe(30_001);
  });

  it('reads UTF-16 with tabs and Windows-1258 with tone marks apart, in composed form', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Tiêu đề\tNgày\r\nHướng dẫn\t20/11/2026\r\n', 'utf16le')]);
    expect((await allRows(await fileOf('u16.txt', utf16))).slice(0, 2)).toEqual([
      ['Tiêu đề', 'Ngày'],
      ['Hướng dẫn', '20/11/2026'],
    ]);
    // "Hướng dẫn" in Windows-1258: ơ and â whole, the acute and the tilde apart.
    const cp1258 = iconv.encode('Tiêu đề;Ngày\r\nHươ\u0301ng dâ\u0303n;20/11/2026\r\n', 'windows-1258');
    const rows = await allRows(await fileOf('cp.csv', cp1258));
    expect(rows[1]![0]).toBe('Hướng dẫn'.normalize('NFC'));
  });
});
