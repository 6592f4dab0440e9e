import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { FailureSweepResult } from '../contracts';

const { sweepFailures } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** Started by the `failure-sweep` Schedule (the legacy FD cron): one bulk FD read from the persisted mark. */
export async function failureSweepWorkflow(): Promise<FailureSweepResult> {
  return sweepFailures();
}
