import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { NewEntryDraft } from '../../src/domain/validation.js';
import { makeApp, type TestApp } from '../helpers.js';

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

const CHANNELS = ['radio', 'radio', 'portal', 'fanpage', 'zalo-oa', 'banner', 'meeting', 'press'];
const FORMATS = ['news', 'article', 'report', 'section', 'audio', 'video', 'infographic'];
const TOPICS = ['a', 'b', 'c', 'd', 'dd', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n'];
const UNITS = ['tt-dvsnc', 'vp-hdnd-ubnd', 'tt-phcc', 'vh-xh'];
const TITLES = ['Hướng dẫn nộp hồ sơ trực tuyến', '=Thanh toán "không" dùng tiền mặt', 'Chuyển đổi số, chính quyền số', '- Đề án 06; cấp căn cước', 'Tin CCHC tuần'];

/** A random year of log: items aired again and again, many topics, lengths, views, a deleted entry. */
async function randomLog(app: TestApp, seed: number): Promise<void> {
  const rnd = random(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const items: number[] = [];
  for (let i = 0; i < 260; i++) {
    const channel = pick(CHANNELS);
    const online = ['portal', 'fanpage', 'zalo-oa'].includes(channel);
    const single = online || channel === 'press';
    const month = 1 + Math.floor(rnd() * 11);
    const day = 1 + Math.floor(rnd() * (month === 11 ? 20 : 28));
    const at = `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${String(Math.floor(rnd() * 24)).padStart(2, '0')}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}:00+07:00`;
    const entry: NewEntryDraft['entry'] = {
      channel,
      at,
      playCount: single ? 1 : 1 + Math.floor(rnd() * 4),
      durationSeconds: channel === 'radio' || rnd() < 0.2 ? 30 + Math.floor(rnd() * 600) : null,
      url: online ? `https://anhai.haiphong.gov.vn/bai/${i}` : null,
      views: online && rnd() < 0.7 ? Math.floor(rnd() * 5000) : null,
      interactions: online && rnd() < 0.4 ? Math.floor(rnd() * 300) : null,
      note: rnd() < 0.1 ? '- phát bù, ghi chú có dấu phẩy, chấm phẩy;' : '',
    };
    if (items.length && rnd() < 0.45) {
      await app.store.addEntry({ item: { existingId: pick(items) }, entry }, 'bientap');
      continue;
    }
    const topics = [...new Set([pick(TOPICS), pick(TOPICS), rnd() < 0.3 ? 'g' : pick(TOPICS)])];
    const made = await app.store.addEntry(
      { item: { fields: { title: `${pick(TITLES)} ${i % 7 === 0 ? '' : i}`.trim(), summary: rnd() < 0.3 ? 'Tóm tắt, có "ngoặc kép"\nvà xuống dòng' : '', format: pick(FORMATS), topics, unit: pick(UNITS), author: rnd() < 0.2 ? 'Đài TT' : '', sourceUrl: null } }, entry },
      'bientap',
    );
    items.push(made.item.id);
  }
  await app.store.deleteEntry(5, 'bientap');
}

const PERIODS = ['period=q1&year=2026', 'period=q2&year=2026', 'period=q3&year=2026', 'period=q4&year=2026', 'period=year&year=2026', 'from=2026-03-01&to=2026-03-31', 'from=2026-02-15&to=2026-07-31'];

async function reports(app: TestApp): Promise<unknown[]> {
  return Promise.all(PERIODS.map(async (p) => (await app.api.get(`/api/v1/report?${p}`).expect(200)).body));
}

describe('export from one install, import into another', () => {
  for (const kind of ['csv', 'xlsx'] as const) {
    it(`gives every report figure back the same through ${kind.toUpperCase()}`, async () => {
      const source = await makeApp();
      await randomLog(source, kind === 'csv' ? 7 : 8);
      const exported = await request(source.app).get(`/export/entries.${kind}`).set('Authorization', `Bearer ${source.api.token}`).buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      }).expect(200);
      const target = await makeApp();
      const res = await request(target.app).post('/api/v1/imports').set('Authorization', `Bearer ${target.api.token}`).attach('file', exported.body as Buffer, `nhat-ky.${kind}`);
      expect(res.body.errors).toEqual([]);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ rows: 259, entries: 259, duplicates: 0 });
      expect(await reports(target)).toEqual(await reports(source));
      // Again: nothing more.
      const again = await request(target.app).post('/api/v1/imports').set('Authorization', `Bearer ${target.api.token}`).attach('file', exported.body as Buffer, `nhat-ky.${kind}`).expect(201);
      expect(again.body).toMatchObject({ entries: 0, duplicates: 259 });
      expect(await reports(target)).toEqual(await reports(source));
    });
  }
});
