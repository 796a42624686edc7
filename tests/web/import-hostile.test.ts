/**
 * Hostile spreadsheets (issue 22, point 5), built here: each is answered 422 with the reason in
 * Vietnamese, through the API's dry run and the import page alike, within the test's time; the
 * process's memory grows by less than 200 MB while it is read (its peak resident size, the reading
 * thread's heap included, which lives in the same process); and the next request is answered.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingThreads } from '../../src/ingest/sheet.js';
import { makeApp } from '../helpers.js';
import { inlineRow, LOG_HEADER, logRow, xlsxOf, type Piece } from '../ingest/workbooks.js';

const MB = 1024 * 1024;
let dir: string;
const files: Record<string, string> = {};

/** The pieces of a million blank rows, each reaching to the last column (XFD), ten thousand at a time. */
function blankRows(count: number): Piece[] {
  const out: Piece[] = [];
  for (let from = 1; from <= count; from += 10_000) {
    let text = '';
    for (let n = from; n < from + 10_000 && n <= count; n++) text += `<row r="${n}" spans="1:16384"><c r="XFD${n}" s="0"/></row>`;
    out.push({ text });
  }
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hostile-'));
  const header = inlineRow(1, LOG_HEADER);
  const built: Record<string, Buffer | string> = {
    // (a) ~45 KB: 15 million elements open inside one another.
    'long-nhau.xlsx': xlsxOf([{ text: header }, { text: '<x>'.repeat(1_000_000), times: 15 }]),
    // (b) one shared string of 20 million characters, used by 3,000 cells.
    'chuoi-dai.xlsx': xlsxOf(
      [{ text: header }, ...Array.from({ length: 3_000 }, (_, i) => ({ text: `<row r="${i + 2}"><c r="A${i + 2}" t="s"><v>0</v></c></row>` }))],
      [{ text: '<si><t>' }, { text: 'Đề án 06 về cải cách hành chính. '.repeat(10_000), times: 61 }, { text: '</t></si>' }],
    ),
    // (c) 150 million shared strings.
    'nhieu-chuoi.xlsx': xlsxOf(header, [{ text: '<si><t/></si>'.repeat(1_000_000), times: 150 }]),
    // (d) a million blank rows, each with a cell in the last column.
    'dong-trong.xlsx': xlsxOf([{ text: header }, ...blankRows(1_000_000)]),
    // (e) a CSV that is one 40 MB line.
    'mot-dong.csv': `Tiêu đề,Ngày,${'x'.repeat(40 * MB)}`,
    // (f) 200,000 rows of a log of 1,000 items, each row with a bad date and a bad channel. (With 200,000
    // distinct titles the check keeps each item once, as it does for a valid file of as many: ~100 MB more.)
    'dong-loi.csv': `${LOG_HEADER.join(',')}\n${Array.from({ length: 200_000 }, (_, i) => `Tin ${i % 1000},31/02/2026,06:00,tivi,Tin,tt-dvsnc,m`).join('\n')}\n`,
    // (g) a DTD with an entity that grows a billion times.
    'dtd.xlsx': xlsxOf([{ text: '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' }, { text: header }, { text: '<row r="2"><c r="A2" t="inlineStr"><is><t>&b;</t></is></c></row>' }]),
  };
  for (const [name, body] of Object.entries(built)) {
    files[name] = path.join(dir, name);
    await writeFile(files[name]!, body);
  }
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Resets the process's peak resident size (Linux), so that VmHWM is the peak from now on; false where it cannot. */
function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

const peakKb = (): number | null => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : null;
};

/** Runs a request and measures how much the process's resident memory grew at its peak meanwhile, in MB. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; grewMb: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const hwm = resetPeak();
  try {
    const value = await fn();
    const kb = hwm ? peakKb() : null;
    peak = Math.max(peak, process.memoryUsage().rss, kb === null ? 0 : kb * 1024);
    return { value, grewMb: (peak - before) / MB };
  } finally {
    clearInterval(sampler);
  }
}

const CASES: [string, string][] = [
  ['long-nhau.xlsx', 'bung ra lớn gấp hơn 100 lần'],
  ['chuoi-dai.xlsx', 'bung ra lớn gấp hơn 100 lần'],
  ['nhieu-chuoi.xlsx', 'bung ra lớn gấp hơn 100 lần'],
  ['dong-trong.xlsx', 'dòng kể cả dòng trống'],
  ['mot-dong.csv', 'Dòng 1 của tệp dài hơn 1.048.576 ký tự'],
  ['dtd.xlsx', 'DTD'],
];

describe('hostile spreadsheets', () => {
  for (const [name, message] of CASES) {
    it(`refuses ${name} with 422 and the reason, in a dry run and on the page, and answers the next request`, async () => {
      const app = await makeApp();
      const dry = await measured(() => request(app.app).post('/api/v1/imports?dryRun=1').set('Authorization', `Bearer ${app.api.token}`).attach('file', files[name]!));
      expect(dry.value.status).toBe(422);
      expect(dry.value.body.errors[0].message).toContain(message);
      expect(dry.grewMb).toBeLessThan(200);
      const page = await measured(() => app.web.agent.post('/imports').field('_csrf', app.web.csrf).attach('file', files[name]!));
      expect(page.value.status).toBe(422);
      expect(page.value.text).toContain(message.replace(/"/g, '&#34;'));
      expect(page.grewMb).toBeLessThan(200);
      await app.api.get('/api/v1/imports').expect(200);
      expect(readingThreads()).toBe(0);
      // A bound for a hang only: a million blank rows read twice took 5–10 s in the whole run, once 15.3 s
      // when the machine was slower. What the test checks is the refusal, the memory and the threads above.
    }, 30_000);
  }

  it('lists a few hundred problems of a file of 200,000 bad rows and counts the rest, in the API and on the page', async () => {
    const app = await makeApp();
    const done = await measured(() => request(app.app).post('/api/v1/imports').set('Authorization', `Bearer ${app.api.token}`).attach('file', files['dong-loi.csv']!));
    expect(done.value.status).toBe(422);
    expect(done.value.body.errors).toHaveLength(500);
    expect(done.value.body.errorsNotListed).toBe(400_000 - 500);
    expect(done.value.body.rows).toBe(200_000);
    expect(JSON.stringify(done.value.body).length).toBeLessThan(200_000);
    expect(done.grewMb).toBeLessThan(200);
    const page = await app.web.agent.post('/imports').field('_csrf', app.web.csrf).attach('file', files['dong-loi.csv']!);
    expect(page.text).toContain('200.000</strong>');
    expect(page.text).toContain(`… và 399.950 lỗi khác`);
    expect(await app.store.stats()).toMatchObject({ entries: 0 });
    await app.api.get('/api/v1/imports').expect(200);
  }, 30_000);

  it('reads a workbook whose rows and cells have no reference (`r`), as Excel does', async () => {
    const app = await makeApp();
    const rows = Array.from({ length: 3 }, (_, i) => inlineRow(0, logRow(i), false)).join('');
    const body = xlsxOf(inlineRow(0, LOG_HEADER, false) + rows);
    const dry = await request(app.app).post('/api/v1/imports?dryRun=1').set('Authorization', `Bearer ${app.api.token}`).attach('file', body, 'khong-r.xlsx').expect(200);
    expect(dry.body).toMatchObject({ rows: 3, entries: 3, errors: [], headerRow: 1 });
  });

  it('stops reading a file when its client leaves before the answer', async () => {
    const app = await makeApp();
    const lines = [LOG_HEADER.join(',')];
    for (let i = 0; i < 200_000; i++) lines.push(logRow(i).join(','));
    const body = Buffer.from(`${lines.join('\n')}\n`);
    const server = app.app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    try {
      const boundary = 'ranh-gioi-0123456789';
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lon.csv"\r\nContent-Type: text/csv\r\n\r\n`);
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const req = http.request({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', method: 'POST', path: '/api/v1/imports?dryRun=1', headers: { Authorization: `Bearer ${app.api.token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': head.length + body.length + tail.length } });
      req.on('error', () => {});
      let answered = false;
      req.on('response', () => (answered = true));
      req.end(Buffer.concat([head, body, tail]));
      const start = Date.now();
      while (readingThreads() === 0) {
        if (Date.now() - start > 10_000) throw new Error('the reading never started');
        await new Promise((r) => setTimeout(r, 10));
      }
      req.destroy();
      const left = Date.now();
      while (readingThreads() > 0) {
        if (Date.now() - left > 2_000) throw new Error('the reading went on after the client left');
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(answered).toBe(false);
      await app.api.get('/api/v1/imports').expect(200);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  }, 30_000);
});
