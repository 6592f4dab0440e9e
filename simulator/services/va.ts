import { formatIstDate, parseIst } from '../ist';
import { formatRupees } from '../money';
import { envelope, type JitEnvelope } from '../protocol';
import { describeIssue, vaParamsSchema } from '../requests';
import type { SeedSsu } from '../seed/schema';
import type { AllotmentTransaction, MasterAllotment } from '../state/allotments';
import type { TreasuryState } from '../state/treasury-state';

/** VA: the allotment transactions of one SSU × HOA recorded since `fromDate` (IST, inclusive). */
export function handleVa(state: TreasuryState, raw: unknown): JitEnvelope {
  const parsed = vaParamsSchema.safeParse(raw);
  if (!parsed.success) return envelope.error('VA', `Invalid request: ${describeIssue(parsed.error)}`);
  const p = parsed.data;
  const ssu = state.ledger.ssuByDdo(p.ddoCode);
  if (!ssu || (p.granteCode !== undefined && p.granteCode !== ssu.granteeAgCode)) {
    return envelope.error('VA', `Invalid DDO Code ${p.ddoCode} or Grantee Code ${p.granteCode ?? ''}`);
  }
  const from = parseIst(p.fromDate);
  if (from === undefined) return envelope.error('VA', `Invalid fromDate ${p.fromDate}, expected yyyy-MM-dd HH:mm:ss`);
  const rows = state.ledger
    .transactionsBetween(ssu.ddoCode, p.hoa, from, state.now())
    .map(({ master, txn }) => allotmentRow(ssu, master, txn));
  return envelope.ok('VA', rows);
}

/** One allotment transaction as VA reports it (1VAResponse.json). */
export function allotmentRow(ssu: SeedSsu, master: MasterAllotment, txn: AllotmentTransaction) {
  return {
    ddoCode: ssu.ddoCode,
    schemeCode: master.schemeCode,
    schemeName: master.schemeName,
    granteeAgCode: ssu.granteeAgCode,
    granteeName: ssu.granteeName,
    ssuId: ssu.ssuId,
    ssuOffice: ssu.ssuOffice,
    allotmentDate: formatIstDate(txn.recordedAt),
    allotmentTxnSlNo: txn.allotmentTxnSlNo,
    allotmentAmount: formatRupees(txn.amountPaise),
    availableBalance: formatRupees(txn.availableBalancePaise),
    allotmentTxnType: txn.type,
    mstAllotmentDistId: txn.mstAllotmentDistId,
    ssuAllotmentId: txn.ssuAllotmentId,
  };
}
