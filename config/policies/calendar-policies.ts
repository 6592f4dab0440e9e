import { readFileSync } from 'node:fs';
import path from 'node:path';
import { calendarStagePlanSchema, type CalendarStagePlan } from '../../calendar/poll-plan';
import type { LifecyclePolicy } from '../../contracts';
import { lifecyclePolicy } from '../lifecycle-policy';

const read = (file: string) => readFileSync(path.join(__dirname, file), 'utf8');

/**
 * The calendar-aware policy the benchmark measures, as files an operator passes as they are:
 * `LIFECYCLE_POLICY="$(cat config/policies/calendar-lifecycle-policy.json)"` and
 * `FAILURE_SWEEP_PLAN="$(cat config/policies/calendar-fd-sweep-plan.json)"`. The batch times are the
 * timing model's (bench/treasury-timing.ts): set them from the treasury's own batch schedule.
 */
export const CALENDAR_LIFECYCLE_POLICY_JSON = read('calendar-lifecycle-policy.json');
export const CALENDAR_FD_SWEEP_PLAN_JSON = read('calendar-fd-sweep-plan.json');

export const calendarLifecyclePolicy = (): LifecyclePolicy => lifecyclePolicy(CALENDAR_LIFECYCLE_POLICY_JSON);
export const calendarFdSweepPlan = (): CalendarStagePlan =>
  calendarStagePlanSchema.parse(JSON.parse(CALENDAR_FD_SWEEP_PLAN_JSON));
