/** A commune's audit trail (`audit`): the filtered reads, and appending in a transaction. */
import type { Paging } from '../../domain/filters.js';
import { actionFamilyPrefix, type AuditDraft, type AuditRecord, type AuditTargetType, type Page } from '../../domain/model.js';
import { rangeBounds } from '../../domain/time.js';
import type { AuditFilter } from '../port.js';
import { json, withId } from './commune-docs.js';
import { one, type Queryable, rows } from './db.js';
import { likePrefix } from './records.js';

export async function queryAudit(db: Queryable, commune: number, filter: AuditFilter, paging: Paging): Promise<Page<AuditRecord>> {
  const values: unknown[] = [commune];
  const where = auditConditions(filter, values);
  const cond = where.length ? ` AND ${where.join(' AND ')}` : '';
  const total = (await one<{ n: number }>(db, `SELECT count(*)::int AS n FROM audit WHERE commune_id = $1${cond}`, values))!.n;
  const page = await rows(db, `SELECT id, record FROM audit WHERE commune_id = $1${cond} ORDER BY id DESC LIMIT ${paging.pageSize} OFFSET ${(paging.page - 1) * paging.pageSize}`, values);
  return { total, rows: page.map((r) => withId(r) as unknown as AuditRecord) };
}

/** An audit filter as SQL conditions on the columns of a trail's table, their values added to `values`. */
export function auditConditions(filter: AuditFilter, values: unknown[]): string[] {
  const where: string[] = [];
  const add = (sql: (n: string) => string, value: unknown): void => {
    values.push(value);
    where.push(sql(`$${values.length}`));
  };
  if (filter.from) add((n) => `at >= ${n}`, rangeBounds(filter.from, filter.from).start);
  if (filter.to) add((n) => `at < ${n}`, rangeBounds(filter.to, filter.to).endExclusive);
  if (filter.user) add((n) => `username = ${n}`, filter.user);
  if (filter.action) {
    // The domain's family rule (`inActionFamily`): the action itself, or one that starts with its prefix.
    values.push(filter.action, likePrefix(actionFamilyPrefix(filter.action)));
    where.push(`(action = $${values.length - 1} OR action LIKE $${values.length})`);
  }
  if (filter.target) {
    add((n) => `target_type = ${n}`, filter.target.type);
    add((n) => `target_id = ${n}`, String(filter.target.id));
  }
  return where;
}

export async function auditOf(db: Queryable, commune: number, type: AuditTargetType, id: number | string): Promise<AuditRecord[]> {
  const found = await rows(db, 'SELECT id, record FROM audit WHERE commune_id = $1 AND target_type = $2 AND target_id = $3 ORDER BY id', [commune, type, String(id)]);
  return found.map((r) => withId(r) as unknown as AuditRecord);
}

/** The commune's audit part of a transaction. */
export class TxAudit {
  constructor(
    private readonly db: Queryable,
    private readonly commune: number,
  ) {}

  async appendAudit(draft: AuditDraft): Promise<AuditRecord> {
    const r = await one<{ id: number }>(this.db, 'INSERT INTO audit (commune_id, at, username, action, target_type, target_id, record) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) RETURNING id', [
      this.commune,
      draft.at,
      draft.user,
      draft.action,
      draft.target?.type ?? null,
      draft.target ? String(draft.target.id) : null,
      json(draft),
    ]);
    return { id: r!.id, ...structuredClone(draft) };
  }
}
