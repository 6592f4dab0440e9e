/** One allotment transaction as the treasury reported it (VA), normalised to integer paise. */
export interface TreasuryAllotment {
  masterAllotmentId: string;
  ssuAllotmentId: string;
  allotmentTxnSlNo: string;
  type: 'INITIAL' | 'ADDITIONAL' | 'WITHDRAWAL';
  amountPaise: number;
  /** The balance the treasury says remains in the master sanction after this transaction. */
  availableBalancePaise: number;
  /** `yyyy-MM-dd`, an IST calendar date. */
  allotmentDate: string;
  ddoCode: string;
  ssuId: string;
  hoaCode: string;
  schemeCode: string;
}

export interface ApplyAllotmentsResult {
  applied: number;
  /** The allotments this call applied (not the duplicates, not the parked ones). */
  appliedRows: TreasuryAllotment[];
  duplicates: number;
  /** Allotments of this tenant still parked, waiting for their sanction's Initial Allotment. */
  pending: number;
  newSanctions: string[];
  /** Sanctions a withdrawal took below zero: they accept no reservations until money arrives. */
  sanctionsInDeficit: string[];
}

export interface ReserveFundsInput {
  /** The PI number: one reservation per PI, however often the activity is retried. */
  reservationKey: string;
  tenantId: string;
  amountPaise: number;
  /** Heads of account to try, in order; when empty, every active one in master-data sequence. */
  headOfAccountCodes?: string[];
}

export interface Reservation {
  status: 'RESERVED' | 'RELEASED';
  reservationKey: string;
  amountPaise: number;
  sanctionId: number;
  masterAllotmentId: string;
  hoaCode: string;
  ddoCode: string;
  ssuId: string;
  schemeCode: string;
  granteeAgCode: string;
  /** The sanction's latest non-withdrawal allotment, which a PI header must name. */
  ssuAllotmentId: string;
  allotmentTxnSlNo: string;
}

export type ReserveFundsResult =
  | ({ outcome: 'RESERVED' | 'ALREADY_RESERVED' } & Reservation)
  | { outcome: 'INSUFFICIENT_FUNDS'; largestAvailablePaise: number };

export interface ReleaseFundsInput {
  reservationKey: string;
  /** Names this credit-back (e.g. `<PI>:rejected`, `<PI>:return:<BN>`): the same key never credits twice. */
  releaseKey: string;
  /** Defaults to everything not yet released. */
  amountPaise?: number;
  reason: string;
}

export type ReleaseFundsResult =
  | { outcome: 'RELEASED' | 'ALREADY_RELEASED'; amountPaise: number; sanctionId: number; remainingPaise: number }
  | { outcome: 'NOTHING_TO_RELEASE'; remainingPaise: 0 }
  | { outcome: 'NOT_FOUND' };
