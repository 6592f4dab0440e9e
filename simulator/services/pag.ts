import { formatIstDate } from '../ist';
import { formatRupees } from '../money';
import { envelope, type JitEnvelope } from '../protocol';
import { describeIssue, pagParamsSchema } from '../requests';
import type { TreasuryState } from '../state/treasury-state';
import { rejectionText, unknownBillText } from './pis';

/** PAG: after approval and `adviceDelayMs`, the payment advice with the online bill reference and token. */
export function handlePag(state: TreasuryState, raw: unknown): JitEnvelope {
  const parsed = pagParamsSchema.safeParse(raw);
  if (!parsed.success) return envelope.error('PAG', `Invalid request: ${describeIssue(parsed.error)}`);
  const p = parsed.data;
  const pi = state.paymentInstruction(p.billNo);
  if (!pi || (p.ssuIaId !== undefined && p.ssuIaId !== pi.ssuIaId))
    return envelope.error('PAG', unknownBillText(p.billNo));
  const stage = state.stageOf(pi);
  if (stage === 'REJECTED') return envelope.error('PAG', rejectionText(pi));
  if (stage === 'AWAITING_SSU' || stage === 'APPROVED') return envelope.notReady('PAG');
  if (p.pmtInstId !== undefined && p.pmtInstId !== pi.pmtInstId) {
    return envelope.error('PAG', `Payment instruction ${p.pmtInstId} does not belong to Bill Number ${p.billNo}`);
  }
  return envelope.ok('PAG', [
    {
      billNo: pi.jitBillNo,
      ssuIaId: pi.ssuIaId,
      finYear: pi.finYear,
      adviceId: pi.adviceId,
      adviceDate: formatIstDate(pi.adviceAt),
      onlineBillRefNo: pi.onlineBillRefNo,
      tokenNumber: pi.tokenNumber,
      tokenDate: formatIstDate(pi.adviceAt),
      benfList: pi.beneficiaries.map((b) => ({
        benfName: b.name,
        benfAccountNo: b.accountNo,
        benfBankIfscCode: b.ifsc,
        amount: formatRupees(b.amountPaise),
        benfId: b.benefId,
      })),
    },
  ]);
}
