import { z } from 'zod';
import { calendarStagePlanSchema } from '../calendar/poll-plan';
import type { LifecyclePolicy } from '../contracts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Production defaults, from the treasury's rhythm: an SSU signs within hours to days, advice and
 * disbursement follow within a day, returns arrive for weeks. Polls start at minutes and back off
 * to an hour or two; past a stage's deadline a person is asked to look (and polling continues).
 */
export const DEFAULT_LIFECYCLE_POLICY: LifecyclePolicy = {
  sanction: { initialIntervalMs: 5 * MINUTE, backoffCoefficient: 1.5, maximumIntervalMs: HOUR, deadlineMs: 3 * DAY },
  advice: { initialIntervalMs: 5 * MINUTE, backoffCoefficient: 1.5, maximumIntervalMs: HOUR, deadlineMs: 2 * DAY },
  disbursement: {
    initialIntervalMs: 10 * MINUTE,
    backoffCoefficient: 1.5,
    maximumIntervalMs: 2 * HOUR,
    deadlineMs: 3 * DAY,
  },
  revisedDisbursement: {
    initialIntervalMs: 10 * MINUTE,
    backoffCoefficient: 1.5,
    maximumIntervalMs: 2 * HOUR,
    deadlineMs: 5 * DAY,
  },
  // Real SSUs sign in hours to days; until they do, PIS cannot tell whether a lost post landed.
  confirmation: {
    initialIntervalMs: 5 * MINUTE,
    backoffCoefficient: 1.5,
    maximumIntervalMs: HOUR,
    deadlineMs: 3 * DAY,
  },
  returnsWindowMs: 30 * DAY,
  fundsWaitDeadlineMs: 3 * DAY,
  creditReturnsToSanction: false,
  correctionWindowDays: 90,
  historyEventsBeforeContinueAsNew: 4_000,
};

const stage = z.strictObject({
  initialIntervalMs: z.number().int().min(10),
  backoffCoefficient: z.number().min(1).max(10),
  maximumIntervalMs: z.number().int().min(10),
  deadlineMs: z.number().int().min(100),
  calendar: calendarStagePlanSchema.optional(),
});

const overrides = z.strictObject({
  sanction: stage.partial().optional(),
  advice: stage.partial().optional(),
  disbursement: stage.partial().optional(),
  revisedDisbursement: stage.partial().optional(),
  confirmation: stage.partial().optional(),
  returnsWindowMs: z.number().int().min(0).optional(),
  fundsWaitDeadlineMs: z.number().int().min(0).optional(),
  creditReturnsToSanction: z.boolean().optional(),
  // 0 sends every correction to a fresh original PI (used to exercise that route without waiting 90 days).
  correctionWindowDays: z.number().int().min(0).max(366).optional(),
  historyEventsBeforeContinueAsNew: z.number().int().min(20).max(40_000).optional(),
});

export type LifecyclePolicyOverrides = z.infer<typeof overrides>;

/** Defaults with a partial override (env `LIFECYCLE_POLICY`, JSON) merged over them, stage by stage. */
export function lifecyclePolicy(json: string | undefined): LifecyclePolicy {
  if (!json) return DEFAULT_LIFECYCLE_POLICY;
  return mergePolicy(DEFAULT_LIFECYCLE_POLICY, overrides.parse(JSON.parse(json)));
}

export function mergePolicy(base: LifecyclePolicy, o: LifecyclePolicyOverrides): LifecyclePolicy {
  return {
    ...base,
    ...o,
    sanction: { ...base.sanction, ...o.sanction },
    advice: { ...base.advice, ...o.advice },
    disbursement: { ...base.disbursement, ...o.disbursement },
    revisedDisbursement: { ...base.revisedDisbursement, ...o.revisedDisbursement },
    confirmation: { ...base.confirmation, ...o.confirmation },
  } as LifecyclePolicy;
}
