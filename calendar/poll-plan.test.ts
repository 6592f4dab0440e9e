import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ist, ODISHA_2026 } from './odisha-2026';
import { calendarStagePlanSchema, nextPollDelayMs } from './poll-plan';
import { currentOrNextOfficeHours } from './working-hours';

const MINUTE = 60_000;
const signing = calendarStagePlanSchema.parse({
  changesAt: 'office-hours',
  denseIntervalMs: 4 * MINUTE,
  maximumDenseIntervalMs: 15 * MINUTE,
});
const advice = calendarStagePlanSchema.parse({
  changesAt: ['11:30', '15:30'],
  batchWindowMs: 20 * MINUTE,
  denseIntervalMs: 3 * MINUTE,
  maximumDenseIntervalMs: 3 * MINUTE,
});

/** Poll times from `since` (the first poll is at `since`) until one is at or after `change`. */
function pollsUntilSeen(plan: typeof signing, since: number, change: number) {
  let t = since;
  let calls = 1;
  while (t < change) {
    t += nextPollDelayMs(ODISHA_2026, plan, since, t);
    calls++;
  }
  return { seenAt: t, calls };
}

describe('the calendar-aware poll plan', () => {
  it('polls densely in office hours, at closing time, then a minute after the next opening', () => {
    const since = ist('2026-05-04 10:00');
    expect(nextPollDelayMs(ODISHA_2026, signing, since, ist('2026-05-04 10:30'))).toBe(4 * MINUTE);
    expect(nextPollDelayMs(ODISHA_2026, signing, since, ist('2026-05-04 17:58'))).toBe(2 * MINUTE);
    expect(ist('2026-05-04 18:00') + nextPollDelayMs(ODISHA_2026, signing, since, ist('2026-05-04 18:00'))).toBe(
      ist('2026-05-05 10:01'),
    );
    // Thursday evening → over the Friday holiday → Saturday's opening.
    expect(ist('2026-04-30 18:00') + nextPollDelayMs(ODISHA_2026, signing, since, ist('2026-04-30 18:00'))).toBe(
      ist('2026-05-02 10:01'),
    );
  });

  it('backs off by working day waited, up to its maximum', () => {
    const since = ist('2026-05-04 10:00');
    expect(nextPollDelayMs(ODISHA_2026, signing, since, ist('2026-05-05 11:00'))).toBe(6 * MINUTE);
    expect(nextPollDelayMs(ODISHA_2026, signing, since, ist('2026-05-06 11:00'))).toBe(9 * MINUTE);
    expect(nextPollDelayMs(ODISHA_2026, signing, since, ist('2026-05-11 11:00'))).toBe(15 * MINUTE);
  });

  it('asks about a batch stage only after its batch times', () => {
    const since = ist('2026-05-04 10:20');
    expect(ist('2026-05-04 10:20') + nextPollDelayMs(ODISHA_2026, advice, since, ist('2026-05-04 10:20'))).toBe(
      ist('2026-05-04 11:31'),
    );
    expect(nextPollDelayMs(ODISHA_2026, advice, since, ist('2026-05-04 11:40'))).toBe(3 * MINUTE);
    expect(ist('2026-05-04 11:50') + nextPollDelayMs(ODISHA_2026, advice, since, ist('2026-05-04 11:50'))).toBe(
      ist('2026-05-04 15:31'),
    );
  });

  it('sees any change within its interval inside a window, and within the opening delay of the next one outside', () => {
    const since = ist('2026-05-04 10:00');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 * 24 * 60 }), (minutesLater) => {
        const change = since + minutesLater * MINUTE;
        const { seenAt } = pollsUntilSeen(signing, since, change);
        const hours = currentOrNextOfficeHours(ODISHA_2026, change);
        if (change >= hours.start) {
          // Open: seen within the (backed-off) interval.
          expect(seenAt - change).toBeLessThanOrEqual(15 * MINUTE);
        } else {
          // Closed: seen by the first poll of the next opening at the latest (at closing time itself,
          // by the closing poll).
          expect(seenAt).toBeLessThanOrEqual(hours.start + MINUTE);
        }
        expect(seenAt).toBeGreaterThanOrEqual(change);
      }),
      { numRuns: 300 },
    );
  });
});
