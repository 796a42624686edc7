import type { AuditNames } from '../domain/audit-fields.js';
import { type AuditLine, auditLookups, describeAudit } from '../domain/audit-text.js';
import type { AuditRecord } from '../domain/model.js';
import type { Scope } from './scope.js';
import { vocabularyOf } from './settings.js';

/** Looks each id up, a few at a time, keeping those found. */
async function lookUp<K, T, V>(keys: readonly K[], find: (key: K) => Promise<T | null>, value: (found: T) => V): Promise<Map<K, V>> {
  const out = new Map<K, V>();
  for (let i = 0; i < keys.length; i += 8) {
    const chunk = keys.slice(i, i + 8);
    const found = await Promise.all(chunk.map(find));
    chunk.forEach((k, j) => {
      const f = found[j];
      if (f) out.set(k, value(f));
    });
  }
  return out;
}

/** The names a page of audit records points at: accounts, items, entries, slots, communes and plan tasks. */
async function namesFor(scope: Scope, records: readonly AuditRecord[]): Promise<AuditNames> {
  const want = auditLookups(records);
  const c = scope.commune;
  const [users, communes, items, entries, slots, plans] = await Promise.all([
    scope.storage.users.list(),
    scope.storage.communes(),
    lookUp(want.itemIds, (id) => c.item(id), (i) => i.title),
    lookUp(want.entryIds, (id) => c.entry(id), (e) => ({ title: e.item.title, channel: e.channel, at: e.at })),
    lookUp(want.slotIds, (id) => c.slot(id), (s) => ({ name: s.name, start: s.start, channel: s.channel })),
    lookUp(want.planYears, (year) => c.planTasks(year), (tasks) => tasks),
  ]);
  const tasks = new Map<string, string>();
  for (const [year, list] of plans) for (const t of list) tasks.set(`${year}/${t.id}`, `${t.number}. ${t.text}`);
  return {
    users: new Map(users.map((u) => [u.username, u.fullName])),
    communes: new Map(communes.map((x) => [x.code, { name: x.name, kind: x.kind }])),
    items,
    entries,
    slots,
    tasks,
  };
}

/** Audit records as people read them: names, Vietnamese labels, values as the UI shows them. */
export async function describeAuditRecords(scope: Scope, records: readonly AuditRecord[]): Promise<AuditLine[]> {
  if (!records.length) return [];
  const [vocab, names] = await Promise.all([vocabularyOf(scope), namesFor(scope, records)]);
  return records.map((r) => describeAudit(r, vocab, names));
}
