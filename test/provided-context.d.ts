import 'vitest';

declare module 'vitest' {
  /** What test/global-setup.ts hands every integration test file (read with `inject('…')`). */
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
    databaseUrl: string;
    workflowBundlePath: string;
  }
}
