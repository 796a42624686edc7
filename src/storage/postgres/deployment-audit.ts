/** The deployment's own audit trail (`deployment_audit`): the events of its accounts and of usernames no account has. */
import type { AuditDraft, AuditRecord } from '../../domain/model.js';
import type { DeploymentAudit } from '../port.js';
import { auditConditions } from './audit.js';
import { withId } from './commune-docs.js';
import { one, type Queryable, rows } from './db.js';

/** Appends a record: through the pool on its own, or through a transaction's client with the change it records. */
export async function insertDeploymentAudit(db: Queryable, draft: AuditDraft): Promise<AuditRecord> {
  const r = await one<{ id: number }>(db, 'INSERT INTO deployment_audit (at, username, action, target_type, target_id, record) VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING id', [
    draft.at,
    draft.user,
    draft.action,
    draft.target?.type ?? null,
    draft.target ? String(draft.target.id) : null,
    JSON.stringify(draft),
  ]);
  return { id: r!.id, ...structuredClone(draft) };
}

export function deploymentAudit(db: Queryable): DeploymentAudit {
  return {
    append: (draft) => insertDeploymentAudit(db, draft),
    queryAudit: async (filter, paging) => {
      const values: unknown[] = [];
      const where = auditConditions(filter, values);
      const cond = where.length ? ` WHERE ${where.join(' AND ')}` : '';
      const total = (await one<{ n: number }>(db, `SELECT count(*)::int AS n FROM deployment_audit${cond}`, values))!.n;
      const page = await rows(db, `SELECT id, record FROM deployment_audit${cond} ORDER BY id DESC LIMIT ${paging.pageSize} OFFSET ${(paging.page - 1) * paging.pageSize}`, values);
      return { total, rows: page.map((r) => withId(r) as unknown as AuditRecord) };
    },
    auditOf: async (type, id) => {
      const found = await rows(db, 'SELECT id, record FROM deployment_audit WHERE target_type = $1 AND target_id = $2 ORDER BY id', [type, String(id)]);
      return found.map((r) => withId(r) as unknown as AuditRecord);
    },
  };
}

/** The deployment's trail in a commune's transaction: a change of one of its accounts, recorded with it. */
export class TxDeploymentAudit {
  constructor(private readonly db: Queryable) {}

  appendDeploymentAudit(draft: AuditDraft): Promise<AuditRecord> {
    return insertDeploymentAudit(this.db, draft);
  }
}
