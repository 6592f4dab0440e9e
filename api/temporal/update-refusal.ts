import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { UpdateRefusalCode, updateRefusalIn, type UpdateRefusal } from '../../contracts';
import { ApiError } from '../errors';
import { closedWhileActing } from './workflow-state';

/** The message of a failed update (a validator's refusal or the handler's failure), or undefined if the error is something else. */
export function refusalReason(err: unknown): string | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  return err.cause instanceof Error ? err.cause.message : err.message;
}

/** The typed refusal a workflow's validator threw (contracts/update-refusals.ts), if it is one. */
export function updateRefusal(err: unknown): UpdateRefusal | undefined {
  if (!(err instanceof WorkflowUpdateFailedError) || !(err.cause instanceof ApplicationFailure)) return undefined;
  return updateRefusalIn(err.cause);
}

/**
 * Turns the payment workflow's correction refusal into an API error, by its code: a closed payment
 * or another tenant's is 409; problems with entries are 422 with one detail per field, pointing at
 * the request entry it concerns.
 */
export function correctionRefusal(err: unknown, beneficiaryNumbers: string[]): ApiError | undefined {
  const closed = closedWhileActing(err);
  if (closed) return closed;
  const reason = refusalReason(err);
  if (reason === undefined) return undefined;
  const refusal = updateRefusal(err);
  switch (refusal?.code) {
    case UpdateRefusalCode.OtherTenant:
    case UpdateRefusalCode.PaymentClosed:
      return new ApiError(409, 'CORRECTION_REFUSED', reason);
    case UpdateRefusalCode.InvalidCorrections: {
      const fields = (refusal.fields ?? []).map(({ beneficiaryNumber, field, message }) => {
        const index = beneficiaryNumbers.indexOf(beneficiaryNumber);
        return { path: index >= 0 ? `corrections.${index}.${field}` : 'corrections', beneficiaryNumber, message };
      });
      return new ApiError(422, 'CORRECTION_INVALID', 'the payment refused these corrections', { fields });
    }
    default:
      return new ApiError(422, 'CORRECTION_INVALID', reason);
  }
}
