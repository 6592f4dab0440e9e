import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { TreasuryResult } from '../../contracts/treasury';
import { TreasuryErrorType } from '../../contracts/treasury-errors';
import { describeTreasuryAnswer, toApplicationFailure } from '../../treasury';

/** Runs a gateway call with the activity's cancellation, turning thrown treasury errors into Temporal failures. */
export async function callTreasury<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  try {
    return await call(Context.current().cancellationSignal);
  } catch (err) {
    throw toApplicationFailure(err);
  }
}

/** "Nothing new yet": benign, so the retry policy polls again without anyone being paged. */
export function notReady(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: TreasuryErrorType.NotReady, message, category: 'BENIGN' });
}

/**
 * While following a stage, an answer that is neither data, "not yet" nor a decision about the bill
 * (an unexpected `errorMsg`) is retried rather than failing the payment: the stage deadline flags
 * the PI for a person if it persists.
 */
export function unexpectedWhilePolling(result: TreasuryResult<unknown>): ApplicationFailure {
  // An `ok` reaching here had no usable rows: its kind says more than "accepted".
  const message = result.kind === 'ok' || result.kind === 'not_ready' ? result.kind : describeTreasuryAnswer(result);
  return ApplicationFailure.create({ type: TreasuryErrorType.BusinessError, message, nonRetryable: false });
}
