import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { apiAs, openStore, SECRET, signIn } from '../helpers.js';

/** The dashboard as a leader who reads and a clerk who logs see it (issue 25, point 8). */

async function dashboardOn(day: string) {
  const store = await openStore();
  const clock = () => new Date(`${day}T03:00:00Z`);
  const app = createApp({ storage: store.storage, clock, sessionSecret: SECRET });
  const editor = await signIn(app, store, 'bientap', 'editor');
  const viewer = await signIn(app, store, 'lanhdao', 'viewer');
  return { editor, viewer };
}

/** Where each of the given pieces of the page starts (-1 when absent). */
const positions = (html: string, marks: string[]): number[] => marks.map((m) => html.indexOf(m));

describe('the dashboard', () => {
  it('shows the report deadline once when it is due soon, and once when it is not', async () => {
    for (const [day, date] of [['2026-12-01', '08/12/2026'], ['2026-11-22', '08/12/2026']] as const) {
      const html = (await (await dashboardOn(day)).editor.get('/').expect(200)).text;
      expect(html.split(date).length - 1, `${date} on ${day}`).toBe(1);
    }
    const due = (await (await dashboardOn('2026-12-01')).editor.get('/')).text;
    expect(due).toContain('Sắp đến hạn: Báo cáo quý IV và năm 2026, hạn 08/12/2026');
    expect(due).not.toContain('Hạn báo cáo tiếp theo');
  });

  it("links the deadline to its quarter's report and to that quarter's Decree 09 period, dates as dd/mm/yyyy", async () => {
    const { editor } = await dashboardOn('2026-12-01');
    const html = (await editor.get('/')).text;
    expect(html).toContain('<a href="/reports?period=q4&amp;year=2026">Mở báo cáo quý IV năm 2026 (01/10/2026–31/12/2026)</a>');
    expect(html).toContain('<a href="/reports?period=gov-q4&amp;year=2026">kỳ báo cáo theo NĐ 09/2019 (15/09/2026–14/12/2026)</a>');
    expect((await editor.get('/reports?period=q4&year=2026').expect(200)).text).toContain('Quý IV năm 2026 (từ ngày 01/10/2026 đến ngày 31/12/2026)');
    expect((await editor.get('/reports?period=gov-q4&year=2026').expect(200)).text).toContain('Quý IV năm 2026 (kỳ báo cáo 15/09/2026–14/12/2026)');
  });

  it('links a deadline of next year to that quarter, not to the quarter of today', async () => {
    // 20/12/2026: the December deadline has passed; the next is 08/03/2027, the report of quarter I of 2027.
    const html = (await (await dashboardOn('2026-12-20')).viewer.get('/').expect(200)).text;
    expect(html).toContain('Hạn báo cáo tiếp theo: 08/03/2027');
    expect(html).toContain('href="/reports?period=q1&amp;year=2027"');
    expect(html).toContain('href="/reports?period=gov-q1&amp;year=2027">kỳ báo cáo theo NĐ 09/2019 (15/12/2026–14/03/2027)');
  });

  it("shows today's radio schedule to those who log, never to a leader who only reads", async () => {
    const store = await openStore();
    const clock = () => new Date('2026-11-22T03:00:00Z');
    const app = createApp({ storage: store.storage, clock, sessionSecret: SECRET });
    const editor = await signIn(app, store, 'bientap', 'editor');
    const viewer = await signIn(app, store, 'lanhdao', 'viewer');
    await (await apiAs(app, store, 'bientap', 'editor')).post('/api/v1/schedule', { name: 'Bản tin sáng', channel: 'radio', start: '06:00', days: [1, 2, 3, 4, 5, 6, 7], durationMinutes: 30 }).expect(201);
    expect((await editor.get('/').expect(200)).text).toContain('Lịch phát sóng hôm nay');
    const leader = (await viewer.get('/').expect(200)).text;
    expect(leader).not.toContain('Lịch phát sóng hôm nay');
    expect(leader).not.toContain('Bản tin sáng');
  });

  it("leads a leader's page with this period's figures and the targets, then the deadline and the rest", async () => {
    const { viewer } = await dashboardOn('2026-12-01');
    const html = (await viewer.get('/').expect(200)).text;
    const at = positions(html, ['<h1>Tổng quan</h1>', 'id="glance-h"', 'Tiến độ chỉ tiêu năm 2026', 'data-deadline', 'id="channels-h"', 'class="chart"']);
    expect(at.every((p) => p > 0), String(at)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    // Nothing of the clerk's work between the title and the figures.
    expect(html.slice(at[0], at[1])).not.toMatch(/Ghi nhật ký|Ghi buổi phát|Sắp đến hạn|Hạn báo cáo/);
  });

  it("puts a clerk's own work first: the write buttons, then the figures", async () => {
    const { editor } = await dashboardOn('2026-12-01');
    const html = (await editor.get('/').expect(200)).text;
    const at = positions(html, ['<h1>Tổng quan</h1>', 'class="button" href="/entries/new"', 'id="glance-h"', 'Tiến độ chỉ tiêu năm 2026', 'data-deadline']);
    expect(at.every((p) => p > 0), String(at)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });
});
