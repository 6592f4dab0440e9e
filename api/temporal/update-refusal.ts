import { WorkflowUpdateFailedError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { ApiError } from '../errors';

/** The reason an update's validator gave, or undefined if the error is something else. */
export function refusalReason(err: unknown): string | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  return err.cause instanceof Error ? err.cause.message : err.message;
}

const PREFIX = 'invalid corrections: ';

/**
 * Turns the payment workflow's correction refusal into an API error. The validator lists problems as
 * `invalid corrections: <BN>: <problem>; <BN>: <problem>` (workflows/payment/validation.ts); each
 * becomes a per-field detail pointing at the request entry it concerns.
 */
export function correctionRefusal(err: unknown, beneficiaryNumbers: string[]): ApiError | undefined {
  if (err instanceof WorkflowNotFoundError) return new ApiError(409, 'PAYMENT_CLOSED', 'the payment has closed');
  const reason = refusalReason(err);
  if (reason === undefined) return undefined;
  if (!reason.startsWith(PREFIX)) {
    const closed = /cancelled|another tenant/.test(reason);
    return new ApiError(closed ? 409 : 422, closed ? 'CORRECTION_REFUSED' : 'CORRECTION_INVALID', reason);
  }
  const fields = reason
    .slice(PREFIX.length)
    .split('; ')
    .map((problem) => {
      const sep = problem.indexOf(': ');
      const beneficiaryNumber = sep > 0 ? problem.slice(0, sep) : '';
      const message = sep > 0 ? problem.slice(sep + 2) : problem;
      const index = beneficiaryNumbers.indexOf(beneficiaryNumber);
      const field = /IFSC/i.test(message)
        ? 'ifsc'
        : /account number/i.test(message)
          ? 'accountNumber'
          : 'beneficiaryNumber';
      return { path: index >= 0 ? `corrections.${index}.${field}` : 'corrections', beneficiaryNumber, message };
    });
  return new ApiError(422, 'CORRECTION_INVALID', 'the payment refused these corrections', { fields });
}
