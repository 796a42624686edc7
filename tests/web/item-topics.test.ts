/**
 * Topics honestly (issue 24, part 7): items an import left without a topic count as "Chưa phân loại"
 * on both engines, the report and its documents flag them, and the page "Phân loại nội dung" (and its
 * API) sets topics on many of them at once, in one transaction, one audit record per item.
 */
import { describe, expect, it } from 'vitest';
import { toLocalIso } from '../../src/domain/time.js';
import type { NewEntryDraft } from '../../src/domain/validation.js';
import { UNCLASSIFIED } from '../../src/domain/vocabulary.js';
import { apiAs, draft, makeApp, NOW, signIn } from '../helpers.js';
import { binary, docxText, unzip } from '../zip.js';

const Q1 = 'from=2026-01-01&to=2026-03-31';

/**
 * The log, counted by hand (items A, B and D as an import leaves them, without a topic):
 *   A "Tin nhập về dịch vụ công"   no topic  radio   10/03/2026 06:30  2 plays × 120 s
 *   A (re-air)                               radio   12/03/2026 06:30  1 play  × 120 s
 *   B "Bài nhập thanh toán"         no topic  portal  15/03/2026 09:00  views 300, interactions 10
 *   C "Tin có nội dung"             m         radio   20/03/2026 17:00  3 plays × 60 s
 *   D "Tin nhập cũ"                 no topic  radio   01/12/2025 06:30  1 play  × 90 s  (outside Q1)
 * Q1 2026, "Chưa phân loại": entries 3, plays 4, items 2 (A, B), airtime 360, views 300, interactions 10;
 * topic m: entries 1, plays 3, items 1, airtime 180. Totals: entries 4, plays 7, items 3, airtime 540.
 * Import #1 made A and D.
 */
async function seeded() {
  const t = await makeApp();
  const none = (title: string, entry: Partial<NewEntryDraft['entry']>) => {
    const d = draft({ title, entry });
    if ('fields' in d.item) d.item.fields.topics = [];
    return t.store.addEntry(d, 'bientap');
  };
  const a = await none('Tin nhập về dịch vụ công', { at: '2026-03-10T06:30:00+07:00', playCount: 2, durationSeconds: 120 });
  await t.store.addEntry({ item: { existingId: a.item.id }, entry: { ...draft().entry, at: '2026-03-12T06:30:00+07:00', playCount: 1, durationSeconds: 120 } }, 'bientap');
  const b = await none('Bài nhập thanh toán', { channel: 'portal', at: '2026-03-15T09:00:00+07:00', playCount: 1, durationSeconds: null, url: 'https://anhai.haiphong.gov.vn/bai-1', views: 300, interactions: 10 });
  const c = await t.store.addEntry(draft({ title: 'Tin có nội dung', entry: { at: '2026-03-20T17:00:00+07:00', playCount: 3, durationSeconds: 60 } }), 'bientap');
  const d = await none('Tin nhập cũ', { at: '2025-12-01T06:30:00+07:00', playCount: 1, durationSeconds: 90 });
  const imported = await t.store.commune.transaction((tx) =>
    tx.createImport({ fileName: 'so-thang-3.csv', sha256: 'a'.repeat(64), counts: { rows: 2, entries: 2, newItems: 2, reairs: 0, duplicates: 0, errors: 0 }, mapping: {} as never, entryIds: [], itemIds: [a.item.id, d.item.id], createdAt: toLocalIso(NOW), createdBy: 'bientap', undoneAt: null, undoneBy: null }),
  );
  return { ...t, ids: { a: a.item.id, b: b.item.id, c: c.item.id, d: d.item.id }, importId: imported.id };
}

const titlesOf = (html: string): string[] => [...html.matchAll(/<label for="i-\d+">([^<]+)<\/label>/g)].map((m) => m[1]!);

describe('items without a topic in the report', () => {
  it('counts them as their own row "Chưa phân loại", like a topic, on the API and in countEntries', async () => {
    const { api, store } = await seeded();
    const res = await api.get(`/api/v1/report?${Q1}`).expect(200);
    expect(res.body.totals).toEqual({ entries: 4, plays: 7, items: 3, airtimeSeconds: 540, views: 300, interactions: 10 });
    expect(res.body.byTopic.at(-1)).toEqual({ code: UNCLASSIFIED, label: 'Chưa phân loại', entries: 3, plays: 4, items: 2, airtimeSeconds: 360, views: 300, interactions: 10 });
    expect(res.body.byTopic.find((r: { code: string }) => r.code === 'm')).toMatchObject({ entries: 1, plays: 3, items: 1, airtimeSeconds: 180 });
    const counts = await store.commune.countEntries('2026-01-01', '2026-03-31');
    expect(counts.byTopic[UNCLASSIFIED]).toEqual({ entries: 3, plays: 4, items: 2, airtimeSeconds: 360, views: 300, interactions: 10 });
    // A period of days (not whole months) is counted from the entries themselves: the same row.
    expect((await store.commune.countEntries('2026-03-11', '2026-03-20')).byTopic[UNCLASSIFIED]).toEqual({ entries: 2, plays: 2, items: 2, airtimeSeconds: 120, views: 300, interactions: 10 });
    // No item without a topic in the period: no such row.
    expect((await api.get('/api/v1/report?from=2026-03-20&to=2026-03-20').expect(200)).body.byTopic.some((r: { code: string }) => r.code === UNCLASSIFIED)).toBe(false);
  });

  it('flags them on the report page with a link to classify them, and in the Word report and the CSV figures', async () => {
    const { web, api } = await seeded();
    const page = await web.get(`/reports?period=custom&${Q1}`).expect(200);
    expect(page.text).toContain('<strong>2 tin bài chưa phân loại</strong> nội dung tuyên truyền (3 lượt phát/đăng trong kỳ)');
    expect(page.text).toContain('href="/items/unclassified?from=2026-01-01&amp;to=2026-03-31">Phân loại ngay</a>');
    expect(page.text).toContain('Chưa phân loại <strong class="flag">cần phân loại</strong>');
    const docx = await web.get(`/export/report.docx?period=custom&${Q1}`).buffer(true).parse(binary).expect(200);
    const text = docxText((await unzip(docx.body as Buffer)).get('word/document.xml')!.toString());
    expect(text).toContain('Ghi chú: 2 tin bài (3 lượt phát sóng, đăng tải) chưa phân loại nội dung tuyên truyền; số liệu theo nội dung chưa đầy đủ.');
    const csv = (await api.get(`/export/report.csv?${Q1}`).buffer(true).parse(binary).expect(200)).body.toString('utf8');
    expect(csv).toMatch(/Theo nội dung,Chưa phân loại,3,4,2,360,0:06:00,300,10/);
  });

  it('tells on the PAR estimate that they count toward no task counted by topic', async () => {
    const { app, store } = await seeded();
    const admin = await signIn(app, store, 'quantri', 'admin');
    expect((await admin.get('/par?period=q1&year=2026').expect(200)).text).not.toContain('chưa phân loại');
    await admin.post('/plan/2026/tasks/t1', { number: '1', text: 'Tuyên truyền dịch vụ công trực tuyến', timeFrame: 'year', counted: 'log', topics: ['m'] }).expect(303);
    expect((await admin.get('/par?period=q1&year=2026').expect(200)).text).toContain('2 tin bài trong kỳ chưa phân loại nội dung tuyên truyền, nên chưa được tính cho các nhiệm vụ tính theo nội dung');
  });
});

describe('the page "Phân loại nội dung"', () => {
  it('lists the live items without a topic, newest first, by import, by period and by words of the title', async () => {
    const { web, importId } = await seeded();
    expect(titlesOf((await web.get('/items/unclassified').expect(200)).text)).toEqual(['Tin nhập cũ', 'Bài nhập thanh toán', 'Tin nhập về dịch vụ công']);
    expect(titlesOf((await web.get(`/items/unclassified?importId=${importId}`).expect(200)).text)).toEqual(['Tin nhập cũ', 'Tin nhập về dịch vụ công']);
    expect(titlesOf((await web.get('/items/unclassified?from=01/03/2026&to=31/03/2026').expect(200)).text)).toEqual(['Bài nhập thanh toán', 'Tin nhập về dịch vụ công']);
    expect(titlesOf((await web.get('/items/unclassified?q=nhap%20dich%20vu').expect(200)).text)).toEqual(['Tin nhập về dịch vụ công']);
    const bad = await web.get('/items/unclassified?from=31/02/2026&importId=99').expect(422);
    expect(bad.text).toContain('Ngày 31/02/2026 không có trên lịch.');
  });

  it('sets the chosen topics on every ticked item in one save, one audit record per item, and they leave the list and the row', async () => {
    const { web, api, store, ids } = await seeded();
    const res = await web.post('/items/unclassified', { itemIds: [String(ids.a), String(ids.b)], topics: ['k', 'a'], filter: 'from=01/03/2026' }).expect(303);
    expect(res.headers.location).toBe('/items/unclassified?from=01%2F03%2F2026&ok=items-classified');
    const after = await web.get(res.headers.location!).expect(200);
    expect(after.text).toContain('Đã lưu nội dung tuyên truyền cho các tin bài đã đánh dấu.');
    expect(titlesOf(after.text)).toEqual([]);
    expect((await store.item(ids.a))!.topics).toEqual(['a', 'k']);
    expect((await store.item(ids.b))!.topics).toEqual(['a', 'k']);
    const trail = (await store.auditOf('item', ids.a)).filter((r) => r.action === 'item.update');
    expect(trail.map((r) => [r.user, r.before, r.after])).toEqual([['bientap', { topics: [] }, { topics: ['a', 'k'] }]]);
    expect((await store.auditOf('item', ids.b)).filter((r) => r.action === 'item.update')).toHaveLength(1);
    const report = (await api.get(`/api/v1/report?${Q1}`).expect(200)).body;
    expect(report.byTopic.some((r: { code: string }) => r.code === UNCLASSIFIED)).toBe(false);
    expect(report.byTopic.find((r: { code: string }) => r.code === 'a')).toMatchObject({ entries: 3, plays: 4, items: 2 });
  });

  it('stores nothing when one choice is bad: an unknown topic, no topic, no item, or an item deleted meanwhile', async () => {
    const { web, store, ids } = await seeded();
    await store.deleteItem(ids.d, 'bientap');
    const before = await store.stats();
    const cases: [Record<string, string | string[]>, string][] = [
      [{ itemIds: [String(ids.a), String(ids.b)], topics: ['a', 'khong-co'] }, 'Nội dung tuyên truyền không hợp lệ.'],
      [{ itemIds: [String(ids.a)] }, 'Vui lòng chọn ít nhất một nội dung tuyên truyền.'],
      [{ topics: ['a'] }, 'Vui lòng đánh dấu ít nhất một tin bài để phân loại.'],
      [{ itemIds: [String(ids.a), String(ids.d)], topics: ['a'] }, `Không tìm thấy tin bài #${ids.d} (có thể đã bị xóa). Chưa lưu gì; vui lòng tải lại trang.`],
    ];
    for (const [body, message] of cases) {
      const res = await web.post('/items/unclassified', body).expect(422);
      expect(res.text).toContain('role="alert"');
      expect(res.text).toContain(message);
      // What was ticked stays ticked.
      for (const id of [body.itemIds ?? []].flat()) if (id !== String(ids.d)) expect(res.text).toMatch(new RegExp(`id="i-${id}" name="itemIds" value="${id}" checked`));
    }
    expect(await store.stats()).toEqual(before);
    expect((await store.item(ids.a))!.topics).toEqual([]);
    expect((await store.item(ids.b))!.topics).toEqual([]);
  });

  it('suggests a topic from the key words set for it, ticked in advance only when asked, and stores it only on Lưu', async () => {
    const { app, web, api, store, ids } = await seeded();
    const admin = await signIn(app, store, 'quantri', 'admin');
    await admin.post('/settings/topics', { keywords_m: 'dịch vụ công, thanh toan' }).expect(303);
    expect((await store.settings()).topics.find((t) => t.code === 'm')!.keywords).toEqual(['dịch vụ công', 'thanh toan']);
    const page = await web.get('/items/unclassified').expect(200);
    expect(page.text).toContain('Gợi ý: m) Dịch vụ công trực tuyến');
    expect(page.text).toContain('href="/items/unclassified?page=1&amp;suggest=m">m) Dịch vụ công trực tuyến, thanh toán trực tuyến, đường dây nóng (2 tin bài)</a>');
    expect(page.text).not.toContain(' checked');
    const asked = await web.get('/items/unclassified?page=1&suggest=m').expect(200);
    expect(asked.text).toContain('Đã đánh dấu sẵn 2 tin bài có từ khóa của nội dung');
    for (const id of [ids.a, ids.b]) expect(asked.text).toContain(`id="i-${id}" name="itemIds" value="${id}" checked`);
    expect(asked.text).not.toContain(`value="${ids.d}" checked`);
    expect(asked.text).toContain('value="m" checked');
    expect((await store.item(ids.a))!.topics).toEqual([]);
    const listed = (await api.get('/api/v1/items?unclassified=1').expect(200)).body.items as { id: number; suggestedTopics: string[] }[];
    expect(listed.map((i) => [i.id, i.suggestedTopics])).toEqual([[ids.d, []], [ids.b, ['m']], [ids.a, ['m']]]);
  });

  it('lets a viewer look but not save', async () => {
    const { app, store, ids } = await seeded();
    const viewer = await signIn(app, store, 'lanhdao', 'viewer');
    const page = await viewer.get('/items/unclassified').expect(200);
    expect(titlesOf(page.text)).toHaveLength(3);
    expect(page.text).not.toContain('name="topics"');
    expect(page.text).toContain(`id="i-${ids.a}" name="itemIds" value="${ids.a}" disabled`);
    const viewerApi = await apiAs(app, store, 'lanhdao', 'viewer');
    const before = await store.stats();
    await viewer.post('/items/unclassified', { itemIds: [String(ids.a)], topics: ['a'] }).expect(403);
    await viewerApi.post('/api/v1/items/topics', { itemIds: [ids.a], topics: ['a'] }).expect(403);
    expect(await store.stats()).toEqual(before);
    expect((await store.item(ids.a))!.topics).toEqual([]);
  });
});

describe('the API of classification', () => {
  it('lists the items without a topic (GET /api/v1/items?unclassified=1) by import, period and title', async () => {
    const { api, ids, importId } = await seeded();
    const all = (await api.get('/api/v1/items?unclassified=1').expect(200)).body;
    expect([all.total, all.page, all.pageSize]).toEqual([3, 1, 50]);
    expect(all.items.map((i: { id: number }) => i.id)).toEqual([ids.d, ids.b, ids.a]);
    expect(all.items[2]).toMatchObject({ title: 'Tin nhập về dịch vụ công', topics: [], lastAiring: { at: '2026-03-12T06:30:00+07:00', channel: 'radio' } });
    expect((await api.get(`/api/v1/items?unclassified=1&importId=${importId}&from=2026-03-01&to=2026-03-31`).expect(200)).body.items.map((i: { id: number }) => i.id)).toEqual([ids.a]);
    expect((await api.get('/api/v1/items?unclassified=1&q=thanh%20toan&pageSize=1').expect(200)).body).toMatchObject({ total: 1, pageSize: 1 });
    expect((await api.get('/api/v1/items?unclassified=1&importId=999').expect(422)).body.errors).toEqual({ importId: 'Không tìm thấy lần nhập #999.' });
  });

  it('sets topics on many items (POST /api/v1/items/topics), all or nothing', async () => {
    const { api, store, ids } = await seeded();
    const bad = await api.post('/api/v1/items/topics', { itemIds: [ids.a, ids.b], topics: ['zz'] }).expect(422);
    expect(bad.body.errors).toEqual({ topics: 'Nội dung tuyên truyền không hợp lệ.' });
    expect((await api.post('/api/v1/items/topics', { itemIds: [ids.a, 'x'], topics: ['m'] }).expect(422)).body.errors).toEqual({ itemIds: 'Mã tin bài không hợp lệ.' });
    expect((await store.item(ids.a))!.topics).toEqual([]);
    // C already has m: it is left as it was, unaudited.
    const ok = await api.post('/api/v1/items/topics', { itemIds: [ids.a, ids.c, ids.a], topics: ['m'] }).expect(200);
    expect(ok.body).toEqual({ changed: 1, itemIds: [ids.a, ids.c] });
    expect((await store.item(ids.a))!.topics).toEqual(['m']);
    expect((await store.auditOf('item', ids.c)).filter((r) => r.action === 'item.update')).toEqual([]);
  });
});

describe('who may leave an item without a topic', () => {
  it('refuses a new item without a topic typed by a person, on the API and the record form', async () => {
    const { api, web } = await seeded();
    const res = await api.post('/api/v1/entries', { title: 'Tin không chọn nội dung', format: 'news', unit: 'tt-dvsnc', channel: 'radio', at: '2026-03-21T06:30', topics: [] }).expect(422);
    expect(res.body.errors.topics).toBe('Vui lòng chọn ít nhất một nội dung tuyên truyền.');
    const form = await web.post('/entries', { itemMode: 'new', title: 'Tin không chọn nội dung', format: 'news', unit: 'tt-dvsnc', channel: 'radio', date: '21/03/2026', time: '06:30', playCount: '1' }).expect(422);
    expect(form.text).toContain('Vui lòng chọn ít nhất một nội dung tuyên truyền.');
  });

  it('lets an edit keep an unclassified item so, but not empty the topics of a classified one', async () => {
    const { web, store, ids } = await seeded();
    const form = { title: 'Tin nhập về dịch vụ công (sửa)', summary: '', format: 'news', unit: 'tt-dvsnc', author: '', sourceUrl: '' };
    await web.post(`/items/${ids.a}/edit`, form).expect(303);
    expect(await store.item(ids.a)).toMatchObject({ title: 'Tin nhập về dịch vụ công (sửa)', topics: [] });
    expect((await web.get(`/items/${ids.a}`).expect(200)).text).toContain('<strong class="flag">Chưa phân loại</strong>');
    const refused = await web.post(`/items/${ids.c}/edit`, { ...form, title: 'Tin có nội dung' }).expect(422);
    expect(refused.text).toContain('Vui lòng chọn ít nhất một nội dung tuyên truyền.');
    expect((await store.item(ids.c))!.topics).toEqual(['m']);
  });
});
