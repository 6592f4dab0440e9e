import { describe, expect, it } from 'vitest';
import { cronOutcome, nextRun, runsBetween } from './cron-model';

const ist = (s: string) => Date.parse(`${s}+05:30`);
const HOUR = 3_600_000;

describe('the legacy cron model', () => {
  it('finds the next run of a job in IST', () => {
    expect(nextRun('PIS', ist('2026-05-04T10:00:00'))).toBe(ist('2026-05-04T18:30:00'));
    expect(nextRun('PIS', ist('2026-05-04T18:30:00'))).toBe(ist('2026-05-04T18:30:00'));
    expect(nextRun('PIS', ist('2026-05-04T23:00:00'))).toBe(ist('2026-05-05T18:30:00'));
    expect(nextRun('PA', ist('2026-05-05T00:10:00'))).toBe(ist('2026-05-05T01:30:00'));
    expect(nextRun('PD', ist('2026-05-04T14:00:00'))).toBe(ist('2026-05-05T13:30:00'));
  });

  it('counts runs in a window', () => {
    expect(runsBetween('PIS', ist('2026-05-04T00:00:00'), ist('2026-05-05T23:59:00'))).toBe(4);
  });

  it('follows a bill through PA, PIS, PAG and PD, each waiting for its predecessor', () => {
    // Approved at 10:00; PA posts at 15:30; SSU signs 2 h later (17:30), seen at 18:30; advice 1 h after
    // signing (18:30), seen by PAG at 19:00; paid 6 h after advice (00:30), seen by PD at 13:30.
    const outcome = cronOutcome(ist('2026-05-04T10:00:00'), {
      approvalMs: 2 * HOUR,
      adviceMs: HOUR,
      disbursementMs: 6 * HOUR,
    });
    expect(outcome.lagMs).toEqual({ approval: HOUR, advice: 0.5 * HOUR, disbursement: 13 * HOUR, returns: undefined });
    expect(outcome.treasuryCalls).toBe(1 + 1 + 1 + 1);
  });

  it('sees a return at the first daily FD run after the payment itself was seen', () => {
    // Posted 15:30, paid 18:30 (seen by PD only next day 13:30), returned 20:30: FD sees it next day 14:00.
    const outcome = cronOutcome(ist('2026-05-04T10:00:00'), {
      approvalMs: HOUR,
      adviceMs: HOUR,
      disbursementMs: HOUR,
      returnMs: 2 * HOUR,
    });
    expect(outcome.lagMs.returns).toBe(17.5 * HOUR);
  });
});
