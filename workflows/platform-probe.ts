import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { PlatformProbeInput, PlatformProbeResult } from '../contracts';

const { recordProbe } = proxyActivities<ReturnType<typeof createActivities>>({
  // A single insert: if the database is unreachable the retry policy, not the workflow, waits it out.
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function platformProbeWorkflow(input: PlatformProbeInput): Promise<PlatformProbeResult> {
  return await recordProbe(input);
}
