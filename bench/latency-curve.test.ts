import { describe, expect, it } from 'vitest';
import { ist, ODISHA_2026 } from '../calendar/odisha-2026';
import { latencyCurve } from './latency-curve';

const curve = latencyCurve(ODISHA_2026, 150, ist('2026-05-04 10:00'));
const point = (name: string) => curve.find((p) => p.policy.startsWith(name))!;
const worst = (lags: Record<string, number | null>) => Math.max(...Object.values(lags).filter((l) => l !== null));

describe('the lag-vs-calls curve on the calendar timing model', () => {
  it('has the calendar policy see working-hours changes within 5 minutes, and closed-hours ones within 5 of opening, under 300 calls', () => {
    const calendar = point('calendar, signing every 4 min');
    expect(worst(calendar.p99LagMinutesInWorkingHours)).toBeLessThanOrEqual(5);
    expect(worst(calendar.p99MinutesAfterOpening)).toBeLessThanOrEqual(5);
    expect(calendar.treasuryCallsPerPi).toBeLessThanOrEqual(300);
  });

  it('shows what the others cost: fixed 5-minute polls meet the lag at many times the calls; the default backoff misses it', () => {
    expect(point('fixed 5 min').treasuryCallsPerPi).toBeGreaterThan(
      10 * point('calendar, signing every 4 min').treasuryCallsPerPi,
    );
    expect(worst(point('default backoff').p99LagMinutesInWorkingHours)).toBeGreaterThan(30);
    expect(worst(point('legacy cron').p99LagMinutesInWorkingHours)).toBeGreaterThan(6 * 60);
  });

  it('trades calls for lag along the calendar densities', () => {
    const densities = curve.filter((p) => p.policy.startsWith('calendar'));
    expect(densities.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < densities.length; i++) {
      expect(densities[i]!.treasuryCallsPerPi).toBeLessThan(densities[i - 1]!.treasuryCallsPerPi);
      expect(densities[i]!.p99LagMinutesInWorkingHours.approval!).toBeGreaterThan(
        densities[i - 1]!.p99LagMinutesInWorkingHours.approval!,
      );
    }
  });
});
