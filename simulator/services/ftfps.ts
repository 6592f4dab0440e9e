import { formatIstDate } from '../ist';
import { envelope, type JitEnvelope } from '../protocol';
import { describeIssue, ftfpsParamsSchema } from '../requests';
import { isReturnVisible } from '../state/payments';
import type { TreasuryState } from '../state/treasury-state';
import { unknownCorrectionText } from './ftps';
import { returnedBeneficiaryRow } from './rows';

/**
 * FTFPS: the corrected payments that bounced again. Looked up by `jitCorBillNo`; `billRefNo` is not
 * checked, because the legacy client sends the original bill's reference there and a faithful one the
 * correction's.
 */
export function handleFtfps(state: TreasuryState, raw: unknown): JitEnvelope {
  const parsed = ftfpsParamsSchema.safeParse(raw);
  if (!parsed.success) return envelope.error('FTFPS', `Invalid request: ${describeIssue(parsed.error)}`);
  const cor = state.correction(parsed.data.jitCorBillNo);
  if (!cor) return envelope.error('FTFPS', unknownCorrectionText(parsed.data.jitCorBillNo));
  const now = state.now();
  const returned = cor.beneficiaries.filter((b) => isReturnVisible(b, now));
  if (returned.length === 0) return envelope.notReady('FTFPS');
  return envelope.ok('FTFPS', [
    {
      jitCorBillNo: cor.jitCorBillNo,
      jitCorBillDate: cor.jitCorBillDate,
      billRefNo: cor.billRefNo,
      tokenNumber: cor.tokenNumber,
      tokenDate: formatIstDate(cor.disbursedAt),
      benfDtls: returned.map((b) => returnedBeneficiaryRow(b, cor.jitOrgBillRefNo)),
    },
  ]);
}
