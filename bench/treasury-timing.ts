import {
  addOfficeTime,
  currentOrNextOfficeHours,
  istMidnight,
  officeHours,
  type TreasuryCalendar,
} from '../calendar/working-hours';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** When the treasury reached each stage of one PI (epoch ms). */
export interface TreasuryTrace {
  postedAt: number;
  approvedAt: number;
  adviceAt: number;
  paidAt: number;
  /** When a failed beneficiary became visible; undefined when nobody came back. */
  returnedAt?: number;
}

/**
 * The treasury's rhythm as a distribution, not fixed delays: an SSU signs after a log-normal amount
 * of office time (median 1.5 office hours, a long tail of days), now and then out of hours; advice and
 * disbursement are the treasury's batch runs on working days; bank returns come in the daily return
 * batch one to three working days after payment. Batch times are IST minutes after midnight.
 */
export const TIMING_MODEL = {
  signingMedianMs: 90 * MINUTE,
  signingSigma: 1.3,
  signingCapMs: 5 * 8 * 60 * MINUTE,
  outOfHoursSigningShare: 0.05,
  adviceBatches: [11 * 60 + 30, 15 * 60 + 30],
  disbursementBatches: [13 * 60, 17 * 60],
  returnBatches: [16 * 60],
  /** A batch's results trickle out over this long after its time. */
  batchSpreadMs: 15 * MINUTE,
  /** The least time between a stage and the batch that can carry it. */
  adviceAfterApprovalMs: 15 * MINUTE,
  disbursementAfterAdviceMs: 30 * MINUTE,
  returnShare: 0.1,
};

/** Standard normal from two uniforms (Box–Muller). */
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** The first batch time on a working day at or after `t`, from `after` working days on. */
export function nextBatch(calendar: TreasuryCalendar, batches: number[], t: number, skipWorkingDays = 0): number {
  let skipped = 0;
  for (let midnight = istMidnight(t); midnight < t + 90 * DAY; midnight += DAY) {
    if (!officeHours(calendar, midnight)) continue;
    if (skipped++ < skipWorkingDays) continue;
    const at = [...batches]
      .sort((a, b) => a - b)
      .map((m) => midnight + m * MINUTE)
      .find((b) => b >= t);
    if (at !== undefined) return at;
  }
  throw new Error(`${calendar.name}: no batch within 90 days`);
}

export function drawTrace(rand: () => number, calendar: TreasuryCalendar, postedAt: number): TreasuryTrace {
  const m = TIMING_MODEL;
  const work = Math.min(m.signingCapMs, m.signingMedianMs * Math.exp(m.signingSigma * normal(rand)));
  let approvedAt = addOfficeTime(calendar, postedAt, work);
  if (rand() < m.outOfHoursSigningShare) {
    // Signed in the evening after the office closed, from home.
    const closed = currentOrNextOfficeHours(calendar, approvedAt).end;
    approvedAt = closed + rand() * 4 * 60 * MINUTE;
  }
  const spread = () => rand() * m.batchSpreadMs;
  const adviceAt = nextBatch(calendar, m.adviceBatches, approvedAt + m.adviceAfterApprovalMs) + spread();
  const paidAt = nextBatch(calendar, m.disbursementBatches, adviceAt + m.disbursementAfterAdviceMs) + spread();
  const trace: TreasuryTrace = { postedAt, approvedAt, adviceAt, paidAt };
  if (rand() < m.returnShare) trace.returnedAt = drawReturnAt(rand, calendar, paidAt);
  return trace;
}

/** When a payment made at `paidAt` shows as returned: in the return batch one to three working days later. */
export function drawReturnAt(rand: () => number, calendar: TreasuryCalendar, paidAt: number): number {
  const workingDaysLater = 1 + Math.floor(rand() * 3);
  const batch = nextBatch(calendar, TIMING_MODEL.returnBatches, istMidnight(paidAt), workingDaysLater);
  return batch + rand() * TIMING_MODEL.batchSpreadMs;
}
