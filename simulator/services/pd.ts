import { formatIstDate } from '../ist';
import { envelope, type JitEnvelope } from '../protocol';
import { describeIssue, pdParamsSchema } from '../requests';
import type { PaymentInstructionRecord } from '../state/records';
import type { TreasuryState } from '../state/treasury-state';
import { datePart, PAID_STATUS_TEXT, paidBeneficiaryRow } from './rows';

export function unknownBillRefText(billRefNo: string): string {
  return `No bill found for Bill Reference Number ${billRefNo}`;
}

/** The advised bill a PD/FD poll names by online bill reference (and token), if the treasury has one. */
export function advisedBill(
  state: TreasuryState,
  billRefNo: string,
  tokenNumber: string | undefined,
): PaymentInstructionRecord | undefined {
  const pi = state.paymentInstructionByBillRef(billRefNo);
  if (!pi || (tokenNumber !== undefined && tokenNumber !== pi.tokenNumber)) return undefined;
  const stage = state.stageOf(pi);
  return stage === 'ADVISED' || stage === 'DISBURSED' ? pi : undefined;
}

/**
 * PD: the debit scroll of one bill once it is disbursed: voucher and a UTR per paid beneficiary. "Late"
 * beneficiaries are missing until their own payment time.
 */
export function handlePd(state: TreasuryState, raw: unknown): JitEnvelope {
  const parsed = pdParamsSchema.safeParse(raw);
  if (!parsed.success) return envelope.error('PD', `Invalid request: ${describeIssue(parsed.error)}`);
  const p = parsed.data;
  const pi = advisedBill(state, p.billRefNo, p.tokenNumber);
  if (!pi) return envelope.error('PD', unknownBillRefText(p.billRefNo));
  if (state.stageOf(pi) !== 'DISBURSED') return envelope.notReady('PD');
  const now = state.now();
  return envelope.ok('PD', [
    {
      billNumber: pi.jitBillNo,
      billDate: datePart(pi.jitBillDate),
      voucherNo: pi.voucherNo,
      voucherDate: formatIstDate(pi.disbursedAt),
      billRefNo: pi.onlineBillRefNo,
      paymentStatus: PAID_STATUS_TEXT,
      tokenNumber: pi.tokenNumber,
      tokenDate: formatIstDate(pi.adviceAt),
      benfDtls: pi.beneficiaries.filter((b) => now >= b.paidAt).map(paidBeneficiaryRow),
    },
  ]);
}
