import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_VARS, loadConfig } from '../src/config.js';

describe('the configuration of waits and limits', () => {
  it('bounds every wait by default', () => {
    const c = loadConfig({});
    expect(c.pg).toEqual({ poolSize: 10, waits: { queueMs: 10_000, acquireMs: 5_000, statementMs: 30_000, lockMs: 10_000, idleTransactionMs: 60_000 } });
    expect(c.downloadStallMs).toBe(60_000);
    expect(c.logbookMaxRows).toBe(4_000);
  });

  it('takes other bounds from the environment', () => {
    const c = loadConfig({ PG_POOL_SIZE: '4', WRITE_QUEUE_TIMEOUT_MS: '2500', PG_LOCK_TIMEOUT_MS: '800', DOWNLOAD_STALL_SECONDS: '30', LOGBOOK_MAX_ROWS: '500' });
    expect([c.pg.poolSize, c.pg.waits.queueMs, c.pg.waits.lockMs, c.downloadStallMs, c.logbookMaxRows]).toEqual([4, 2_500, 800, 30_000, 500]);
  });

  it.each([
    ['PG_POOL_SIZE', '0'],
    ['PG_STATEMENT_TIMEOUT_MS', 'never'],
    ['WRITE_QUEUE_TIMEOUT_MS', '-1'],
    ['DOWNLOAD_STALL_SECONDS', '1'],
    ['LOGBOOK_MAX_ROWS', '2.5'],
    ['FETCH_ALLOW_HOSTS', 'https://portal.anhai.local'],
    ['FETCH_ALLOW_HOSTS', 'portal.local:8080'],
    ['PORTAL_WATCH_CRON', 'every four hours'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('reads the hosts a pasted link may be read from on a private address', () => {
    expect(loadConfig({}).fetchAllowHosts).toEqual([]);
    expect(loadConfig({ FETCH_ALLOW_HOSTS: ' Portal.AnHai.local, 127.0.0.1,[::1] ' }).fetchAllowHosts).toEqual(['portal.anhai.local', '127.0.0.1', '::1']);
  });

  it('reads the portal watch\'s schedule: every few hours by default, switched off when empty', () => {
    expect(loadConfig({}).portalWatchCron).toBe('15 */4 * * *');
    expect(loadConfig({ PORTAL_WATCH_CRON: '0 8,14 * * *' }).portalWatchCron).toBe('0 8,14 * * *');
    expect(loadConfig({ PORTAL_WATCH_CRON: ' ' }).portalWatchCron).toBeNull();
  });

  it('documents every variable in the README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(Object.keys(ENV_VARS).filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
