import { describe, expect, it } from 'vitest';
import { formBody, makeApp, type TestApp } from '../helpers.js';

type Form = Record<string, string | string[]>;

/** A session form body: the shared fields, then rows as the form names them (`entries.N.field`). */
function sessionForm(rows: Form[], shared: Form = {}): Form {
  const body: Form = { channel: 'radio', date: '21112026', time: '0600', note: '', ...shared };
  rows.forEach((row, i) => {
    for (const [k, v] of Object.entries(row)) body[`entries.${i}.${k}`] = v;
  });
  return body;
}
const newRow = (title: string, extra: Form = {}): Form => ({ title, format: 'news', unit: 'tt-dvsnc', topics: ['m'], playCount: '1', durationSeconds: '3:00', ...extra });
const blank: Form = { title: '', format: 'news', unit: 'tt-dvsnc', playCount: '1', durationSeconds: '' };

async function slotWithPlan(app: TestApp): Promise<{ slot: number; items: number[] }> {
  await app.web.post('/entries', formBody({ title: 'Loạt bài DVC', date: '21/11/2026', time: '06:00', durationSeconds: '4:00', playCount: '2' })).expect(303);
  await app.web.post('/entries', formBody({ title: 'Chuyên mục CCHC', date: '21/11/2026', time: '06:00', durationSeconds: '10:00', playCount: '1' })).expect(303);
  const slot = await app.api.post('/api/v1/schedule', { name: 'Bản tin sáng', channel: 'radio', start: '06:00', days: [1, 2, 3, 4, 5, 6, 7], durationMinutes: 30, plans: [{ itemId: 1, playCount: 2 }, { itemId: 2 }] }).expect(201);
  return { slot: slot.body.id, items: [1, 2] };
}

describe('session form (Ghi buổi phát)', () => {
  it('opens with now, the last channel and three blank rows; the first button of the form saves', async () => {
    const { web } = await makeApp();
    const res = await web.get('/sessions/new').expect(200);
    expect(res.text).toContain('value="22/11/2026"');
    expect(res.text).toContain('value="10:00"');
    expect(res.text.match(/name="entries\.\d{1,2}\.title"/g)).toHaveLength(3);
    const form = res.text.slice(res.text.indexOf('<form method="post" action="/sessions"'));
    expect(/<button[^>]*>([^<]*)</.exec(form)?.[1]).toBe('Lưu buổi phát');
  });

  it('saves a session in one submission, dropping blank rows, digits-only date and time read', async () => {
    const app = await makeApp();
    await app.web.post('/entries', formBody({ title: 'Tin cũ', date: '20/11/2026' })).expect(303);
    const res = await app.web.post('/sessions', sessionForm([newRow('Tin một'), blank, { itemId: '1', playCount: '2', durationSeconds: '' }, newRow('Tin hai'), blank])).expect(303);
    expect(res.headers.location).toBe('/entries?from=2026-11-21&to=2026-11-21&channel=radio&session=2.3.4&ok=session-created');
    const list = await app.web.get(res.headers.location!).expect(200);
    expect(list.text).toContain('Đã lưu buổi phát vào nhật ký.');
    expect(await app.store.stats()).toMatchObject({ items: 3, entries: 4 });
    const reair = (await app.store.entry(3))!;
    expect(reair).toMatchObject({ itemId: 1, at: '2026-11-21T06:00:00+07:00', playCount: 2, durationSeconds: 180 });
  });

  it('re-renders every row as typed, with the message at the bad row, and stores nothing', async () => {
    const app = await makeApp();
    const res = await app.web.post('/sessions', sessionForm([newRow('Tin một'), blank, newRow('Tin <b>hai</b>', { durationSeconds: 'ba phút' }), newRow('', { summary: 'x' })], { time: '25:00' })).expect(422);
    expect(res.text).toContain('value="Tin một"');
    expect(res.text).toContain('value="Tin &lt;b&gt;hai&lt;/b&gt;"');
    expect(res.text).not.toContain('<b>hai</b>');
    expect(res.text).toContain('value="ba phút"');
    expect(res.text).toMatch(/id="e-entries\.2\.durationSeconds"/);
    expect(res.text).toMatch(/id="e-time"/);
    expect(res.text).toContain('href="#f-entries.2.durationSeconds"');
    // The blank row stays where it was: errors point at the rows as the user sees them.
    expect(res.text.match(/name="entries\.\d{1,2}\.title"/g)).toHaveLength(4);
    expect(await app.store.stats()).toMatchObject({ items: 0, entries: 0 });
  });

  it('refuses a session whose rows are all blank', async () => {
    const app = await makeApp();
    const res = await app.web.post('/sessions', sessionForm([blank, blank])).expect(422);
    expect(res.text).toContain('Buổi phát chưa có tin bài nào: thêm ít nhất một dòng.');
  });

  it('offers the existing item for a duplicate title, re-airs it in one click, or creates a second when insisted', async () => {
    const app = await makeApp();
    await app.web.post('/entries', formBody({ date: '20/11/2026' })).expect(303);
    const body = sessionForm([newRow('Tin một'), newRow('huong dan nop ho so truc tuyen')]);
    const offered = await app.web.post('/sessions', body).expect(409);
    expect(offered.text).toContain('Tin bài này đã có: <strong>Hướng dẫn nộp hồ sơ trực tuyến</strong>');
    expect(offered.text).toContain('name="edit" value="reuse:1:1"');
    const reused = await app.web.post('/sessions/new', { ...body, edit: 'reuse:1:1' }).expect(200);
    expect(reused.text).toMatch(/name="entries\.1\.itemId" value="1"/);
    await app.web.post('/sessions', sessionForm([newRow('Tin một'), { itemId: '1', playCount: '1', durationSeconds: '' }])).expect(303);
    expect(await app.store.stats()).toMatchObject({ items: 2, entries: 3 });
    await app.web.post('/sessions', sessionForm([newRow('Hướng dẫn nộp hồ sơ trực tuyến', { allowDuplicate: 'on' })], { time: '17:00' })).expect(303);
    expect(await app.store.stats()).toMatchObject({ items: 3, entries: 4 });
  });

  it('adds, removes and moves rows without JavaScript, keeping what was typed', async () => {
    const { web } = await makeApp();
    const body = sessionForm([newRow('A'), newRow('B', { format: 'article' })]);
    const added = await web.post('/sessions/new', { ...body, edit: 'add' }).expect(200);
    expect(added.text.match(/name="entries\.\d{1,2}\.title"/g)).toHaveLength(3);
    const moved = await web.post('/sessions/new', { ...body, edit: 'up:1' }).expect(200);
    expect(moved.text.indexOf('value="B"')).toBeLessThan(moved.text.indexOf('value="A"'));
    const removed = await web.post('/sessions/new', { ...body, edit: 'remove:0' }).expect(200);
    expect(removed.text).not.toContain('value="A"');
    expect(removed.text).toMatch(/name="entries\.0\.title"[^>]*value="B"/);
  });

  it("opens a planned slot with its items, plays and last lengths filled in: confirmed by one submission", async () => {
    const app = await makeApp();
    const { slot } = await slotWithPlan(app);
    const home = await app.web.get('/').expect(200);
    expect(home.text).toContain(`href="/sessions/new?slot=${slot}"`);
    const page = await app.web.get(`/sessions/new?slot=${slot}`).expect(200);
    expect(page.text).toContain('value="06:00"');
    expect(page.text).toMatch(/name="entries\.0\.itemId" value="1"/);
    expect(page.text).toMatch(/name="entries\.0\.playCount"[^>]*value="2"/);
    expect(page.text).toMatch(/name="entries\.1\.durationSeconds"[^>]*value="10:00"/);
    // What the browser sends back as it is.
    const fields: Record<string, string> = {};
    for (const m of page.text.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) if (m[1] !== '_csrf') fields[m[1]!] = m[2]!;
    fields.channel = 'radio';
    await app.web.post('/sessions', fields).expect(303);
    const saved = (await app.store.listEntries({ from: '2026-11-22', to: '2026-11-22' }, { page: 1, pageSize: 10 })).rows;
    expect(saved.map((e) => [e.itemId, e.playCount, e.durationSeconds, e.at])).toEqual([
      [1, 2, 240, '2026-11-22T06:00:00+07:00'],
      [2, 1, 600, '2026-11-22T06:00:00+07:00'],
    ].reverse());
    const after = await app.web.get('/').expect(200);
    expect(after.text).toContain('Đã ghi 2 lượt');
  });

  it('repeats the last session of a slot', async () => {
    const app = await makeApp();
    const { slot } = await slotWithPlan(app);
    const page = await app.web.get(`/sessions/new?slot=${slot}&repeat=1`).expect(200);
    expect(page.text).toMatch(/name="entries\.0\.itemId" value="1"/);
    expect(page.text).toMatch(/name="entries\.1\.itemId" value="2"/);
    expect(page.text).toMatch(/name="entries\.0\.playCount"[^>]*value="2"/);
  });

  it('adds a row that takes nothing from the row above: no format, unit or topics', async () => {
    const { web } = await makeApp();
    const added = await web.post('/sessions/new', { ...sessionForm([newRow('A', { format: 'article', topics: ['m', 'k'] })]), edit: 'add' }).expect(200);
    const row = added.text.slice(added.text.indexOf('id="f-entries.1.title"'));
    const own = row.slice(0, row.indexOf('data-row-action="remove"'));
    expect(own).toContain('id="f-entries.1.format"');
    expect(own).not.toMatch(/ selected>| checked>/);
    expect(own).toContain('<span data-new-summary>còn thiếu: hình thức, đơn vị, nội dung tuyên truyền</span>');
  });

  it('shows the format, unit and topics of a new row open, never folded, saying what the row still needs', async () => {
    const { web } = await makeApp();
    const page = await web.get('/sessions/new').expect(200);
    const start = page.text.indexOf('<form method="post" action="/sessions"');
    const form = page.text.slice(start, page.text.indexOf('</form>', start));
    expect(form).not.toContain('<details');
    expect(form).toContain('id="f-entries.0.format"');
    expect(form).toContain('<strong>Tin bài mới</strong> · <span data-new-summary>còn thiếu: hình thức, đơn vị, nội dung tuyên truyền</span>');
    // A row with its choices made says what it will be.
    const typed = await web.post('/sessions/new', { ...sessionForm([newRow('A'), { title: '', playCount: '1' }]), edit: 'none' }).expect(200);
    expect(typed.text).toContain('<span data-new-summary>Tin · Trung tâm Dịch vụ sự nghiệp công · 1 nội dung</span>');
  });

  it("applies a row's format, unit and topics to the new rows below it without JavaScript, leaving rows of existing items alone", async () => {
    const app = await makeApp();
    await app.web.post('/entries', formBody({ title: 'Tin cũ', date: '20/11/2026' })).expect(303);
    const body = sessionForm([
      { title: 'Tin trên', format: 'report', unit: 'vh-xh', topics: ['a', 'k'], playCount: '1' },
      { title: 'Tin hai', format: 'news', unit: 'mttq', topics: ['m'], playCount: '1' },
      { itemId: '1', playCount: '1' },
      { title: '', playCount: '1' },
    ]);
    const page = await app.web.post('/sessions/new', { ...body, edit: 'apply:0' }).expect(200);
    expect(page.text).toContain('value="apply:0"');
    for (const i of [1, 3]) {
      expect(page.text).toMatch(new RegExp(`id="f-entries\\.${i}\\.format"[\\s\\S]*?<option value="report" selected>`));
      expect(page.text).toMatch(new RegExp(`id="f-entries\\.${i}\\.unit"[\\s\\S]*?<option value="vh-xh" selected>`));
      expect(page.text).toMatch(new RegExp(`name="entries\\.${i}\\.topics" value="a" checked`));
      expect(page.text).toMatch(new RegExp(`name="entries\\.${i}\\.topics" value="k" checked`));
      expect(page.text).not.toMatch(new RegExp(`name="entries\\.${i}\\.topics" value="m" checked`));
    }
    expect(page.text).toContain('value="Tin hai"');
    expect(page.text).toMatch(/name="entries\.2\.itemId" value="1"/);
    // The last row has no row below it to apply to.
    expect(page.text).toMatch(/<p class="apply-below" data-apply-below>\s*<button[^>]*value="apply:1"/);
    expect(page.text).toMatch(/<p class="apply-below" data-apply-below hidden>\s*<button[^>]*value="apply:3"/);
  });

  it('names the row in every error of a first session of four new items, in the summary and at the field', async () => {
    const app = await makeApp();
    const body = sessionForm(['Tin một', 'Tin hai', 'Tin ba', 'Tin bốn'].map((title) => ({ title, playCount: '1', durationSeconds: '' })));
    const res = await app.web.post('/sessions', body).expect(422);
    const summary = res.text.slice(res.text.indexOf('class="error-summary"'), res.text.indexOf('</div>', res.text.indexOf('class="error-summary"')));
    const items = [...summary.matchAll(/<li><a href="#f-([^"]+)">([^<]*)<\/a><\/li>/g)].map((m) => [m[1], m[2]]);
    expect(items).toHaveLength(12);
    for (const [key, text] of items) expect(text).toMatch(new RegExp(`^Tin bài ${Number(/^entries\.(\d+)\./.exec(key!)![1]) + 1}: `));
    expect(items).toContainEqual(['entries.2.unit', 'Tin bài 3: vui lòng chọn đơn vị thực hiện.']);
    expect(res.text).toContain('<p class="field-error" id="e-entries.2.unit">Tin bài 3: vui lòng chọn đơn vị thực hiện.</p>');
    // Errors of the session itself name no row.
    const late = await app.web.post('/sessions', sessionForm([newRow('Tin một'), { title: '', playCount: '1' }, newRow('Tin ba', { durationSeconds: 'ba phút' })], { time: '25:00' })).expect(422);
    expect(late.text).toMatch(/<a href="#f-entries\.2\.durationSeconds">Tin bài 3: thời lượng/);
    expect(late.text).toMatch(/<a href="#f-time">Giờ/);
    expect(await app.store.stats()).toMatchObject({ items: 0, entries: 0 });
  });
});
