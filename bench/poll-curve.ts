import { nextPollDelayMs, type CalendarStagePlan } from '../calendar/poll-plan';
import type { TreasuryCalendar } from '../calendar/working-hours';
import type { StagePolicy } from '../contracts';
import { cronOutcome } from './cron-model';
import { round, percentile } from './lib/stats';
import type { TreasuryTrace } from './treasury-timing';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export type CurveStage = 'approval' | 'advice' | 'disbursement' | 'returns';
const STAGES: CurveStage[] = ['approval', 'advice', 'disbursement', 'returns'];

/** A poll policy: the delay before the next poll of a stage waited on since `since`, asked at `now`. */
export interface PollPolicy {
  name: string;
  delayMs: (stage: CurveStage, since: number, now: number, attempt: number) => number;
}

/** Today's policy shape: a Temporal retry policy per stage (initial × coefficient^attempt, capped). */
export function backoffPolicy(name: string, stages: Record<CurveStage, StagePolicy>): PollPolicy {
  return {
    name,
    delayMs: (stage, _since, _now, attempt) => {
      const p = stages[stage];
      return Math.min(p.maximumIntervalMs, p.initialIntervalMs * p.backoffCoefficient ** attempt);
    },
  };
}

export function calendarPolicy(
  name: string,
  calendar: TreasuryCalendar,
  plans: Record<CurveStage, CalendarStagePlan>,
): PollPolicy {
  return { name, delayMs: (stage, since, now) => nextPollDelayMs(calendar, plans[stage], since, now) };
}

/** Polls from `since` (the first at `since` itself) until one is at or after `change`. */
function follow(policy: PollPolicy, stage: CurveStage, since: number, change: number) {
  let t = since;
  let calls = 1;
  for (let attempt = 0; t < change; attempt++) {
    t += policy.delayMs(stage, since, t, attempt);
    calls++;
  }
  return { seenAt: t, calls };
}

/** Polls of the returns listener over the window after payment (every PI listens, returned or not). */
function listen(policy: PollPolicy, since: number, windowMs: number, returnedAt: number | undefined) {
  let t = since;
  let calls = 1;
  let seenAt: number | undefined;
  for (let attempt = 0; t < since + windowMs; attempt++) {
    t += policy.delayMs('returns', since, t, attempt);
    calls++;
    if (returnedAt !== undefined && seenAt === undefined && t >= returnedAt) seenAt = t;
  }
  return { seenAt, calls };
}

/**
 * `t` itself when the treasury's office is open at `t`, otherwise when it next opens: a change made
 * while closed is judged from the opening.
 */
export type OpenedBy = (t: number) => number;

const perStage = () => Object.fromEntries(STAGES.map((s) => [s, [] as number[]])) as Record<CurveStage, number[]>;

/** Lags per stage in minutes: of every change, of changes in working hours, and after the opening for the rest. */
function lagRecorder(openedBy: OpenedBy) {
  const all = perStage();
  const working = perStage();
  const afterOpening = perStage();
  const p99 = (l: Record<CurveStage, number[]>) =>
    Object.fromEntries(STAGES.map((s) => [s, l[s].length ? round(percentile(l[s], 99), 1) : null])) as Lags;
  return {
    record(stage: CurveStage, change: number, lagMs: number) {
      all[stage].push(lagMs / MINUTE);
      const opening = openedBy(change);
      if (opening === change) working[stage].push(lagMs / MINUTE);
      else afterOpening[stage].push(Math.max(0, change + lagMs - opening) / MINUTE);
    },
    point(policy: string, callsPerPi: number): CurvePoint {
      return {
        policy,
        treasuryCallsPerPi: round(callsPerPi, 1),
        p99LagMinutes: p99(all),
        p99LagMinutesInWorkingHours: p99(working),
        p99MinutesAfterOpening: p99(afterOpening),
      };
    },
  };
}

/** p99 per stage in minutes; null where the stage had no such change. */
export type Lags = Record<CurveStage, number | null>;

export interface CurvePoint {
  policy: string;
  treasuryCallsPerPi: number;
  /** p99 lag from the treasury's change to the poll that saw it, per stage, in minutes. */
  p99LagMinutes: Lags;
  /** The same for changes made in working hours only (the 5-minute goal). */
  p99LagMinutesInWorkingHours: Lags;
  /** Changes made while the office was closed: from its next opening to the poll that saw them. */
  p99MinutesAfterOpening: Lags;
}

/**
 * One point of the lag-vs-calls curve: every trace followed through its stages by `policy`, each
 * stage polled from when the previous one was seen (as the platform's one activity per stage does).
 */
export function curvePoint(
  policy: PollPolicy,
  traces: TreasuryTrace[],
  returnsWindowMs: number,
  openedBy: OpenedBy,
): CurvePoint {
  const lags = lagRecorder(openedBy);
  let calls = 0;
  const record = (stage: CurveStage, change: number, seenAt: number) => lags.record(stage, change, seenAt - change);
  for (const trace of traces) {
    calls += 1; // the PI itself
    const approval = follow(policy, 'approval', trace.postedAt, trace.approvedAt);
    const advice = follow(policy, 'advice', approval.seenAt, trace.adviceAt);
    const paid = follow(policy, 'disbursement', Math.max(advice.seenAt, trace.adviceAt), trace.paidAt);
    const returns = listen(policy, paid.seenAt, returnsWindowMs, trace.returnedAt);
    calls += approval.calls + advice.calls + paid.calls + returns.calls;
    record('approval', trace.approvedAt, approval.seenAt);
    record('advice', trace.adviceAt, advice.seenAt);
    record('disbursement', trace.paidAt, paid.seenAt);
    if (trace.returnedAt !== undefined && returns.seenAt !== undefined)
      record('returns', trace.returnedAt, returns.seenAt);
  }
  return lags.point(policy.name, calls / traces.length);
}

/** The legacy cron design on the same traces (bench/cron-model.ts), as a point of the same curve. */
export function cronCurvePoint(traces: TreasuryTrace[], openedBy: OpenedBy): CurvePoint {
  const lags = lagRecorder(openedBy);
  let calls = 0;
  for (const t of traces) {
    const outcome = cronOutcome(t.postedAt, {
      approvalMs: t.approvedAt - t.postedAt,
      adviceMs: t.adviceAt - t.approvedAt,
      disbursementMs: t.paidAt - t.adviceAt,
      returnMs: t.returnedAt === undefined ? undefined : t.returnedAt - t.paidAt,
    });
    calls += outcome.treasuryCalls;
    const changes: Record<CurveStage, number | undefined> = {
      approval: t.approvedAt,
      advice: t.adviceAt,
      disbursement: t.paidAt,
      returns: t.returnedAt,
    };
    for (const s of STAGES) {
      const lag = outcome.lagMs[s];
      const change = changes[s];
      if (lag !== undefined && change !== undefined) lags.record(s, change, lag);
    }
  }
  return lags.point('legacy cron (model)', calls / traces.length);
}

export const RETURNS_WINDOW_MS = 30 * DAY;
