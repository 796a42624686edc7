import type { CommuneTx } from '../port.js';
import { routeCalls } from '../transaction.js';
import { TxAudit } from './audit.js';
import { TxBatches } from './batch.js';
import { TxChanges } from './changes.js';
import { TxEntries } from './entries.js';
import { TxFiles } from './files.js';
import { TxImports } from './imports.js';
import { TxItems } from './items.js';
import { TxMetrics } from './metrics.js';
import { TxYearPlan } from './year-plan.js';
import { TxSchedule } from './schedule.js';
import { TxSettings } from './settings.js';
import type { LowdbState } from './state.js';
import { TxSummaries } from './summaries.js';
import { TxUsers } from './users.js';
import { TxWatch } from './watch.js';

/**
 * One transaction of the embedded engine: one part per noun, each in that noun's module, all over
 * the same changes (`changes`, a `TxChanges`: how a change lands in memory and in its file, how it is
 * undone: `finish` hands the files to the group commit, `rollback` undoes it all). Which part answers
 * each call is the port's `routeCalls`, the same for both engines.
 */
export function lowdbTx(s: LowdbState): CommuneTx & { readonly changes: TxChanges } {
  const changes = new TxChanges(s);
  const entries = new TxEntries(s, changes);
  const items = new TxItems(s, changes);
  // The embedded trail keeps the deployment's own records beside the communes'.
  const audit = new TxAudit(s, changes);
  const tx = routeCalls({
    entries,
    items,
    files: new TxFiles(s, changes),
    audit,
    deploymentAudit: audit,
    settings: new TxSettings(s, changes),
    schedule: new TxSchedule(s, changes),
    yearPlan: new TxYearPlan(s, changes),
    imports: new TxImports(s, changes, entries, items),
    batches: new TxBatches(s, changes),
    summaries: new TxSummaries(s, changes),
    users: new TxUsers(s, changes),
    metrics: new TxMetrics(s, changes),
    watch: new TxWatch(s, changes),
  });
  return Object.assign(tx, { changes });
}
