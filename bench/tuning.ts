/**
 * Worker tuning for the benchmarks (and the values README "Performance" recommends for 2 cores):
 * a workflow cache large enough to keep every in-flight payment's workflows warm during a burst,
 * activity slots well above the treasury's concurrency (activities mostly wait on I/O), and workflow
 * task slots above the default 40 so a burst of signals does not queue behind replays.
 */
export const WORKER_TUNING: Record<string, string> = {
  WORKER_MAX_CACHED_WORKFLOWS: '2000',
  WORKER_MAX_CONCURRENT_ACTIVITIES: '200',
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '100',
};
