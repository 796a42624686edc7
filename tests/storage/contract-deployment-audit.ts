/**
 * The storage contract of the deployment's own audit trail (`Storage.deploymentAudit`): apart from
 * every commune's trail, appended to on its own or with a transaction, filtered like a commune's, and
 * kept across a restart. Run by `storageContract` on each engine.
 */
import { describe, expect, it } from 'vitest';
import type { AuditDraft } from '../../src/domain/model.js';
import { draft } from '../helpers.js';
import type { EngineHarness } from './contract.js';

const ALL = { page: 1, pageSize: 500 };
const AT = '2026-11-22T10:00:00+07:00';

const loginOf = (user: string, at = AT): AuditDraft => ({ at, user, action: 'auth.login', target: { type: 'user', id: user }, after: { ip: '203.0.113.7' } });

export function deploymentAuditContract(engine: string, h: EngineHarness): void {
  describe(`storage contract: ${engine}: the deployment's own trail`, () => {
    it("keeps its records apart from every commune's trail, with ids of the same sequence, across a restart", async () => {
      const store = await h.open();
      await store.storage.createCommune({ code: 'an-hai', name: 'An Hải', kind: 'phường' });
      const before = await store.addEntry(draft(), 'an');
      const login = await store.storage.deploymentAudit.append(loginOf('quantri'));
      const failed = await store.storage.deploymentAudit.append({ at: AT, user: 'khongco', action: 'auth.login-failed', target: { type: 'user', id: 'khongco' }, after: { ip: '203.0.113.8' } });
      const after = await store.inCommune('an-hai').addEntry(draft(), 'an');
      expect(login).toEqual({ id: expect.any(Number), ...loginOf('quantri') });
      const ids = [(await store.auditOf('entry', before.entry.id))[0]!.id, login.id, failed.id, (await store.inCommune('an-hai').auditOf('entry', after.entry.id))[0]!.id];
      expect(new Set(ids).size).toBe(4);
      expect(failed.id).toBeGreaterThan(login.id);

      const check = async (s: typeof store): Promise<void> => {
        const trail = s.storage.deploymentAudit;
        expect((await trail.queryAudit({ action: 'auth' }, ALL)).rows.map((r) => [r.id, r.action, r.user])).toEqual([
          [failed.id, 'auth.login-failed', 'khongco'],
          [login.id, 'auth.login', 'quantri'],
        ]);
        expect((await trail.queryAudit({ action: 'auth' }, ALL)).rows[1]).toEqual(login);
        expect(await trail.queryAudit({ action: 'entry' }, ALL)).toEqual({ total: 0, rows: [] });
        for (const code of ['main', 'an-hai']) {
          expect((await s.inCommune(code).queryAudit({ action: 'auth' }, ALL)).rows).toEqual([]);
          expect((await s.inCommune(code).queryAudit({ user: 'an' }, ALL)).rows.map((r) => r.action)).toEqual(['entry.create', 'item.create']);
        }
      };
      await check(store);
      await check(await h.reopen(store));
    });

    it('filters by date, user, action family and record, newest first, and pages', async () => {
      const store = await h.open();
      const trail = store.storage.deploymentAudit;
      await trail.append(loginOf('quantri', '2026-11-20T08:00:00+07:00'));
      await trail.append({ at: '2026-11-21T08:00:00+07:00', user: 'quantri', action: 'token.create', target: { type: 'token', id: 'abc123' }, after: { name: 'máy', username: 'quantri' } });
      await trail.append(loginOf('thanhpho', '2026-11-22T08:00:00+07:00'));
      await trail.append({ at: '2026-11-22T09:00:00+07:00', user: 'quantri', action: 'auth.logout', target: { type: 'user', id: 'quantri' } });
      const actions = async (filter: Parameters<typeof trail.queryAudit>[0]) => (await trail.queryAudit(filter, ALL)).rows.map((r) => r.action);
      expect(await actions({ user: 'quantri' })).toEqual(['auth.logout', 'token.create', 'auth.login']);
      expect(await actions({ action: 'auth' })).toEqual(['auth.logout', 'auth.login', 'auth.login']);
      expect(await actions({ action: 'auth.login' })).toEqual(['auth.login', 'auth.login']);
      expect(await actions({ from: '2026-11-21', to: '2026-11-21' })).toEqual(['token.create']);
      expect(await actions({ from: '2026-11-22', action: 'auth' })).toEqual(['auth.logout', 'auth.login']);
      expect(await actions({ target: { type: 'token', id: 'abc123' } })).toEqual(['token.create']);
      const page = await trail.queryAudit({ user: 'quantri' }, { page: 2, pageSize: 2 });
      expect([page.total, page.rows.map((r) => r.action)]).toEqual([3, ['auth.login']]);
      expect((await trail.auditOf('user', 'quantri')).map((r) => r.action)).toEqual(['auth.login', 'auth.logout']);
      expect(await trail.auditOf('user', 'khongai')).toEqual([]);
    });

    it('keeps a record appended in a transaction with its change, and drops it with a transaction that fails', async () => {
      const store = await h.open();
      const stamp = { fullName: 'Thành phố', role: 'city-viewer' as const, passwordHash: 'x', disabled: false, sessionVersion: 1, createdAt: AT, createdBy: 'quantri', updatedAt: AT, updatedBy: 'quantri' };
      await store.commune.transaction(async (tx) => {
        await tx.createUser({ username: 'thanhpho', ...stamp });
        await tx.appendDeploymentAudit({ at: AT, user: 'quantri', action: 'user.create', target: { type: 'user', id: 'thanhpho' } });
      });
      await expect(
        store.commune.transaction(async (tx) => {
          await tx.createUser({ username: 'bo-do', ...stamp });
          await tx.appendDeploymentAudit({ at: AT, user: 'quantri', action: 'user.create', target: { type: 'user', id: 'bo-do' } });
          await tx.appendAudit({ at: AT, user: 'quantri', action: 'settings.update', target: null });
          throw new Error('given up');
        }),
      ).rejects.toThrow('given up');
      // A commune's transaction that writes both trails: each record in its own.
      await store.commune.transaction(async (tx) => {
        await tx.appendDeploymentAudit(loginOf('thanhpho'));
        await tx.appendAudit({ at: AT, user: 'thanhpho', action: 'settings.update', target: { type: 'settings', id: 'settings' } });
      });
      const check = async (s: typeof store): Promise<void> => {
        const trail = s.storage.deploymentAudit;
        expect((await trail.auditOf('user', 'thanhpho')).map((r) => [r.action, r.user])).toEqual([
          ['user.create', 'quantri'],
          ['auth.login', 'thanhpho'],
        ]);
        expect(await trail.auditOf('user', 'bo-do')).toEqual([]);
        expect(await s.storage.users.get('bo-do')).toBeNull();
        expect((await s.storage.users.get('thanhpho'))?.role).toBe('city-viewer');
        expect((await s.queryAudit({ user: 'thanhpho' }, ALL)).rows.map((r) => r.action)).toEqual(['settings.update']);
        expect((await s.queryAudit({ user: 'quantri' }, ALL)).rows).toEqual([]);
      };
      await check(store);
      await check(await h.reopen(store));
    });
  });
}
