import { formatIstDateTime } from '../ist';
import { formatRupees } from '../money';
import { envelope, type JitEnvelope } from '../protocol';
import { describeIssue, pisParamsSchema } from '../requests';
import type { PaymentInstructionRecord } from '../state/records';
import type { TreasuryState } from '../state/treasury-state';
import { datePart } from './rows';

/** The SSU's rejection, in the treasury's exact words (3PISRejectedResponse.json). */
export function rejectionText(pi: PaymentInstructionRecord): string {
  return `This Bill Number ${pi.jitBillNo} is rejected by SSU ${pi.ssuOffice}`;
}

export function unknownBillText(billNo: string): string {
  return `No payment instruction found for Bill Number ${billNo}`;
}

/** PIS: nothing until the SSU decides; then the treasury's payment instruction id, or the rejection. */
export function handlePis(state: TreasuryState, raw: unknown): JitEnvelope {
  const parsed = pisParamsSchema.safeParse(raw);
  if (!parsed.success) return envelope.error('PIS', `Invalid request: ${describeIssue(parsed.error)}`);
  const p = parsed.data;
  const pi = state.paymentInstruction(p.jitBillNo);
  if (!pi || (p.ssuIaId !== undefined && p.ssuIaId !== pi.ssuIaId)) {
    // Some treasuries cannot tell a bill they never received from one the SSU has not signed.
    if (state.dialect.config.pisUnknownBill === 'same-as-unsigned') return envelope.notReady('PIS');
    return envelope.error('PIS', unknownBillText(p.jitBillNo));
  }
  const stage = state.stageOf(pi);
  if (stage === 'AWAITING_SSU') return envelope.notReady('PIS');
  if (stage === 'REJECTED') return envelope.error('PIS', rejectionText(pi));
  return envelope.ok('PIS', [
    {
      pmtInstId: pi.pmtInstId,
      payInstDate: formatIstDateTime(pi.approvalAt),
      jitBillNumber: pi.jitBillNo,
      jitBillDate: datePart(pi.jitBillDate),
      billNetAmount: formatRupees(pi.netPaise),
      billGrossAmount: formatRupees(pi.grossPaise),
      totalNumberOfBeneficiary: String(pi.beneficiaries.length),
      schemeCode: pi.schemeCode,
      ssuIaId: pi.ssuIaId,
    },
  ]);
}
