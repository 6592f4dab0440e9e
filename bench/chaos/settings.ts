import { DEFAULT_LIFECYCLE_POLICY, mergePolicy } from '../../config/lifecycle-policy';
import type { LifecyclePolicy } from '../../contracts';
import { ADVERSARIAL_DIALECT, type DialectInput } from '../../simulator/dialect';
import type { FaultConfigInput } from '../../simulator/faults';
import type { DisruptionPlan } from './disruptions';

export type ChaosMode = 'quick' | 'full' | 'test';

export interface ChaosOptions {
  mode: ChaosMode;
  payments: number;
  /** How long the disruptions and treasury faults last. */
  chaosSeconds: number;
  /** Upper bound on the quiet period after it, for everything to settle. */
  settleSeconds: number;
  /** Payments are submitted evenly over this fraction of the chaos window. */
  submitFraction: number;
  /** Every n-th bill has a beneficiary the bank returns (needs a correction and a COR). */
  returnsEvery: number;
  /** Every n-th bill is rejected by the SSU (its PI fails, its funds come back). */
  rejectEvery: number;
  plan: DisruptionPlan;
  /** How the simulated treasury words and times things (simulator/dialect.ts); default faithful. */
  dialect: ChaosDialect;
  /** The lifecycle policy every payment carries (default CHAOS_POLICY). */
  policy: LifecyclePolicy;
  /** Keep the Temporal log and worker logs after the run (they are in the report's workDir). */
  keepWorkDir: boolean;
  /** Progress lines (default: stderr). */
  log: (line: string) => void;
}

/** The treasury's misbehaviour during the chaos window (simulator/faults.ts). */
export const CHAOS_FAULTS: FaultConfigInput = {
  error5xxRate: 0.2,
  timeoutRate: 0.05,
  // Held longer than the client waits (TREASURY_TIMEOUT_MS below): the client's own deadline fires.
  timeoutHoldMs: 6_000,
  malformedRate: 0.02,
  truncatedRate: 0.01,
  wrongKeyRate: 0.01,
  expireSessionsEveryMs: 60_000,
  seed: 20_261_122,
};

export type ChaosDialectName = 'faithful' | 'adversarial';
export interface ChaosDialect {
  name: ChaosDialectName;
  config: DialectInput;
}

/**
 * The two treasuries the suite runs against: ours as it always spoke, and one that loses the first
 * answer to every PI and COR after committing it, words a duplicate its own way (399), cannot tell an
 * unknown bill from an unsigned one in PIS, has the SSU sign after 1–30 s (minutes to hours compressed
 * ×60, drawn log-uniformly), leaves returned beneficiaries out of FTPS and reports them over two FTFPS rounds.
 */
export const CHAOS_DIALECTS: Record<ChaosDialectName, ChaosDialect> = {
  faithful: { name: 'faithful', config: {} },
  adversarial: {
    name: 'adversarial',
    // Signing spread over 1–30 s here (a minute to half an hour of treasury time, ×60), within the settle window.
    config: {
      ...ADVERSARIAL_DIALECT,
      ssuSigning: { minMs: 60_000, maxMs: 1_800_000, compression: 60 },
      seed: 20_261_202,
    },
  },
};

/** Polls within a second or two, flags a stage stuck after a minute, listens for returns for 45 s. */
export const CHAOS_POLICY: LifecyclePolicy = (() => {
  const stage = { initialIntervalMs: 300, backoffCoefficient: 1.5, maximumIntervalMs: 2_000, deadlineMs: 60_000 };
  return mergePolicy(DEFAULT_LIFECYCLE_POLICY, {
    sanction: stage,
    advice: stage,
    disbursement: stage,
    revisedDisbursement: stage,
    confirmation: stage,
    returnsWindowMs: 45_000,
    fundsWaitDeadlineMs: 60_000,
  });
})();

export const CHAOS_SIMULATOR_DELAYS = {
  // Longer than a client timeout plus the post retry interval (4 s + 2 s): a PIS check after an ambiguous
  // post can then meet a PI the treasury holds but has not signed yet.
  ssuApprovalDelayMs: 8_000,
  adviceDelayMs: 1_000,
  disbursementDelayMs: 1_000,
  returnDelayMs: 2_000,
};

/** Worker settings for the run (besides the platform's own): what differs from production and why. */
export const CHAOS_WORKER_ENV: Record<string, string> = {
  WORKER_MAX_CACHED_WORKFLOWS: '2000',
  WORKER_MAX_CONCURRENT_ACTIVITIES: '200',
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '100',
  // Below the simulator's 6 s hold, so an injected timeout is the client giving up after the treasury did the work.
  TREASURY_TIMEOUT_MS: '4000',
  // With 20 % 5xx, five failures in a row happen every few hundred calls; a 60 s open breaker would
  // dominate a run of minutes, so it half-opens after 5 s here.
  TREASURY_BREAKER_RESET_MS: '5000',
};

export function chaosOptions(mode: ChaosMode, overrides: Partial<Omit<ChaosOptions, 'mode'>> = {}): ChaosOptions {
  const small = mode !== 'full';
  return {
    mode,
    payments: small ? 50 : 500,
    chaosSeconds: small ? 60 : 240,
    settleSeconds: small ? 150 : 600,
    submitFraction: 0.6,
    returnsEvery: 10,
    rejectEvery: 50,
    keepWorkDir: true,
    policy: CHAOS_POLICY,
    dialect: CHAOS_DIALECTS.faithful,
    log: (line) => process.stderr.write(`${line}\n`),
    plan: small
      ? {
          // One kill of each kind, while payments are in flight.
          workers: 2,
          workerKillEveryMs: 15_000,
          maxWorkerKills: 1,
          temporalRestartsAt: [0.45],
          serviceRestarts: [
            { at: 0.2, service: 'history' },
            { at: 0.7, service: 'matching' },
          ],
          pgTerminateEveryMs: 25_000,
          maxPgTerminations: 1,
          faults: { ...CHAOS_FAULTS, expireSessionsEveryMs: 20_000 },
        }
      : {
          workers: 2,
          workerKillEveryMs: 5_000,
          maxWorkerKills: Number.POSITIVE_INFINITY,
          temporalRestartsAt: [0.3, 0.65],
          serviceRestarts: [
            { at: 0.15, service: 'history' },
            { at: 0.5, service: 'matching' },
            { at: 0.8, service: 'history' },
          ],
          pgTerminateEveryMs: 5_000,
          maxPgTerminations: Number.POSITIVE_INFINITY,
          faults: CHAOS_FAULTS,
        },
    ...overrides,
  };
}
