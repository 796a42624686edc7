import { mkdtemp } from 'node:fs/promises';
import os from 'node:os'; import path from 'node:path';
import ExcelJS from 'exceljs';
const d = await mkdtemp(path.join(os.tmpdir(), 'g-'));
for (const shared of [false, true]) {
  const file = path.join(d, `x-${shared}.xlsx`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: shared });
  const ws = wb.addWorksheet('a');
  for (let i = 0; i < 20000; i++) ws.addRow([i, `Tin bài số ${i} về cải cách hành chính, chuyển đổi số`, 'Trung tâm Dịch vụ sự nghiệp công']).commit();
  ws.commit(); await wb.commit();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'emit' });
  let bad = 0, n = 0;
  for await (const sheet of reader) { for await (const row of sheet as any) { n++; if (JSON.stringify(row.values).includes('\uFFFD')) bad++; } }
  console.log('shared', shared, 'rows', n, 'bad', bad);
}
