import { PI_STATUSES_PAID } from '../../contracts/payments';
import type { ReconciliationDifferenceKind } from '../../contracts/schedules';

/** What the treasury's records say about one number, read through PIS/PAG/PD (PI) or FTPS (COR). */
export type TreasuryView =
  | { state: 'PAID' | 'HELD' | 'REJECTED'; amountPaise?: number }
  /** Not shown: unsigned, or a number it does not know (PIS may not tell them apart). */
  | { state: 'NOT_SHOWN' }
  | { state: 'UNKNOWN'; answer: string }
  /** No answer at all (transport): nothing can be concluded this time. */
  | { state: 'NO_ANSWER'; answer: string };

export interface OurInstruction {
  status: string;
  amountPaise: number;
}

export interface Difference {
  kind: ReconciliationDifferenceKind;
  ourStatus: string;
  treasuryStatus: string;
  ourAmountPaise: number;
  treasuryAmountPaise: number | null;
}

const OURS_FAILED = new Set(['FAILED', 'NO_FUNDS']);
const OURS_PAID = new Set([...PI_STATUSES_PAID, 'COMPLETED']);
const OURS_AT_TREASURY = new Set(['INITIATED', 'APPROVED', 'IN_PROCESS', ...OURS_PAID]);

/**
 * The differences between our record of an instruction and the treasury's, by kind. Pure: the
 * reconciliation activity gathers both sides and records what this returns; it never moves money.
 */
export function differences(ours: OurInstruction, treasury: TreasuryView): Difference[] {
  const found: ReconciliationDifferenceKind[] = [];
  const live = treasury.state === 'PAID' || treasury.state === 'HELD';
  if (live && (OURS_FAILED.has(ours.status) || ours.status === 'REJECTED')) found.push('OURS_FAILED_TREASURY_LIVE');
  if (treasury.state === 'PAID' && !OURS_PAID.has(ours.status)) found.push('TREASURY_PAID_OURS_PENDING');
  if (treasury.state === 'REJECTED' && ours.status !== 'REJECTED' && !OURS_FAILED.has(ours.status))
    found.push('TREASURY_REJECTED_OURS_LIVE');
  if (treasury.state === 'UNKNOWN' && OURS_AT_TREASURY.has(ours.status)) found.push('OURS_LIVE_TREASURY_UNKNOWN');
  const treasuryAmount = 'amountPaise' in treasury ? treasury.amountPaise : undefined;
  if (treasuryAmount !== undefined && treasuryAmount !== ours.amountPaise) found.push('AMOUNT_MISMATCH');
  return found.map((kind) => ({
    kind,
    ourStatus: ours.status,
    treasuryStatus: treasury.state,
    ourAmountPaise: ours.amountPaise,
    treasuryAmountPaise: treasuryAmount ?? null,
  }));
}
