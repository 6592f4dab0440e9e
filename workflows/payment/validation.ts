import {
  ACCOUNT_NUMBER_PATTERN as ACCOUNT,
  IFSC_PATTERN as IFSC,
  PI_STATUSES_TREASURY_MAY_PAY as LIVE,
  refuseUpdate,
  UpdateRefusalCode as Refused,
  type RefusedCorrection,
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
  if (request.tenantId !== state.tenantId)
    throw refuseUpdate({ code: Refused.OtherTenant, message: 'correction is for another tenant' });
  if (state.status === 'CANCELLED')
    throw refuseUpdate({ code: Refused.PaymentClosed, message: 'payment is cancelled' });
  if (request.corrections.length === 0)
    throw refuseUpdate({ code: Refused.IncompleteRequest, message: 'no corrections given' });
  const seen = new Set<string>();
  const fields: RefusedCorrection[] = [];
  const refuse = (beneficiaryNumber: string, field: RefusedCorrection['field'], message: string) =>
    void fields.push({ beneficiaryNumber, field, message });
  const onLivePi = new Set(liveBeforePayment(state).flatMap((i) => i.beneficiaryNumbers));
  for (const c of request.corrections) {
    const bn = c.beneficiaryNumber;
    const b = state.beneficiaries.find((x) => x.beneficiaryNumber === bn);
    if (seen.has(bn)) refuse(bn, 'beneficiaryNumber', 'listed twice');
    seen.add(bn);
    if (!b) refuse(bn, 'beneficiaryNumber', 'not a beneficiary of this payment');
    else if (b.status !== 'FAILED') refuse(bn, 'beneficiaryNumber', `has not failed (status ${b.status})`);
    else if (onLivePi.has(bn)) refuse(bn, 'beneficiaryNumber', 'is on a live PI');
    if (!IFSC.test(c.ifsc)) refuse(bn, 'ifsc', `IFSC must match ${IFSC.source}`);
    if (!ACCOUNT.test(c.accountNumber)) refuse(bn, 'accountNumber', 'account number must be 9 to 18 digits');
  }
  if (fields.length > 0) {
    const listed = fields.map((f) => `${f.beneficiaryNumber}: ${f.message}`).join('; ');
    throw refuseUpdate({ code: Refused.InvalidCorrections, message: `invalid corrections: ${listed}`, fields });
  }
}

export function validateCancel(state: PaymentState, request: CancelRequest): void {
  if (!request.reason.trim()) throw refuseUpdate({ code: Refused.IncompleteRequest, message: 'a reason is required' });
  if (state.status === 'CANCELLED' || state.status === 'PAID')
    throw refuseUpdate({ code: Refused.PaymentClosed, message: `payment is already ${state.status}` });
  const live = liveBeforePayment(state);
  if (live.length > 0) {
    const pis = live.map((i) => i.piNumber).join(', ');
    throw refuseUpdate({ code: Refused.LiveAtTreasury, message: `cannot cancel: PI ${pis} is live at the treasury` });
  }
}
