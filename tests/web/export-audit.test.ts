/**
 * Export records in the audit trail: one per user, download and filter within a minute however often it is
 * fetched, and at most 60 different downloads per user a minute (more are refused, so none goes unrecorded).
 */
import { describe, expect, it } from 'vitest';
import { apiAs, makeApp, signIn } from '../helpers.js';

async function exportsOf(store: Awaited<ReturnType<typeof makeApp>>['store']) {
  return (await store.queryAudit({ action: 'export' }, { page: 1, pageSize: 500 })).rows.map((r) => `${r.user} ${r.target?.id} ${JSON.stringify(r.after)}`);
}

describe('export records', () => {
  it("records the same user's same export once within a minute, and each other user, file or filter", async () => {
    const { app, store, web, api } = await makeApp();
    for (let i = 0; i < 5; i++) await web.get('/export/entries.csv?channel=radio').expect(200);
    for (let i = 0; i < 3; i++) await api.get('/export/entries.csv?channel=radio').expect(200);
    expect(await exportsOf(store)).toHaveLength(1);
    await web.get('/export/entries.csv?channel=portal').expect(200);
    await web.get('/export/entries.xlsx?channel=radio').expect(200);
    await web.get('/export/report.csv?from=2026-01-01&to=2026-03-31').expect(200);
    await web.get('/export/report.csv?from=2026-01-01&to=2026-03-31').expect(200);
    const other = await signIn(app, store, 'lanhdao', 'viewer');
    await other.get('/export/entries.csv?channel=radio').expect(200);
    const records = await exportsOf(store);
    expect(records).toHaveLength(5);
    expect(records.filter((r) => r.startsWith('lanhdao entries.csv'))).toHaveLength(1);
  });

  it('refuses a user past 60 different exports in a minute with 429 and a Vietnamese message, recording none of the refused', async () => {
    const { app, store, web } = await makeApp();
    const api = await apiAs(app, store, 'kichban', 'viewer');
    for (let i = 1; i <= 60; i++) await api.get(`/export/entries.csv?q=tin+${i}`).expect(200);
    const refused = await api.get('/export/entries.csv?q=tin+61').expect(429);
    expect(refused.text).toContain('xuất quá 60 tệp khác nhau trong một phút');
    // A repeat of one already recorded is still served; another user is not held back.
    await api.get('/export/entries.csv?q=tin+60').expect(200);
    await web.get('/export/entries.csv?q=tin+61').expect(200);
    const records = await exportsOf(store);
    expect(records.filter((r) => r.startsWith('kichban '))).toHaveLength(60);
    expect(records.filter((r) => r.startsWith('bientap '))).toHaveLength(1);
  });
});
