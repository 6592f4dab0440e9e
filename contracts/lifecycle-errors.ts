/** Failure `type`s the lifecycle activities throw besides the treasury's own (contracts/treasury-errors.ts). */
export const LifecycleErrorType = {
  /** Our own records contradict the request (e.g. a PI row is missing): a bug or a manual edit, not retried. */
  InconsistentRecord: 'InconsistentRecord',
} as const;
