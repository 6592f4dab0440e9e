import type { Client } from '@temporalio/client';
import { nextPollDelayMs, type CalendarStagePlan } from '../../calendar/poll-plan';
import type { TreasuryCalendar } from '../../calendar/working-hours';
import { ScheduleId } from '../../contracts';
import { Prng } from '../../lib/prng';
import { compressedClock, toReal, type CompressedClockSettings } from '../../lib/model-clock';
import type { StageTimeline } from '../../simulator/state/delays';
import { drawReturnAt, drawTrace } from '../treasury-timing';

/**
 * The simulated treasury on the benchmark's compressed clock: each PI's stages drawn from the
 * calendar timing model at the model time it was received, handed to the (real-time) simulator as
 * real instants.
 */
export function modelTimeline(calendar: TreasuryCalendar, clock: CompressedClockSettings, seed = 17): StageTimeline {
  const prng = new Prng(seed);
  const rand = () => prng.next();
  const model = compressedClock(clock);
  return (receivedAt) => {
    const trace = drawTrace(rand, calendar, model.toModel(receivedAt));
    // Whether a payee comes back is the simulator's rule (account suffix); when, the model's.
    const returnedAt = trace.returnedAt ?? drawReturnAt(rand, calendar, trace.paidAt);
    return {
      approvalAt: Math.round(toReal(clock, trace.approvedAt)),
      adviceAt: Math.round(toReal(clock, trace.adviceAt)),
      disbursedAt: Math.round(toReal(clock, trace.paidAt)),
      returnDelayMs: Math.max(1, Math.round((returnedAt - trace.paidAt) / clock.scale)),
    };
  };
}

/**
 * The FD sweep run on its calendar plan in model time: what a Schedule with calendar specs does in
 * production (dense after the bank's return batch on working days), triggered here because a
 * Schedule's calendar runs on the wall clock. Returns a stop function.
 */
export function sweepOnCalendar(
  client: Client,
  calendar: TreasuryCalendar,
  plan: CalendarStagePlan,
  clock: CompressedClockSettings,
): () => Promise<void> {
  const model = compressedClock(clock);
  const handle = client.schedule.getHandle(ScheduleId.failureSweep);
  const since = model.now();
  let stopped = false;
  let wake: () => void = () => undefined;
  const loop = (async () => {
    while (!stopped) {
      await handle.trigger();
      const delay = model.toRealDelay(nextPollDelayMs(calendar, plan, since, model.now()));
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, Math.max(1, delay));
      });
    }
  })();
  return async () => {
    stopped = true;
    wake();
    await loop;
  };
}
