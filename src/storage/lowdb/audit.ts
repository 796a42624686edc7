/** A commune's audit trail (records kept in the files of the changes they describe): the filtered reads, and appending in a transaction. */
import type { Paging } from '../../domain/filters.js';
import { type AuditDraft, type AuditRecord, type AuditTargetType, inActionFamily, type Page } from '../../domain/model.js';
import { rangeBounds } from '../../domain/time.js';
import type { AuditFilter } from '../port.js';
import { TxChanges } from './changes.js';
import { copyAudit } from './copies.js';
import type { LowdbState } from './state.js';

export function queryAudit(s: LowdbState, filter: AuditFilter, paging: Paging): Page<AuditRecord> {
  const start = filter.from ? rangeBounds(filter.from, filter.from).start : '';
  const end = filter.to ? rangeBounds(filter.to, filter.to).endExclusive : '';
  const list = filter.target ? s.auditAbout(filter.target.type, filter.target.id) : s.audit;
  const rows: AuditRecord[] = [];
  let total = 0;
  const skip = (paging.page - 1) * paging.pageSize;
  for (let i = list.length - 1; i >= 0; i--) {
    const r = list[i]!;
    if (start && r.at < start) continue;
    if (end && r.at >= end) continue;
    if (filter.user && r.user !== filter.user) continue;
    if (filter.action && !inActionFamily(r.action, filter.action)) continue;
    if (total >= skip && rows.length < paging.pageSize) rows.push(copyAudit(r));
    total++;
  }
  return { total, rows };
}

export function auditOf(s: LowdbState, type: AuditTargetType, id: number | string): AuditRecord[] {
  return s.auditAbout(type, id).map(copyAudit);
}

/**
 * The audit part of a transaction: its records go to the commune's files when it ends (`TxChanges.finish`);
 * the deployment's, to its own trail, written in the same commit.
 */
export class TxAudit {
  private trail: TxAudit | null = null;

  constructor(
    private readonly s: LowdbState,
    private readonly c: TxChanges,
  ) {}

  async appendAudit(draft: AuditDraft): Promise<AuditRecord> {
    const { s, c } = this;
    const record: AuditRecord = { id: s.next.audit++, ...structuredClone(draft) };
    s.indexAudit(record);
    c.stageAudit(record);
    c.undo(() => s.unindexAudit(record));
    return structuredClone(record);
  }

  async appendDeploymentAudit(draft: AuditDraft): Promise<AuditRecord> {
    const trail = (this.s.deployment ?? this.s).trail;
    if (!trail) throw new Error('the deployment trail is not loaded');
    this.trail ??= new TxAudit(trail, this.c.join(new TxChanges(trail)));
    return this.trail.appendAudit(draft);
  }
}
