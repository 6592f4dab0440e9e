import { ActivityFailure, TimeoutFailure, TimeoutType } from '@temporalio/common';
import { CancellationScope, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { StagePolicy } from '../../contracts';
import { withSummaries } from './activity-summaries';

export type StageName = 'CONFIRMATION' | 'SANCTION' | 'ADVICE' | 'DISBURSEMENT' | 'RETURNS';

export interface StageHooks {
  onStuck(stage: StageName): Promise<void>;
  onUnstuck(stage: StageName): Promise<void>;
}

/**
 * Follows one treasury stage by polling through the activity's retry policy: the activity throws a
 * benign "not ready" failure and the server retries it at the stage's interval, so a thousand polls
 * add no history. Past the stage deadline the instruction is flagged STUCK for a person, and polling
 * goes on. `pollNow` (an operator signal) cancels the wait and polls again at once.
 */
export class StageFollower {
  private current: CancellationScope | undefined;
  private pollNowRequested = false;

  constructor(private readonly hooks: StageHooks) {}

  pollNow(): void {
    this.pollNowRequested = true;
    this.current?.cancel();
  }

  async follow<T>(stage: StageName, policy: StagePolicy, poll: (acts: Activities) => Promise<T>): Promise<T> {
    let stuck = false;
    for (;;) {
      const acts = withSummaries(
        proxyActivities<Activities>({
          // One poll is one treasury call (10 s client timeout): a poll lost with a killed worker is retried soon.
          startToCloseTimeout: '20 seconds',
          scheduleToCloseTimeout: policy.deadlineMs,
          retry: {
            initialInterval: policy.initialIntervalMs,
            backoffCoefficient: policy.backoffCoefficient,
            maximumInterval: policy.maximumIntervalMs,
          },
        }),
      );
      this.pollNowRequested = false;
      this.current = new CancellationScope();
      try {
        const result = await this.current.run(() => poll(acts));
        if (stuck) await this.hooks.onUnstuck(stage);
        return result;
      } catch (err) {
        if (isCancellation(err) && this.pollNowRequested) continue;
        if (isScheduleToCloseTimeout(err)) {
          if (!stuck) await this.hooks.onStuck(stage);
          stuck = true;
          continue;
        }
        throw err;
      } finally {
        this.current = undefined;
      }
    }
  }
}

export function isScheduleToCloseTimeout(err: unknown): boolean {
  return (
    err instanceof ActivityFailure &&
    err.cause instanceof TimeoutFailure &&
    err.cause.timeoutType === TimeoutType.SCHEDULE_TO_CLOSE
  );
}
