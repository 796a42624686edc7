import path from 'node:path';
import type { DeploymentAudit } from '../port.js';
import * as audit from './audit.js';
import { TxChanges } from './changes.js';
import type { TxQueue } from './commune.js';
import { LowdbState } from './state.js';

/** The folder of the deployment's own audit trail, inside the data directory. */
export const DEPLOYMENT_AUDIT_DIR = 'deployment-audit';

/**
 * Loads the deployment's own trail (the events of its accounts and of usernames no account has) from
 * its folder, made when missing. It is kept as a commune's log is (numbered files of bounded size,
 * counted by a manifest, written by the data directory's group commit), so a long trail costs a write
 * no more than a short one; only its audit records are used. A change of an account and its record
 * here are one atomic write (`CommuneTx.appendDeploymentAudit`).
 */
export async function loadDeploymentTrail(root: LowdbState): Promise<LowdbState> {
  const trail = await LowdbState.loadCommune(root, path.join(root.dataDir, DEPLOYMENT_AUDIT_DIR));
  root.trail = trail;
  return trail;
}

/** The deployment's trail for the port: appended to in the data directory's queue of changes, read from memory. */
export function deploymentAudit(trail: LowdbState, queue: TxQueue): DeploymentAudit {
  return {
    append: async (draft) => {
      const run = queue.run(async () => {
        const changes = new TxChanges(trail);
        const record = await new audit.TxAudit(trail, changes).appendAudit(draft);
        const { files, undo } = changes.finish();
        return { record, durable: trail.committer.commit(files, undo) };
      });
      const { record, durable } = await run;
      await durable;
      return record;
    },
    queryAudit: async (filter, paging) => audit.queryAudit(trail, filter, paging),
    auditOf: async (type, id) => audit.auditOf(trail, type, id),
  };
}
