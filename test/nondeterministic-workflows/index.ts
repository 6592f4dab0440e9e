import { proxyActivities, sleep } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { PlatformProbeInput, PlatformProbeResult } from '../../contracts';

const { recordProbe } = proxyActivities<ReturnType<typeof createActivities>>({ startToCloseTimeout: '10 seconds' });

/** A deliberately incompatible edit of the probe workflow (a timer before the activity), for the negative replay test. */
export async function platformProbeWorkflow(input: PlatformProbeInput): Promise<PlatformProbeResult> {
  await sleep('1 second');
  return await recordProbe(input);
}
