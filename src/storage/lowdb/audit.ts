import type { Paging } from '../../domain/filters.js';
import type { AuditRecord, AuditTargetType, Page } from '../../domain/model.js';
import { rangeBounds } from '../../domain/time.js';
import type { AuditFilter } from '../port.js';
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
    if (filter.action && r.action !== filter.action && !r.action.startsWith(`${filter.action}.`)) continue;
    if (total >= skip && rows.length < paging.pageSize) rows.push(copyAudit(r));
    total++;
  }
  return { total, rows };
}

export function auditOf(s: LowdbState, type: AuditTargetType, id: number | string): AuditRecord[] {
  return s.auditAbout(type, id).map(copyAudit);
}
