import { afterAll, beforeAll } from 'vitest';
import { type ApiClient, apiAs, makeApp, type TestApp } from '../helpers.js';
import { type PortalServer, startPortalServer } from '../portal-server.js';

/** The tests' fetch rules: 127.0.0.1 is the allowed test host; 127.0.0.2 stands for a private address that must be refused. */
export const WATCH_RULES = { allowHosts: ['127.0.0.1'], timeoutMs: 2000 };

/** The local portal (127.0.0.1) and a portal on a private address (127.0.0.2), for a test file's duration. */
export function portals(): { site: () => PortalServer; inside: () => PortalServer } {
  let site: PortalServer | undefined;
  let inside: PortalServer | undefined;
  beforeAll(async () => {
    site = await startPortalServer('127.0.0.1');
    inside = await startPortalServer('127.0.0.2');
  });
  afterAll(async () => {
    await site?.close();
    await inside?.close();
  });
  return { site: () => site!, inside: () => inside! };
}

export interface WatchApp extends TestApp {
  /** An admin's token (places are admins'). */
  admin: ApiClient;
  /** Adds a place through the API (defaults: a portal page with topic m); its id. */
  place(body: Record<string, unknown>): Promise<number>;
}

/** An app over a fresh store whose fetches follow WATCH_RULES, an editor (web and API) and an admin's token. */
export async function watchApp(): Promise<WatchApp> {
  const t = await makeApp({ linkPreview: WATCH_RULES });
  const admin = await apiAs(t.app, t.store, 'quantri', 'admin');
  const place = async (body: Record<string, unknown>): Promise<number> => {
    const res = await admin.post('/api/v1/watch/places', { kind: 'page', channel: 'portal', format: 'news', topics: ['m'], ...body });
    if (res.status !== 201) throw new Error(`place refused: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as number;
  };
  return { ...t, admin, place };
}
