import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { nextPollDelayMs } from '../../calendar/poll-plan';
import type { TreasuryCalendar } from '../../calendar/working-hours';
import type { CalendarPacing } from '../../contracts';
import { TreasuryErrorType } from '../../contracts/treasury-errors';
import type { ModelClock } from '../../lib/model-clock';

/** The treasury's calendar and the clock the poll plans read. */
export interface PollPacing {
  calendar: TreasuryCalendar;
  clock: ModelClock;
}

/**
 * Below this, a wait is slept inside the attempt rather than handed to the server as a retry: the
 * server's retry timers fire about a second late at best, which only a compressed benchmark clock
 * (a model minute in a tenth of a second) ever asks for. Production plans wait 10 s or more.
 */
const IN_PROCESS_BELOW_MS = 1_000;
/** How long one attempt may keep polling in-process; the follower's attempts heartbeat and last 5 minutes. */
const IN_PROCESS_BUDGET_MS = 4 * 60_000;

const isNotReady = (err: unknown): err is ApplicationFailure =>
  err instanceof ApplicationFailure && err.type === TreasuryErrorType.NotReady;

/**
 * A stage poll paced by its calendar plan: a "not yet" is retried by the server after the delay the
 * plan gives (from when the stage's activity was first scheduled, on the treasury's calendar),
 * carried as the failure's `nextRetryDelay`. Without a plan the poll runs once and the activity's
 * retry policy paces it, as before.
 */
export function pacedPoll<I extends { pace?: CalendarPacing }, R>(
  pacing: PollPacing,
  poll: (input: I) => Promise<R>,
): (input: I) => Promise<R> {
  return async (input) => {
    const plan = input.pace;
    if (!plan) return poll(input);
    const ctx = Context.current();
    const since = pacing.clock.toModel(ctx.info.scheduledTimestampMs);
    const attemptStarted = Date.now();
    for (;;) {
      try {
        return await poll(input);
      } catch (err) {
        if (!isNotReady(err)) throw err;
        const delayMs = pacing.clock.toRealDelay(nextPollDelayMs(pacing.calendar, plan, since, pacing.clock.now()));
        const withinBudget = Date.now() - attemptStarted + delayMs < IN_PROCESS_BUDGET_MS;
        if (delayMs >= IN_PROCESS_BELOW_MS || !withinBudget) throw retryAfter(err, delayMs);
        ctx.heartbeat();
        await ctx.sleep(delayMs);
      }
    }
  };
}

function retryAfter(notReady: ApplicationFailure, delayMs: number): ApplicationFailure {
  return ApplicationFailure.create({
    type: notReady.type ?? undefined,
    message: notReady.message,
    category: notReady.category ?? undefined,
    nextRetryDelay: Math.max(1, delayMs),
  });
}
