/**
 * Which commune a deployment account works in: a page opened from another site with `?commune=` shows that
 * commune, but only our own pages (or an address typed by the user) change the commune later pages act on.
 */
import { describe, expect, it } from 'vitest';
import { apiAs, makeApp, signIn } from '../helpers.js';

async function deployment() {
  const t = await makeApp();
  const admin = await apiAs(t.app, t.store, 'quantri', 'admin');
  await admin.post('/api/v1/communes', { code: 'an-hai', name: 'An Hải', kind: 'phường' }).expect(201);
  const web = await signIn(t.app, t.store, 'quantri', 'admin');
  /** The commune a plain page (no `?commune=`) is drawn for. */
  const current = async () => /<body data-commune="([^"]+)"/.exec((await web.get('/settings').expect(200)).text)?.[1];
  return { ...t, web, current };
}

describe("the deployment account's current commune", () => {
  it('shows the commune a link from another site names, without remembering it for later pages', async () => {
    const t = await deployment();
    expect(await t.current()).toBe('main');
    const page = await t.web.get('/entries?commune=an-hai').set('Sec-Fetch-Site', 'cross-site').expect(200);
    expect(page.text).toContain('data-commune="an-hai"');
    expect(await t.current()).toBe('main');
    await t.web.get('/?commune=an-hai').set('Sec-Fetch-Site', 'same-site').expect(200);
    expect(await t.current()).toBe('main');
    // A browser that sends no Sec-Fetch-Site: another site's Referer says the same.
    await t.web.get('/?commune=an-hai').set('Referer', 'https://example.org/trap.html').expect(200);
    expect(await t.current()).toBe('main');
  });

  it("remembers the commune chosen on the app's own pages or typed in the address bar", async () => {
    const t = await deployment();
    await t.web.get('/?commune=an-hai').set('Sec-Fetch-Site', 'same-origin').expect(200);
    expect(await t.current()).toBe('an-hai');
    await t.web.get('/?commune=main').set('Sec-Fetch-Site', 'none').expect(200);
    expect(await t.current()).toBe('main');
    await t.web.get('/?commune=an-hai').set('Host', 'cchc.local').set('Referer', 'http://cchc.local/entries').expect(200);
    expect(await t.current()).toBe('an-hai');
  });
});
