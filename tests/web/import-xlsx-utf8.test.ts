// The fix must load before ExcelJS does (see src/exceljs-utf8.ts).
import '../../src/exceljs-utf8.js';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { cellText } from '../../src/domain/import-values.js';
import { openSheet } from '../../src/ingest/sheet.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('reading a large .xlsx of Vietnamese text', () => {
  for (const shared of [false, true]) {
    it(`keeps every letter whole across the reader's chunks (${shared ? 'shared' : 'inline'} strings)`, async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'cchc-xlsx-'));
      dirs.push(dir);
      const file = path.join(dir, 'lon.xlsx');
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: shared });
      const ws = wb.addWorksheet('Nhật ký');
      const text = (i: number): string => `Tin bài số ${i} về cải cách hành chính, chuyển đổi số ở phường`;
      for (let i = 0; i < 20_000; i++) ws.addRow([i, text(i), 'Trung tâm Dịch vụ sự nghiệp công']).commit();
      ws.commit();
      await wb.commit();
      const sheet = await openSheet(file);
      let n = 0;
      const wrong: string[] = [];
      for await (const batch of sheet.rows) {
        for (const row of batch) {
          if (cellText(row[1]) !== text(n) || cellText(row[2]) !== 'Trung tâm Dịch vụ sự nghiệp công') wrong.push(`${n}: ${cellText(row[1])}`);
          n++;
        }
      }
      expect(n).toBe(20_000);
      expect(wrong.slice(0, 3)).toEqual([]);
    });
  }
});
