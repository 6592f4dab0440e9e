import type { CalendarSpec, DayOfWeek, ScheduleSpec } from '@temporalio/client';
import type { CalendarStagePlan } from './poll-plan';
import type { TreasuryCalendar } from './working-hours';

const MINUTE = 60_000;
const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;
const WEEKDAYS: DayOfWeek[] = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'];

/** Minutes after IST midnight at which the plan polls inside windows [start, end) (minutes too). */
function pollMinutes(plan: CalendarStagePlan, windows: Array<[number, number]>): number[] {
  const step = Math.max(1, Math.round(plan.denseIntervalMs / MINUTE));
  const opening = Math.round(plan.openingDelayMs / MINUTE);
  return windows.flatMap(([start, end]) => {
    const out: number[] = [];
    for (let m = start + opening; m <= end && m < 24 * 60; m += step) out.push(m);
    // As a single wait does, the window's last poll is at its end: a change at closing is still seen.
    if (out.at(-1) !== end && end < 24 * 60) out.push(end);
    return out;
  });
}

/** One calendar spec per hour that has polls, on the given days. */
function specsFor(minutes: number[], days: DayOfWeek[], comment: string): CalendarSpec[] {
  const byHour = new Map<number, number[]>();
  for (const m of minutes) byHour.set(Math.floor(m / 60), [...(byHour.get(Math.floor(m / 60)) ?? []), m % 60]);
  return [...byHour].map(([hour, mins]) => ({ hour, minute: mins, dayOfWeek: days, comment }));
}

/**
 * The plan's dense polls as a Schedule's calendar specs in IST, closed days skipped: what makes a
 * sweep (FD's) run when the treasury's changes appear, not round the clock. The daily backoff of a
 * single PI's wait has no meaning for a sweep over all of them; the dense interval is used throughout.
 */
export function sweepScheduleSpec(
  calendar: TreasuryCalendar,
  plan: CalendarStagePlan,
): Required<Pick<ScheduleSpec, 'calendars' | 'skip' | 'timezone'>> {
  const windows = (hours: { open: number; close: number }): Array<[number, number]> =>
    plan.changesAt === 'office-hours'
      ? [[hours.open, hours.close]]
      : plan.changesAt.map((b) => [b, b + Math.round(plan.batchWindowMs / MINUTE)]);
  const calendars = specsFor(pollMinutes(plan, windows(calendar.weekday)), WEEKDAYS, `${calendar.name}: weekdays`);
  if (calendar.saturday)
    calendars.push(
      ...specsFor(pollMinutes(plan, windows(calendar.saturday)), ['SATURDAY'], `${calendar.name}: Saturdays`),
    );
  const skip = calendar.holidays.map((date) => {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    return { year, month: MONTHS[month - 1]!, dayOfMonth: day, comment: `${calendar.name}: holiday` };
  });
  return { calendars, skip, timezone: 'Asia/Kolkata' };
}
