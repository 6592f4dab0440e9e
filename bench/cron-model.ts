/**
 * A small model of the legacy cron design (legacy notes §5.3), clearly a model: given when the
 * treasury reached each stage for a PI, when would the daily jobs have noticed, and how many treasury
 * calls would they have spent on it? Times are epoch ms; the cron schedules are IST wall-clock times.
 */
const IST_OFFSET_MS = 5.5 * 3_600_000;
const DAY_MS = 86_400_000;

/** Production cron times of each job, as IST minutes after midnight (prod values in the legacy notes). */
export const LEGACY_CRON_IST: Record<'PA' | 'PIS' | 'PAG' | 'PD' | 'FD', number[]> = {
  PA: [15, 17, 19, 21, 23, 25].map((h) => (h % 24) * 60 + 30), // every 2 h, 15:30–01:30
  PIS: [18 * 60 + 30, 22 * 60 + 30],
  PAG: [19 * 60, 23 * 60],
  PD: [13 * 60 + 30],
  FD: [14 * 60],
};

/** FD reads returns of the last 5 days (master/IMPL); older ones are never seen. */
export const LEGACY_FD_LOOKBACK_MS = 5 * DAY_MS;

/** The first run of a job at or after `t`. */
export function nextRun(job: keyof typeof LEGACY_CRON_IST, t: number): number {
  const istMidnight = Math.floor((t + IST_OFFSET_MS) / DAY_MS) * DAY_MS - IST_OFFSET_MS;
  for (let day = 0; day < 3; day++) {
    for (const minute of [...LEGACY_CRON_IST[job]].sort((a, b) => a - b)) {
      const run = istMidnight + day * DAY_MS + minute * 60_000;
      if (run >= t) return run;
    }
  }
  throw new Error('unreachable: every job runs daily');
}

/** Runs of a job in [from, to]. */
export function runsBetween(job: keyof typeof LEGACY_CRON_IST, from: number, to: number): number {
  let count = 0;
  for (let run = nextRun(job, from); run <= to; run = nextRun(job, run + 1)) count++;
  return count;
}

/** How long after posting the treasury reaches each stage (measured on the simulator, then scaled). */
export interface StageDelays {
  approvalMs: number;
  adviceMs: number;
  disbursementMs: number;
  /** After disbursement; undefined when nobody is returned. */
  returnMs?: number;
}

export interface CronOutcome {
  /** Treasury event → the cron design recording it, per stage (undefined: never recorded). */
  lagMs: { approval: number; advice: number; disbursement: number; returns?: number | undefined };
  treasuryCalls: number;
}

/** Follows one bill through the cron design from its approval time in the scheme's system. */
export function cronOutcome(billApprovedAt: number, delays: StageDelays): CronOutcome {
  const posted = nextRun('PA', billApprovedAt); // PA creates the payment; the PI is posted right away
  const approvedAt = posted + delays.approvalMs;
  const adviceAt = approvedAt + delays.adviceMs;
  const paidAt = adviceAt + delays.disbursementMs;
  // Each job only looks at PIs the previous job moved on: a stage is seen no earlier than its predecessor.
  const seenApproved = nextRun('PIS', Math.max(approvedAt, posted));
  const seenAdvice = nextRun('PAG', Math.max(adviceAt, seenApproved));
  const seenPaid = nextRun('PD', Math.max(paidAt, seenAdvice));
  let returnsLag: number | undefined;
  let fdCalls = 0;
  if (delays.returnMs !== undefined) {
    const returnedAt = paidAt + delays.returnMs;
    const seen = nextRun('FD', Math.max(returnedAt, seenPaid));
    returnsLag = seen - returnedAt <= LEGACY_FD_LOOKBACK_MS ? seen - returnedAt : undefined;
    fdCalls = 1; // FD is one bulk call a day, shared by every PI; counted once here as an upper bound
  }
  return {
    lagMs: {
      approval: seenApproved - approvedAt,
      advice: seenAdvice - adviceAt,
      disbursement: seenPaid - paidAt,
      returns: returnsLag,
    },
    treasuryCalls:
      1 +
      runsBetween('PIS', posted, seenApproved) +
      runsBetween('PAG', seenApproved + 1, seenAdvice) +
      runsBetween('PD', seenAdvice + 1, seenPaid) +
      fdCalls,
  };
}
