import type { EngineSettings } from '../../scripts/lib/temporal-engine';

/** How a benchmark part runs its platform: `npm run bench -- --engine postgres --workers 2`. */
export interface BenchRun {
  /** Worker settings (WORKER_* variables, see bench/tuning.ts). */
  workerEnv: Record<string, string>;
  /** Worker processes polling the one task queue. */
  workers: number;
  /** The Temporal engine (default: TEMPORAL_ENGINE and friends from the environment). */
  engine?: EngineSettings;
}
