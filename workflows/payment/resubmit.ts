import {
  originalPiNumber,
  refuseUpdate,
  UpdateRefusalCode as Refused,
  type PaymentState,
  type ResubmitRequest,
  type ResubmitResult,
} from '../../contracts';
import { queuedBeneficiaries } from './state';
import { liveBeforePayment } from './validation';

/**
 * Resubmitting a PI the SSU rejected: its beneficiaries (still failed, still on it) go into a new
 * original PI, which takes a new number and reserves funds again (the rejected PI's reservation was
 * reversed when it was rejected). The rejected PI stays REJECTED. Pure, for the update's validator
 * and its handler alike.
 */
function rejectedToResubmit(state: PaymentState) {
  const queued = queuedBeneficiaries(state);
  return state.instructions
    .filter((i) => i.status === 'REJECTED' && i.kind === 'ORIGINAL')
    .map((i) => ({
      piNumber: i.piNumber,
      beneficiaryNumbers: state.beneficiaries
        .filter((b) => b.piNumber === i.piNumber && b.status === 'FAILED' && !queued.has(b.beneficiaryNumber))
        .map((b) => b.beneficiaryNumber),
    }))
    .filter((r) => r.beneficiaryNumbers.length > 0);
}

export function validateResubmit(state: PaymentState, request: ResubmitRequest): void {
  const named = (v: unknown) => typeof v === 'string' && v.trim().length > 0;
  if (!named(request.reason) || !named(request.requestedBy))
    throw refuseUpdate({ code: Refused.IncompleteRequest, message: 'name who resubmits and why' });
  if (state.cancelledReason !== undefined)
    throw refuseUpdate({ code: Refused.PaymentClosed, message: 'payment is cancelled' });
  const live = liveBeforePayment(state);
  const queued = state.pendingOriginal.length + state.pendingRevisions.length;
  if (live.length > 0 || queued > 0) {
    const which = live.map((i) => `PI ${i.piNumber} (${i.status})`).join(', ') || 'a PI about to start';
    throw refuseUpdate({ code: Refused.LiveAtTreasury, message: `cannot resubmit: ${which} is already live` });
  }
  if (rejectedToResubmit(state).length === 0)
    throw refuseUpdate({
      code: Refused.NothingRejected,
      message: 'the payment has no PI rejected by the SSU to resubmit',
    });
}

/** Queues the rejected PIs' beneficiaries for a new original PI; the workflow plans it next. */
export function resubmitRejected(state: PaymentState): ResubmitResult {
  const rejected = rejectedToResubmit(state);
  for (const { beneficiaryNumbers } of rejected) {
    for (const n of beneficiaryNumbers) {
      const b = state.beneficiaries.find((x) => x.beneficiaryNumber === n)!;
      Object.assign(b, { status: 'PENDING', failureReason: undefined, utrNo: undefined });
      state.pendingOriginal.push(n);
    }
  }
  // What planInstruction numbers it: nothing else is queued (the validator saw to it), so the next original.
  const piNumber = originalPiNumber(state.tenantId, state.billNumber, state.originalCount + 1);
  return { resubmitted: rejected.map((r) => r.piNumber), piNumber };
}
