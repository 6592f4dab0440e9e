import { describe, expect, it } from 'vitest';
import { ist, ODISHA_2026 } from './odisha-2026';
import { calendarStagePlanSchema, nextPollDelayMs } from './poll-plan';
import { sweepScheduleSpec } from './sweep-spec';

const MINUTE = 60_000;
const returnsPlan = calendarStagePlanSchema.parse({
  changesAt: ['16:00'],
  batchWindowMs: 20 * MINUTE,
  denseIntervalMs: 3 * MINUTE,
  maximumDenseIntervalMs: 3 * MINUTE,
});

describe('sweepScheduleSpec', () => {
  it('runs the FD sweep in the return batch window on working days, in IST, holidays skipped', () => {
    const spec = sweepScheduleSpec(ODISHA_2026, returnsPlan);
    expect(spec.timezone).toBe('Asia/Kolkata');
    expect(spec.calendars).toEqual([
      expect.objectContaining({
        hour: 16,
        minute: [1, 4, 7, 10, 13, 16, 19, 20],
        dayOfWeek: expect.arrayContaining(['MONDAY', 'FRIDAY']),
      }),
      expect.objectContaining({ hour: 16, minute: [1, 4, 7, 10, 13, 16, 19, 20], dayOfWeek: ['SATURDAY'] }),
    ]);
    expect(spec.skip).toHaveLength(ODISHA_2026.holidays.length);
    expect(spec.skip[0]).toMatchObject({ year: 2026, month: 'JANUARY', dayOfMonth: 14 });
  });

  it('fires at the very times a single wait following the same plan polls', () => {
    const monday = ist('2026-05-04 09:00');
    const polls: number[] = [];
    for (let t = monday; t < ist('2026-05-04 23:00');) {
      t += nextPollDelayMs(ODISHA_2026, returnsPlan, monday, t);
      if (t < ist('2026-05-04 23:00')) polls.push(t);
    }
    const spec = sweepScheduleSpec(ODISHA_2026, returnsPlan);
    const minutes = spec.calendars[0]!.minute as number[];
    expect(polls).toEqual(minutes.map((m) => ist(`2026-05-04 16:${String(m).padStart(2, '0')}`)));
  });

  it('covers office hours, hour by hour, for an office-hours plan', () => {
    const plan = calendarStagePlanSchema.parse({
      changesAt: 'office-hours',
      denseIntervalMs: 30 * MINUTE,
      maximumDenseIntervalMs: 30 * MINUTE,
    });
    const weekdays = sweepScheduleSpec(ODISHA_2026, plan).calendars.filter((c) => c.comment?.includes('weekdays'));
    expect(weekdays.map((c) => [c.hour, c.minute])).toEqual([
      [10, [1, 31]],
      [11, [1, 31]],
      [12, [1, 31]],
      [13, [1, 31]],
      [14, [1, 31]],
      [15, [1, 31]],
      [16, [1, 31]],
      [17, [1, 31]],
      [18, [0]],
    ]);
  });
});
