import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, log, proxyActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { fundsSyncWorkflowId, type FundsSyncKey, type FundsSyncResult, type FundsSyncScope } from '../contracts';
import { recordOptions } from './activity-options';

const treasuryRead = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // VA is a read with a persisted mark: retrying is always safe; a run that cannot finish in an
  // hour gives way to the next scheduled one.
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * Started by the `funds-sync` Schedule (the legacy VA cron): one child per tenant × spending unit ×
 * head of account, each with a workflow id of its own, so two syncs of the same key never overlap
 * even if a run is triggered by hand while another is going.
 */
export async function fundsSyncAllWorkflow(scope: FundsSyncScope = {}): Promise<{ started: number; skipped: number }> {
  const keys = await proxyActivities<Activities>(recordOptions).listFundsSyncKeys(scope);
  let started = 0;
  let skipped = 0;
  for (const key of keys) {
    try {
      await startChild(fundsSyncWorkflow, {
        workflowId: fundsSyncWorkflowId(key),
        args: [key],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      started += 1;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      skipped += 1;
    }
  }
  log.info('funds sync dispatched', { started, skipped });
  return { started, skipped };
}

/** One key's VA sync: fetch from the high-water mark, apply to the ledger, wake the payments waiting for funds. */
export async function fundsSyncWorkflow(key: FundsSyncKey): Promise<FundsSyncResult> {
  if (!key.tenantId) throw ApplicationFailure.nonRetryable('a funds sync key needs a tenant');
  return treasuryRead.syncAllotments(key);
}
