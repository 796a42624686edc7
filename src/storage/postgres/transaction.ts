import type { CommuneTx } from '../port.js';
import { routeCalls } from '../transaction.js';
import { TxAudit } from './audit.js';
import { TxBatches } from './batch.js';
import type { Queryable } from './db.js';
import { TxDeploymentAudit } from './deployment-audit.js';
import { TxEntries } from './entries.js';
import { TxFiles } from './files.js';
import { TxImports } from './imports.js';
import { TxItems } from './items.js';
import { TxMetrics } from './metrics.js';
import { TxYearPlan } from './year-plan.js';
import { TxSchedule } from './schedule.js';
import { TxSettings } from './settings.js';
import { TxSummaries } from './summaries.js';
import { TxUsers } from './users.js';
import { TxWatch } from './watch.js';

/**
 * One transaction of a commune on one client, which holds the commune's lock until it ends: one
 * part per noun, each in that noun's module, all on the same client and commune. Which part answers
 * each call is the port's `routeCalls`, the same for both engines.
 */
export function pgTx(db: Queryable, commune: number): CommuneTx {
  return routeCalls({
    entries: new TxEntries(db, commune),
    items: new TxItems(db, commune),
    files: new TxFiles(db, commune),
    audit: new TxAudit(db, commune),
    deploymentAudit: new TxDeploymentAudit(db),
    settings: new TxSettings(db, commune),
    schedule: new TxSchedule(db, commune),
    yearPlan: new TxYearPlan(db, commune),
    imports: new TxImports(db, commune),
    batches: new TxBatches(db, commune),
    summaries: new TxSummaries(db, commune),
    users: new TxUsers(db),
    metrics: new TxMetrics(db, commune),
    watch: new TxWatch(db, commune),
  });
}
