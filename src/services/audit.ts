import { MSG } from '../domain/messages.js';
import { allowsUser, type User } from '../domain/auth.js';
import type { Paging } from '../domain/filters.js';
import { type AuditAction, type AuditDraft, type AuditRecord, AUDIT_ACTIONS, type FieldErrors, inActionFamily, type Page, type Result } from '../domain/model.js';
import { parseLocalDate, toLocalIso } from '../domain/time.js';
import type { AuditFilter, CommuneTx } from '../storage/port.js';
import { notFound } from './errors.js';
import { type Scope, scopeOf } from './scope.js';

type Diff = { before?: Record<string, unknown>; after?: Record<string, unknown> };

/** An audit record about to be written, stamped now. */
export function auditDraft(scope: Scope, user: string, action: AuditAction, target: AuditRecord['target'], diff?: Diff): AuditDraft {
  const record: AuditDraft = { at: toLocalIso(scope.clock()), user, action, target };
  if (diff?.before) record.before = diff.before;
  if (diff?.after) record.after = diff.after;
  return record;
}

/** Appends an audit record inside a transaction. */
export function audit(tx: CommuneTx, scope: Scope, user: string, action: AuditAction, target: AuditRecord['target'], diff?: Diff): Promise<AuditRecord> {
  return tx.appendAudit(auditDraft(scope, user, action, target, diff));
}

/** Writes an audit record that goes with no record of the log (a log-in, an export), durably. */
export function recordEvent(scope: Scope, user: string, action: AuditAction, target: AuditRecord['target'], details?: Diff): Promise<AuditRecord> {
  return scope.commune.transaction((tx) => audit(tx, scope, user, action, target, details));
}

/*
 * The events of an account (its log-ins and log-outs, its creation and changes, its tokens) are kept
 * in its commune's trail; those of an account of the deployment (its admins, the city's viewers, every
 * account of a ward's own install) and of a name no account has, in the deployment's own trail, which
 * no commune's admins or viewers read.
 */

/** Appends an audit record about an account inside a transaction (of its commune: `scopeOfAccount`), in the trail its events are kept in. */
export function auditAccount(tx: CommuneTx, scope: Scope, account: Pick<User, 'commune'>, user: string, action: AuditAction, target: AuditRecord['target'], diff?: Diff): Promise<AuditRecord> {
  const record = auditDraft(scope, user, action, target, diff);
  return account.commune ? tx.appendAudit(record) : tx.appendDeploymentAudit(record);
}

/**
 * Writes an event of the account named `username` that goes with no other write (a log-in, a failed
 * one, a log-out), durably, in the trail its events are kept in; `user` is who the record names.
 */
export async function recordAccountEvent(scope: Scope, username: string, user: string, action: AuditAction, target: AuditRecord['target'], details?: Diff): Promise<AuditRecord> {
  const account = username ? await scope.storage.users.get(username) : null;
  if (account?.commune) return recordEvent(scopeOf(scope.storage, scope.clock, account.commune), user, action, target, details);
  return scope.storage.deploymentAudit.append(auditDraft(scope, user, action, target, details));
}

/** The audit records about an account, oldest first, from the trail its events are kept in. */
export function accountHistory(scope: Scope, account: Pick<User, 'username' | 'commune'>): Promise<AuditRecord[]> {
  return account.commune ? scopeOf(scope.storage, scope.clock, account.commune).commune.auditOf('user', account.username) : scope.storage.deploymentAudit.auditOf('user', account.username);
}

/** The values of some fields of a record, for an audit record. */
export function pick<T extends object>(record: T, keys: readonly (keyof T)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k as string] = record[k];
  return out;
}

const first = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** Reads the audit filter from query parameters. */
export function parseAuditQuery(query: Record<string, unknown>): Result<{ filter: AuditFilter; paging: Paging }> {
  const errors: FieldErrors = {};
  const filter: AuditFilter = {};
  for (const key of ['from', 'to'] as const) {
    const text = first(query[key]);
    if (!text) continue;
    const parsed = parseLocalDate(text);
    if (parsed.ok) filter[key] = parsed.date;
    else errors[key] = MSG.auditDate;
  }
  if (filter.from && filter.to && filter.to < filter.from) errors.to = MSG.auditDateOrder;
  const user = first(query.user).toLowerCase();
  if (user) filter.user = user;
  const action = first(query.action);
  if (action) {
    const known = Object.keys(AUDIT_ACTIONS);
    if (known.some((a) => inActionFamily(a, action))) filter.action = action;
    else errors.action = MSG.auditAction;
  }
  for (const [key, type] of [['entryId', 'entry'], ['itemId', 'item']] as const) {
    const text = first(query[key]);
    if (!text) continue;
    if (/^\d{1,15}$/.test(text)) filter.target = { type, id: Number(text) };
    else errors[key] = MSG.auditRecordId;
  }
  const pageText = first(query.page);
  const page = /^\d{1,7}$/.test(pageText) && Number(pageText) >= 1 ? Number(pageText) : 1;
  const sizeText = first(query.pageSize);
  const pageSize = /^\d+$/.test(sizeText) && Number(sizeText) >= 1 && Number(sizeText) <= 1000 ? Number(sizeText) : 100;
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: { filter, paging: { page, pageSize } } };
}

/** A trail to read: the commune's of the scope, or the deployment's own. */
export type Trail = 'commune' | 'deployment';

/**
 * The trail a query asks for: `trail=deployment` names the deployment's own, which only the
 * deployment's admins read (anyone else gets 404, as for a trail that is not there); else the commune's.
 */
export function trailAsked(query: Record<string, unknown>, reader: Pick<User, 'role' | 'commune'>): Trail {
  if (first(query.trail) !== 'deployment') return 'commune';
  if (!allowsUser(reader, 'deployment')) throw notFound();
  return 'deployment';
}

/** An audit trail, newest first. */
export function queryAudit(scope: Scope, filter: AuditFilter, paging: Paging, trail: Trail = 'commune'): Promise<Page<AuditRecord>> {
  return trail === 'deployment' ? scope.storage.deploymentAudit.queryAudit(filter, paging) : scope.commune.queryAudit(filter, paging);
}
