import { executeChild, proxyActivities, sleep } from '@temporalio/workflow';
import type { createFloorActivities } from './activities';

export interface FloorShape {
  /** Activities the payment workflow runs itself, and those its PI child runs. */
  parentActivities: number;
  childActivities: number;
  /** Timers in the child (a real PI's polls are retries, not timers; kept for completeness). */
  childTimers: number;
}

const { noop } = proxyActivities<ReturnType<typeof createFloorActivities>>({ startToCloseTimeout: '30 seconds' });

/**
 * The bare-Temporal floor: a parent and a child with the same number of activities and timers as a
 * real payment, but empty bodies. Our throughput is reported as a fraction of this one's.
 */
export async function floorPaymentWorkflow(shape: FloorShape): Promise<number> {
  for (let i = 0; i < shape.parentActivities; i++) await noop();
  return executeChild(floorInstructionWorkflow, { args: [shape] });
}

export async function floorInstructionWorkflow(shape: FloorShape): Promise<number> {
  for (let i = 0; i < shape.childActivities; i++) await noop();
  for (let i = 0; i < shape.childTimers; i++) await sleep(1);
  return shape.childActivities;
}
