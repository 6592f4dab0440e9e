import { formatIstDate } from '../ist';
import { envelope, type JitEnvelope } from '../protocol';
import { describeIssue, ftpsParamsSchema } from '../requests';
import type { TreasuryState } from '../state/treasury-state';
import { PAID_STATUS_TEXT, paidBeneficiaryRow } from './rows';

export function unknownCorrectionText(jitCorBillNo: string): string {
  return `No correction bill found for ${jitCorBillNo}`;
}

/** FTPS: a correction's debit scroll, `disbursementDelayMs` after it was accepted. */
export function handleFtps(state: TreasuryState, raw: unknown): JitEnvelope {
  const parsed = ftpsParamsSchema.safeParse(raw);
  if (!parsed.success) return envelope.error('FTPS', `Invalid request: ${describeIssue(parsed.error)}`);
  const cor = state.correction(parsed.data.jitCorBillNo);
  if (!cor) return envelope.error('FTPS', unknownCorrectionText(parsed.data.jitCorBillNo));
  const now = state.now();
  // Some treasuries leave a beneficiary whose corrected payment bounced out of FTPS altogether.
  const omitReturned = state.dialect.config.ftpsOmitsReturned;
  if (now < cor.disbursedAt) return envelope.notReady('FTPS');
  return envelope.ok('FTPS', [
    {
      jitCorBillNo: cor.jitCorBillNo,
      jitCorBillDate: cor.jitCorBillDate,
      jitOrgBillRefNo: cor.jitOrgBillRefNo,
      voucherNo: cor.voucherNo,
      voucherDate: formatIstDate(cor.disbursedAt),
      billRefNo: cor.billRefNo,
      paymentStatus: PAID_STATUS_TEXT,
      tokenNumber: cor.tokenNumber,
      tokenDate: formatIstDate(cor.disbursedAt),
      benfDtls: cor.beneficiaries
        .filter((b) => now >= b.paidAt && !(omitReturned && b.returned))
        .map(paidBeneficiaryRow),
    },
  ]);
}
