import {
  ACCOUNT_NUMBER_PATTERN as ACCOUNT,
  IFSC_PATTERN as IFSC,
  PI_STATUSES_TREASURY_MAY_PAY as LIVE,
  type CancelRequest,
  type CorrectionRequest,
  type PaymentState,
} from '../../contracts';

/** Instructions the treasury may still act on (not yet paid, failed or closed). */
export const liveBeforePayment = (state: PaymentState) =>
  state.instructions.filter((i) => !i.closed && LIVE.has(i.status));

/**
 * Rejects a correction before it reaches workflow history (an update validator): wrong tenant,
 * malformed bank details, or beneficiaries that have not failed or are on a live PI.
 */
export function validateCorrections(state: PaymentState, request: CorrectionRequest): void {
  if (request.tenantId !== state.tenantId) throw new Error('correction is for another tenant');
  if (state.status === 'CANCELLED') throw new Error('payment is cancelled');
  if (request.corrections.length === 0) throw new Error('no corrections given');
  const seen = new Set<string>();
  const problems: string[] = [];
  const onLivePi = new Set(liveBeforePayment(state).flatMap((i) => i.beneficiaryNumbers));
  for (const c of request.corrections) {
    const b = state.beneficiaries.find((x) => x.beneficiaryNumber === c.beneficiaryNumber);
    if (seen.has(c.beneficiaryNumber)) problems.push(`${c.beneficiaryNumber}: listed twice`);
    seen.add(c.beneficiaryNumber);
    if (!b) problems.push(`${c.beneficiaryNumber}: not a beneficiary of this payment`);
    else if (b.status !== 'FAILED') problems.push(`${c.beneficiaryNumber}: has not failed (status ${b.status})`);
    else if (onLivePi.has(c.beneficiaryNumber)) problems.push(`${c.beneficiaryNumber}: is on a live PI`);
    if (!IFSC.test(c.ifsc)) problems.push(`${c.beneficiaryNumber}: IFSC must match ${IFSC.source}`);
    if (!ACCOUNT.test(c.accountNumber)) problems.push(`${c.beneficiaryNumber}: account number must be 9 to 18 digits`);
  }
  if (problems.length > 0) throw new Error(`invalid corrections: ${problems.join('; ')}`);
}

export function validateCancel(state: PaymentState, request: CancelRequest): void {
  if (!request.reason.trim()) throw new Error('a reason is required');
  if (state.status === 'CANCELLED' || state.status === 'PAID') throw new Error(`payment is already ${state.status}`);
  const live = liveBeforePayment(state);
  if (live.length > 0) {
    throw new Error(`cannot cancel: PI ${live.map((i) => i.piNumber).join(', ')} is live at the treasury`);
  }
}
