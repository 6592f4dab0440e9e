import { calendarStagePlanSchema, type CalendarStagePlan } from '../calendar/poll-plan';
import { currentOrNextOfficeHours, type TreasuryCalendar } from '../calendar/working-hours';
import { DEFAULT_LIFECYCLE_POLICY } from '../config/lifecycle-policy';
import { Prng } from '../lib/prng';
import {
  backoffPolicy,
  calendarPolicy,
  cronCurvePoint,
  curvePoint,
  RETURNS_WINDOW_MS,
  type CurvePoint,
  type CurveStage,
  type PollPolicy,
} from './poll-curve';
import { drawTrace, TIMING_MODEL } from './treasury-timing';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Calendar-aware plans at one density: `signingEveryMs` in office hours, batch windows polled every 3 min. */
export function calendarPlans(signingEveryMs: number): Record<CurveStage, CalendarStagePlan> {
  const batch = (batches: number[]) =>
    calendarStagePlanSchema.parse({
      changesAt: batches.map(hhmm),
      batchWindowMs: TIMING_MODEL.batchSpreadMs + 5 * MINUTE,
      denseIntervalMs: 3 * MINUTE,
      maximumDenseIntervalMs: 3 * MINUTE,
    });
  return {
    approval: calendarStagePlanSchema.parse({
      changesAt: 'office-hours',
      denseIntervalMs: signingEveryMs,
      dailyBackoff: 1,
      maximumDenseIntervalMs: signingEveryMs,
    }),
    advice: batch(TIMING_MODEL.adviceBatches),
    disbursement: batch(TIMING_MODEL.disbursementBatches),
    returns: batch(TIMING_MODEL.returnBatches),
  };
}

const FIXED_5_MIN = {
  initialIntervalMs: 5 * MINUTE,
  backoffCoefficient: 1,
  maximumIntervalMs: 5 * MINUTE,
  deadlineMs: 0,
};

/** The policies the curve compares: today's default, a fixed 5-minute poll, and the calendar at several densities. */
export function curvePolicies(calendar: TreasuryCalendar): PollPolicy[] {
  const d = DEFAULT_LIFECYCLE_POLICY;
  return [
    backoffPolicy('default backoff (5 min → 1–2 h)', {
      approval: d.sanction,
      advice: d.advice,
      disbursement: d.disbursement,
      returns: d.revisedDisbursement,
    }),
    backoffPolicy('fixed 5 min', {
      approval: FIXED_5_MIN,
      advice: FIXED_5_MIN,
      disbursement: FIXED_5_MIN,
      returns: FIXED_5_MIN,
    }),
    ...[2, 4, 8, 15].map((m) =>
      calendarPolicy(`calendar, signing every ${m} min`, calendar, calendarPlans(m * MINUTE)),
    ),
  ];
}

/**
 * The lag-vs-calls curve: `n` PIs drawn from the timing model, posted through a working week, each
 * followed by every policy's poll plan (the same pure functions the worker runs) and by the cron model.
 */
export function latencyCurve(calendar: TreasuryCalendar, n: number, firstMonday: number, seed = 17): CurvePoint[] {
  const prng = new Prng(seed);
  const rand = () => prng.next();
  const traces = Array.from({ length: n }, (_, i) => {
    const day = Math.floor((i / n) * 5);
    const postedAt = firstMonday + day * 24 * HOUR + rand() * 7 * HOUR;
    return drawTrace(rand, calendar, postedAt);
  });
  const openedBy = (t: number) => Math.max(t, currentOrNextOfficeHours(calendar, t).start);
  return [
    ...curvePolicies(calendar).map((p) => curvePoint(p, traces, RETURNS_WINDOW_MS, openedBy)),
    cronCurvePoint(traces, openedBy),
  ];
}
