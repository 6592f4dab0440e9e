import 'vitest';

declare module 'vitest' {
  /** What test/global-setup.ts hands every integration test file (read with `inject('…')`). */
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
    databaseUrl: string;
    workflowBundlePath: string;
    /** The engine the run's server is (TEMPORAL_ENGINE), for tests that check what the cluster reports. */
    temporalEngine: { kind: 'dev' | 'postgres'; historyShards: number };
  }
}
