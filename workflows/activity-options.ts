import type { ActivityOptions } from '@temporalio/workflow';

/** Database writes of the read model and ledger: short, and retried until the database is back. */
export const recordOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

/**
 * Posting a PI or COR. The client's own timeout is 10 s; a retry after an ambiguous failure first
 * asks the treasury whether the earlier attempt landed (see activities/instructions/post.ts), so
 * retrying forever is safe, and the treasury's breaker sets the pace when it is down.
 */
export const treasuryPostOptions: ActivityOptions = {
  // The client gives up after TREASURY_TIMEOUT_MS (10 s); a worker that died mid-call is noticed after this.
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
};
