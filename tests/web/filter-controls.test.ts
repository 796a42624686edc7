import type { Express } from 'express';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ApiClient, apiAs, draft, makeApp, signIn, type WebClient } from '../helpers.js';
import type { TestStore } from '../test-store.js';

let app: Express;
let web: WebClient;
let api: ApiClient;
let admin: WebClient;
let adminApi: ApiClient;
let store: TestStore;

beforeEach(async () => {
  ({ app, web, api, store } = await makeApp());
  admin = await signIn(app, store, 'quantri', 'admin');
  adminApi = await apiAs(app, store, 'quantri', 'admin');
  await store.addEntry(draft({ title: 'Đẩy mạnh cải cách hành chính' }), 'bientap');
});

// A NUL, a bell, an escape and a DEL: PostgreSQL refuses NUL in text outright; none belongs in a search.
const CONTROLS = ['\u0000', '\u0007', '\u001b', '\u007f'];
const enc = (s: string) => encodeURIComponent(s);

describe('control characters in filters', () => {
  for (const c of CONTROLS) {
    const code = `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

    it(`refuses ${code} in the log list's and the API's filters with 422 and a Vietnamese message`, async () => {
      for (const path of [`/entries?q=c${enc(c)}i`, `/entries/print?q=${enc(c)}`, `/entries?from=01%2F01%2F2026${enc(c)}`]) {
        const res = await web.get(path);
        expect(res.status, path).toBe(422);
        expect(res.text, path).toContain('ký tự điều khiển');
      }
      for (const path of [`/api/v1/entries?q=c${enc(c)}i`, `/api/v1/entries?channel=radio${enc(c)}`, `/api/v1/items?q=${enc(c)}`]) {
        const res = await api.get(path);
        expect(res.status, path).toBe(422);
        expect(JSON.stringify(res.body), path).toContain('ký tự điều khiển');
      }
    });

    it(`refuses ${code} in the audit trail's filters with 422`, async () => {
      for (const path of [`/audit?user=an${enc(c)}`, `/audit?action=entry${enc(c)}`]) {
        const res = await admin.get(path);
        expect(res.status, path).toBe(422);
        expect(res.text, path).toContain('ký tự điều khiển');
      }
      const res = await adminApi.get(`/api/v1/audit?user=${enc(c)}`);
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body)).toContain('ký tự điều khiển');
    });

    it(`refuses ${code} in an export's filter with 422 and records no export`, async () => {
      for (const path of [`/export/entries.csv?q=${enc(c)}`, `/export/entries.xlsx?q=x${enc(c)}`]) {
        const res = await web.get(path);
        expect(res.status, path).toBe(422);
        expect(res.text, path).toContain('ký tự điều khiển');
      }
      const trail = await adminApi.get('/api/v1/audit?action=export').expect(200);
      expect(trail.body.total).toBe(0);
    });
  }

  it('still finds entries by ordinary Vietnamese text', async () => {
    const res = await api.get(`/api/v1/entries?q=${enc('cải cách')}`).expect(200);
    expect(res.body.total).toBe(1);
  });
});
