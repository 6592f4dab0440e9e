import { z } from 'zod';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** India has one time zone and no daylight saving: IST is always UTC+05:30. */
const IST_OFFSET_MS = 330 * MINUTE;

const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (IST, 24-hour)')
  .transform((hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));
const hours = z.strictObject({ open: clock, close: clock }).refine((h) => h.close > h.open, 'close must be after open');

/** The treasury's working calendar: office hours in IST and the holidays it is closed on. */
export const treasuryCalendarSchema = z.strictObject({
  name: z.string().min(1),
  weekday: hours,
  /** Saturday's (half-day) hours; null when closed on Saturdays. */
  saturday: hours.nullable(),
  /** Closed days, as IST dates. */
  holidays: z.array(z.iso.date()),
});

export type TreasuryCalendarFile = z.input<typeof treasuryCalendarSchema>;
export type TreasuryCalendar = z.output<typeof treasuryCalendarSchema>;

export interface Window {
  start: number;
  end: number;
}

/** Epoch ms of 00:00 IST on the IST day containing `t`. */
export function istMidnight(t: number): number {
  return Math.floor((t + IST_OFFSET_MS) / DAY) * DAY - IST_OFFSET_MS;
}

/** The IST date (YYYY-MM-DD) of `t`. */
export function istDate(t: number): string {
  return new Date(istMidnight(t) + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Office hours on the IST day starting at `midnight` (epoch ms), or undefined when closed. */
export function officeHours(calendar: TreasuryCalendar, midnight: number): Window | undefined {
  if (calendar.holidays.includes(istDate(midnight))) return undefined;
  const weekday = new Date(midnight + IST_OFFSET_MS).getUTCDay();
  const h = weekday === 0 ? null : weekday === 6 ? calendar.saturday : calendar.weekday;
  return h ? { start: midnight + h.open * MINUTE, end: midnight + h.close * MINUTE } : undefined;
}

/** Is `midnight` a working day (a day the office opens)? */
export const isWorkingDay = (calendar: TreasuryCalendar, midnight: number): boolean =>
  officeHours(calendar, midnight) !== undefined;

/**
 * Working days from `from` to `to`: those that opened after `from`'s day, up to and including
 * `to`'s day if it has opened by `to`. Zero on the first day of a wait.
 */
export function workingDaysBetween(calendar: TreasuryCalendar, from: number, to: number): number {
  let days = 0;
  for (let midnight = istMidnight(from) + DAY; midnight <= to; midnight += DAY) {
    const h = officeHours(calendar, midnight);
    if (h && h.start <= to) days++;
  }
  return days;
}

/** The office-hours window containing `t`, or the next one to open after it (searching `maxDays` ahead). */
export function currentOrNextOfficeHours(calendar: TreasuryCalendar, t: number, maxDays = 60): Window {
  for (let day = 0, midnight = istMidnight(t); day <= maxDays; day++, midnight += DAY) {
    const h = officeHours(calendar, midnight);
    if (h && h.end > t) return h;
  }
  throw new Error(`no working day within ${maxDays} days of ${new Date(t).toISOString()} in ${calendar.name}`);
}

/** `workMs` of office time after `from` (time while closed does not count), as an epoch ms. */
export function addOfficeTime(calendar: TreasuryCalendar, from: number, workMs: number): number {
  let left = workMs;
  let t = from;
  for (;;) {
    const w = currentOrNextOfficeHours(calendar, t);
    const start = Math.max(w.start, t);
    if (start + left <= w.end) return start + left;
    left -= w.end - start;
    t = w.end;
  }
}
