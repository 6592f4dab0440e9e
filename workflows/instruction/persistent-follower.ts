import { condition, isCancellation } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { StagePolicy } from '../../contracts';
import { StageFollower, type StageHooks, type StageName, type StagePollCall } from '../payment/follow-stage';

type StagePollActivity = 'pollSanction' | 'pollAdvice' | 'pollDisbursement';

export interface PersistentHooks extends StageHooks {
  /** A poll failed for good (a 4xx, an answer our schemas refuse): flag it with the reason. */
  onError(stage: StageName, reason: string): Promise<void>;
  onRecovered(stage: StageName): Promise<void>;
}

/**
 * Follows a stage of an instruction the treasury may hold, and never gives up on it: an error that
 * retrying the activity cannot fix (a 4xx on PIS/PAG/PD, an answer our schemas refuse) flags the PI
 * STUCK with the reason and polls again after the stage's longest interval, or at once on `pollNow`.
 * Failing the PI instead would credit back money the treasury may still pay.
 */
export class PersistentFollower {
  private readonly follower: StageFollower;
  private pollRequested = false;

  constructor(private readonly hooks: PersistentHooks) {
    this.follower = new StageFollower(hooks);
  }

  pollNow(): void {
    this.pollRequested = true;
    this.follower.pollNow();
  }

  /** One of the stage polls, asked about `piNumber` and paced by the stage's calendar plan if it has one. */
  poll<K extends StagePollActivity>(
    stage: StageName,
    policy: StagePolicy,
    activity: K,
    piNumber: string,
  ): Promise<Awaited<ReturnType<Activities[K]>>> {
    type Result = Awaited<ReturnType<Activities[K]>>;
    return this.follow<Result>(stage, policy, (a, pace) => a[activity]({ piNumber, pace }) as Promise<Result>);
  }

  async follow<T>(stage: StageName, policy: StagePolicy, poll: StagePollCall<T>): Promise<T> {
    let failing = false;
    for (;;) {
      try {
        const result = await this.follower.follow(stage, policy, poll);
        if (failing) await this.hooks.onRecovered(stage);
        return result;
      } catch (err) {
        if (isCancellation(err)) throw err;
        failing = true;
        await this.hooks.onError(stage, failureText(err));
        this.pollRequested = false;
        await condition(() => this.pollRequested, policy.maximumIntervalMs, {
          summary: `${stage}: poll again after an error (or at once on Poll now)`,
        });
      }
    }
  }
}

/** The innermost message of an activity failure: what the treasury or our check actually said. */
export function failureText(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}
