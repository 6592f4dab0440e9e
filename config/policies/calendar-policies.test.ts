import { describe, expect, it } from 'vitest';
import { calendarPlans } from '../../bench/latency-curve';
import { loadConfig } from '..';
import {
  calendarFdSweepPlan,
  calendarLifecyclePolicy,
  CALENDAR_FD_SWEEP_PLAN_JSON,
  CALENDAR_LIFECYCLE_POLICY_JSON,
} from './calendar-policies';

describe('the committed calendar policies', () => {
  it('are the plans the benchmark measures (signing polled every 2 minutes)', () => {
    const measured = calendarPlans(2 * 60_000);
    const policy = calendarLifecyclePolicy();
    expect(policy.sanction.calendar).toEqual(measured.approval);
    expect(policy.advice.calendar).toEqual(measured.advice);
    expect(policy.disbursement.calendar).toEqual(measured.disbursement);
    expect(policy.revisedDisbursement.calendar).toEqual(measured.disbursement);
    expect(calendarFdSweepPlan()).toEqual(measured.returns);
  });

  it('are accepted as they are by the environment variables', () => {
    const config = loadConfig({
      LIFECYCLE_POLICY: CALENDAR_LIFECYCLE_POLICY_JSON,
      FAILURE_SWEEP_PLAN: CALENDAR_FD_SWEEP_PLAN_JSON,
    });
    expect(config.lifecycle.sanction.calendar?.changesAt).toBe('office-hours');
    expect(config.schedules.failureSweepPlan?.changesAt).toEqual([16 * 60]);
  });

  it('refuses a plan with a malformed batch time, naming the variable', () => {
    expect(() =>
      loadConfig({
        FAILURE_SWEEP_PLAN: '{"changesAt":["4pm"],"denseIntervalMs":180000,"maximumDenseIntervalMs":180000}',
      }),
    ).toThrow(/FAILURE_SWEEP_PLAN/);
    expect(() => loadConfig({ MODEL_CLOCK: 'not json' })).toThrow(/MODEL_CLOCK/);
  });
});
