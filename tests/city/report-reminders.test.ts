/**
 * The "report due" reminder of a commune's dashboard goes away when the commune itself exports its report:
 * a city viewer or the deployment's admin downloading it for a look does not report for the commune.
 */
import type { Role } from '../../src/domain/auth.js';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { openStore, SECRET, signIn, testPasswordHash } from '../helpers.js';

// 01/12/2026: seven days before the quarter's report is due (08/12).
const clock = () => new Date('2026-12-01T03:00:00Z');
const QUARTER = '/export/report.xlsx?from=2026-10-01&to=2026-12-31&commune=an-hai';
const REMINDER = 'Sắp đến hạn: Báo cáo quý IV và năm 2026';

async function deployment() {
  const store = await openStore({ clock });
  await store.storage.createCommune({ code: 'an-hai', name: 'An Hải', kind: 'phường' });
  const app = createApp({ storage: store.storage, clock, sessionSecret: SECRET });
  const account = async (username: string, role: Role, commune?: string) => {
    await store.users.create({ username, fullName: `Cán bộ ${username}`, role, passwordHash: await testPasswordHash(), ...(commune ? { commune } : {}) }, 'test');
    return signIn(app, store, username, role);
  };
  const own = await account('bt-anhai', 'editor', 'an-hai');
  const reminded = async () => (await own.get('/').expect(200)).text.includes(REMINDER);
  return { account, own, reminded };
}

describe("a commune's report reminder", () => {
  it("stays when a city viewer or the deployment's admin exports the commune's report", async () => {
    const t = await deployment();
    expect(await t.reminded()).toBe(true);
    await (await t.account('thanhpho', 'city-viewer')).get(QUARTER).expect(200);
    await (await t.account('quantri', 'admin')).get(QUARTER).expect(200);
    expect(await t.reminded()).toBe(true);
  });

  it("goes when one of the commune's own accounts exports it", async () => {
    const t = await deployment();
    await (await t.account('ld-anhai', 'viewer', 'an-hai')).get(QUARTER).expect(200);
    expect(await t.reminded()).toBe(false);
  });
});
