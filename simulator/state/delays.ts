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
