/** Failure `type`s the lifecycle activities throw besides the treasury's own (contracts/treasury-errors.ts). */
export const LifecycleErrorType = {
  /** Our own records contradict the request (e.g. a PI row is missing): a bug or a manual edit, not retried. */
  InconsistentRecord: 'InconsistentRecord',
  /**
   * The database refused the activity's input in a way a retry cannot change (an encoding, data or
   * constraint error on the same values): not retried; the workflow flags its subject and stops.
   */
  DeterministicActivityFailure: 'DeterministicActivityFailure',
} as const;
