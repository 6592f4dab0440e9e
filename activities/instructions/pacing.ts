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
/**
 * A retry handed to the server is asked for this much early, and the new attempt sleeps to the
 * plan's due time before it polls: the server's retry timers fire up to about a second late, which a
 * compressed clock magnifies into minutes (and which would make a window's first poll late).
 */
const WAKE_EARLY_MS = 2_000;

/** Carried to the next attempt in the last heartbeat's details: when the plan wants the next poll. */
interface PollDue {
  dueAtModelMs: number;
}

const dueOf = (details: unknown): number | undefined =>
  typeof details === 'object' && details !== null && typeof (details as PollDue).dueAtModelMs === 'number'
    ? (details as PollDue).dueAtModelMs
    : undefined;

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
    const due = dueOf(ctx.info.heartbeatDetails);
    if (due !== undefined) await ctx.sleep(Math.max(0, pacing.clock.toRealDelay(due - pacing.clock.now())));
    for (;;) {
      try {
        return await poll(input);
      } catch (err) {
        if (!isNotReady(err)) throw err;
        const now = pacing.clock.now();
        const modelDelayMs = nextPollDelayMs(pacing.calendar, plan, since, now);
        const delayMs = pacing.clock.toRealDelay(modelDelayMs);
        const withinBudget = Date.now() - attemptStarted + delayMs < IN_PROCESS_BUDGET_MS;
        if (delayMs >= IN_PROCESS_BELOW_MS || !withinBudget) {
          const details: PollDue = { dueAtModelMs: now + modelDelayMs };
          ctx.heartbeat(details);
          throw retryAfter(err, delayMs > WAKE_EARLY_MS * 2 ? delayMs - WAKE_EARLY_MS : delayMs);
        }
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
