import { z } from 'zod';
import type { CalendarPacing } from '../contracts';
import { istMidnight, officeHours, workingDaysBetween, type TreasuryCalendar, type Window } from './working-hours';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (IST, 24-hour)')
  .transform((hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));

/**
 * When to ask the treasury about one stage: densely while the stage can change, sparsely otherwise.
 * An SSU signs during office hours; advice and disbursement are the treasury's batch runs, so their
 * changes appear only in a short window after each batch time.
 */
export const calendarStagePlanSchema = z.strictObject({
  /** `office-hours`, or the batch times (IST) after which this stage's changes appear, on working days. */
  changesAt: z.union([z.literal('office-hours'), z.array(clock).min(1)]),
  /** How long after a batch time its changes keep appearing (ignored for office hours). */
  batchWindowMs: z
    .number()
    .int()
    .min(MINUTE)
    .default(30 * MINUTE),
  /** Poll interval inside a window on the first working day of the wait. */
  denseIntervalMs: z.number().int().min(10_000),
  /** Each further working day waited multiplies the dense interval by this, up to the maximum. */
  dailyBackoff: z.number().min(1).max(10).default(1.5),
  maximumDenseIntervalMs: z.number().int().min(10_000),
  /** A window's first poll comes this long after it opens: what changed while closed is seen then. */
  openingDelayMs: z.number().int().min(0).default(MINUTE),
});

export type CalendarStagePlan = z.output<typeof calendarStagePlanSchema>;

// The contract workflows carry is the parsed plan: the two must stay the same shape.
const sameShape: [CalendarStagePlan, CalendarPacing] extends [CalendarPacing, CalendarStagePlan] ? true : never = true;
void sameShape;

/** The windows in which a stage can change, on the IST day starting at `midnight`. */
function stageWindows(calendar: TreasuryCalendar, plan: CalendarStagePlan, midnight: number): Window[] {
  const hours = officeHours(calendar, midnight);
  if (!hours) return [];
  if (plan.changesAt === 'office-hours') return [hours];
  return plan.changesAt.map((minute) => {
    const start = midnight + minute * MINUTE;
    return { start, end: start + plan.batchWindowMs };
  });
}

/** The stage window containing `t`, or the next one to open after it. */
function currentOrNextWindow(calendar: TreasuryCalendar, plan: CalendarStagePlan, t: number): Window {
  // Skip straight to the next working day's opening when none is left today.
  for (let midnight = istMidnight(t); ; midnight += DAY) {
    const next = stageWindows(calendar, plan, midnight)
      .filter((w) => w.end > t)
      .sort((a, b) => a.start - b.start)[0];
    if (next) return next;
    if (midnight > t + 60 * DAY) throw new Error(`${calendar.name} has no working day within 60 days`);
  }
}

/**
 * The delay before the next poll of a stage that has waited since `waitingSince`, asked at `now`.
 * Inside a window: the dense interval (grown by working days waited), but never past the window's
 * end, so a change at closing time is still seen; outside: the next window's opening plus
 * `openingDelayMs`. Pure and deterministic: a worker, a test and the bench all get the same answer.
 */
export function nextPollDelayMs(
  calendar: TreasuryCalendar,
  plan: CalendarStagePlan,
  waitingSince: number,
  now: number,
): number {
  const window = currentOrNextWindow(calendar, plan, now);
  if (now < window.start) return window.start + plan.openingDelayMs - now;
  const daysWaited = workingDaysBetween(calendar, waitingSince, now);
  const interval = Math.min(plan.maximumDenseIntervalMs, plan.denseIntervalMs * plan.dailyBackoff ** daysWaited);
  // The last poll of a window is at its end; the one after it, at the next window's opening.
  return Math.min(interval, window.end - now);
}
