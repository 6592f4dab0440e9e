import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ReconciliationInput, ReconciliationTotals } from '../contracts';

const { reconcilePage } = proxyActivities<Activities>({
  // A page is paced lookups (a few per PI): long, but it heartbeats per PI.
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 20 },
});

/**
 * Compares our PIs with the treasury's records (Schedule `reconciliation`), page by page, continuing
 * as new every `pagesPerRun` pages so its history stays bounded however many PIs there are. It only
 * records differences for people to decide on; it never moves money.
 */
export async function reconciliationWorkflow(input: ReconciliationInput): Promise<ReconciliationTotals> {
  const totals: ReconciliationTotals = { compared: 0, differences: 0, resolved: 0, ...input.totals };
  let after = input.after;
  for (let page = 0; ; page++) {
    if (page >= (input.pagesPerRun ?? 20))
      await continueAsNew<typeof reconciliationWorkflow>({ ...input, after, totals });
    const result = await reconcilePage({
      lookbackDays: input.lookbackDays,
      pageSize: input.pageSize,
      callsPerSecond: input.callsPerSecond,
      tenantIds: input.tenantIds,
      after,
    });
    totals.compared += result.compared;
    totals.differences += result.differences;
    totals.resolved += result.resolved;
    if (!result.next) return totals;
    after = result.next;
  }
}
