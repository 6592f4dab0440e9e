import { formatIstDate, parseIst } from '../ist';
import { envelope, type JitEnvelope } from '../protocol';
import { describeIssue, fdParamsSchema } from '../requests';
import { isReturnVisible, type BeneficiaryPayment } from '../state/payments';
import type { PaymentInstructionRecord } from '../state/records';
import type { TreasuryState } from '../state/treasury-state';
import { advisedBill, unknownBillRefText } from './pd';
import { datePart, returnedBeneficiaryRow } from './rows';

/**
 * FD, bulk form (`voucherDate`): every return of an original bill that became visible on or after that
 * IST date, one row per bill. The older per-bill form (`billRefNo`, `tokenNumber`) answers for one bill.
 */
export function handleFd(state: TreasuryState, raw: unknown): JitEnvelope {
  const parsed = fdParamsSchema.safeParse(raw);
  if (!parsed.success) return envelope.error('FD', `Invalid request: ${describeIssue(parsed.error)}`);
  const p = parsed.data;
  if ('voucherDate' in p) {
    const from = parseIst(datePart(p.voucherDate));
    if (from === undefined) return envelope.error('FD', `Invalid voucherDate ${p.voucherDate}, expected yyyy-MM-dd`);
    const byBill = new Map<PaymentInstructionRecord, BeneficiaryPayment[]>();
    for (const { pi, payment } of state.returnsVisibleSince(from)) {
      byBill.set(pi, [...(byBill.get(pi) ?? []), payment]);
    }
    return envelope.ok(
      'FD',
      [...byBill].map(([pi, payments]) => failureRow(pi, payments)),
    );
  }
  const pi = advisedBill(state, p.billRefNo, p.tokenNumber);
  if (!pi) return envelope.error('FD', unknownBillRefText(p.billRefNo));
  const now = state.now();
  const returned = pi.rejected ? [] : pi.beneficiaries.filter((b) => isReturnVisible(b, now));
  return envelope.ok('FD', returned.length > 0 ? [failureRow(pi, returned)] : []);
}

function failureRow(pi: PaymentInstructionRecord, payments: BeneficiaryPayment[]) {
  return {
    billNumber: pi.jitBillNo,
    billDate: datePart(pi.jitBillDate),
    voucherNo: pi.voucherNo,
    voucherDate: formatIstDate(pi.disbursedAt),
    billRefNo: pi.onlineBillRefNo,
    tokenNumber: pi.tokenNumber,
    tokenDate: formatIstDate(pi.adviceAt),
    benfDtls: payments.map((b) => returnedBeneficiaryRow(b, pi.onlineBillRefNo)),
  };
}
