import { ActivityFailure, TimeoutFailure, TimeoutType } from '@temporalio/common';
import { CancellationScope, isCancellation, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { CalendarPacing, StagePolicy } from '../../contracts';
import { withSummaries } from './activity-summaries';

export type StageName = 'CONFIRMATION' | 'SANCTION' | 'ADVICE' | 'DISBURSEMENT' | 'RETURNS';

/** Polls one stage through `acts`, passing the stage's calendar plan (if any) to the activity. */
export type StagePollCall<T> = (acts: Activities, pace: CalendarPacing | undefined) => Promise<T>;

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

  async follow<T>(stage: StageName, policy: StagePolicy, poll: StagePollCall<T>): Promise<T> {
    let stuck = false;
    for (;;) {
      const acts = withSummaries(
        proxyActivities<Activities>({
          ...attemptTimeouts(policy),
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
        const result = await this.current.run(() => poll(acts, policy.calendar));
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

/**
 * One poll is one treasury call (10 s client timeout): a poll lost with a killed worker is retried
 * soon. A calendar-paced attempt may poll several times in-process (activities/instructions/pacing.ts)
 * and heartbeats before each call, so a killed worker is noticed as soon.
 */
function attemptTimeouts(policy: StagePolicy): Pick<ActivityOptions, 'startToCloseTimeout' | 'heartbeatTimeout'> {
  return policy.calendar
    ? { startToCloseTimeout: '5 minutes', heartbeatTimeout: '30 seconds' }
    : { startToCloseTimeout: '20 seconds' };
}

export function isScheduleToCloseTimeout(err: unknown): boolean {
  return (
    err instanceof ActivityFailure &&
    err.cause instanceof TimeoutFailure &&
    err.cause.timeoutType === TimeoutType.SCHEDULE_TO_CLOSE
  );
}
