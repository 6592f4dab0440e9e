import { z } from 'zod';

/** How long each treasury stage takes, in ms; every transition is `previous stage + delay`. */
export const lifecycleDelaysSchema = z.object({
  /** PI received → the SSU approves (PIS answers) or rejects it. */
  ssuApprovalDelayMs: z.number().int().min(0),
  /** SSU approval → payment advice (PAG: online bill reference and token). */
  adviceDelayMs: z.number().int().min(0),
  /** Advice → disbursement (PD: voucher and UTRs); also COR received → FTPS, and the extra wait of "late" payees. */
  disbursementDelayMs: z.number().int().min(0),
  /** Payment → the bank's return shows in FD / FTFPS. */
  returnDelayMs: z.number().int().min(0),
});

export type LifecycleDelays = z.infer<typeof lifecycleDelaysSchema>;

export const DEFAULT_DELAYS: LifecycleDelays = {
  ssuApprovalDelayMs: 3_000,
  adviceDelayMs: 3_000,
  disbursementDelayMs: 3_000,
  returnDelayMs: 10_000,
};

/** When one PI's stages happen, decided when it is received (epoch ms, and the return's delay after payment). */
export interface PiStageTimes {
  approvalAt: number;
  adviceAt: number;
  disbursedAt: number;
  returnDelayMs: number;
}

/**
 * A per-PI timeline in place of the fixed delays: a benchmark draws each PI's stages from a timing
 * model of the treasury's office hours and batch runs (bench/treasury-timing.ts).
 */
export type StageTimeline = (receivedAt: number, jitBillNo: string) => PiStageTimes;
