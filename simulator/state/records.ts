import type { BeneficiaryPayment } from './payments';

/** An accepted payment instruction; every later stage's time and number is fixed when it is accepted. */
export interface PaymentInstructionRecord {
  jitBillNo: string;
  /** As the client sent it (`yyyy-MM-dd HH:mm:ss`). */
  jitBillDate: string;
  ddoCode: string;
  granteeAgCode: string;
  ssuIaId: string;
  ssuOffice: string;
  hoa: string;
  schemeCode: string;
  mstAllotmentDistId: string;
  grossPaise: number;
  netPaise: number;
  receivedAt: number;
  /** The SSU decides (approves, or rejects when `rejected`). */
  approvalAt: number;
  adviceAt: number;
  disbursedAt: number;
  rejected: boolean;
  pmtInstId: string;
  adviceId: string;
  onlineBillRefNo: string;
  tokenNumber: string;
  voucherNo: string;
  finYear: string;
  beneficiaries: BeneficiaryPayment[];
}

export type PiStage = 'AWAITING_SSU' | 'REJECTED' | 'APPROVED' | 'ADVISED' | 'DISBURSED';

export function piStage(pi: PaymentInstructionRecord, now: number): PiStage {
  if (now < pi.approvalAt) return 'AWAITING_SSU';
  if (pi.rejected) return 'REJECTED';
  if (now < pi.adviceAt) return 'APPROVED';
  if (now < pi.disbursedAt) return 'ADVISED';
  return 'DISBURSED';
}

/** An accepted correction (COR) of some returned beneficiaries of an original PI. */
export interface CorrectionRecord {
  jitCorBillNo: string;
  jitCorBillDate: string;
  jitOrgBillNo: string;
  jitOrgBillRefNo: string;
  receivedAt: number;
  disbursedAt: number;
  billRefNo: string;
  tokenNumber: string;
  voucherNo: string;
  beneficiaries: BeneficiaryPayment[];
}

/** Identifiers a test may fix before the PI arrives, so fixture requests that quote them find it. */
export interface PiIdentifierOverrides {
  pmtInstId?: string;
  adviceId?: string;
  onlineBillRefNo?: string;
  tokenNumber?: string;
  voucherNo?: string;
}
