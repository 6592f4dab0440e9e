/**
 * What the treasury gateway's typed service functions take and return, in our terms: money in
 * integer paise, instants as epoch ms or ISO-8601 strings with an offset (the gateway formats both
 * the way JIT-FS wants them, in IST). Identifiers keep the treasury's field names so the mapping to
 * the wire stays obvious. Pure TypeScript: workflows and the API import these types.
 */

/** Epoch milliseconds, or an ISO-8601 string that carries `Z` or an explicit offset. */
export type Instant = number | string;

/** One validation error from the treasury's `errorMsgs[]`. */
export interface TreasuryValidationError {
  code: string;
  message: string;
}

/**
 * The decrypted envelope, classified. Session, transport and malformed-response problems are thrown
 * as typed errors instead, because no answer about the bill was received.
 */
export type TreasuryResult<Row> =
  | { kind: 'ok'; rows: Row[] }
  /** No data and no error: the treasury has nothing yet (e.g. the SSU has not signed). */
  | { kind: 'not_ready' }
  /** PIS only: the SSU rejected exactly the bill we asked about. */
  | { kind: 'rejected'; message: string; ssuOffice: string }
  | { kind: 'validation'; errors: TreasuryValidationError[] }
  | { kind: 'business_error'; message: string };

export type TreasuryResultKind = TreasuryResult<unknown>['kind'];

export type BreakerState = 'closed' | 'half_open' | 'open';

/** VA: allotments for one (head of account, DDO, grantee) since an instant. */
export interface VirtualAllotmentInput {
  hoa: string;
  ddoCode: string;
  /** Sent as the treasury's `granteCode` (sic). */
  granteeCode: string;
  fromDate: Instant;
}

export interface PiBeneficiaryInput {
  /** Our beneficiary number (BN-…); stays the same across corrections. */
  benefId: string;
  name: string;
  accountNumber: string;
  ifsc: string;
  mobile: string;
  address: string;
  email?: string;
  accountType: string;
  amountPaise: number;
  purpose: string;
}

/** PI: post a bill. Net and gross are the sum of the beneficiaries (deductions are beneficiaries too). */
export interface PaymentInstructionInput {
  jitBillNo: string;
  jitBillDate: Instant;
  ddoCode: string;
  granteeAgCode: string;
  schemeCode: string;
  hoa: string;
  ssuIaId: string;
  mstAllotmentDistId: string;
  ssuAllotmentId: string;
  allotmentTxnSlNo: string;
  purpose: string;
  beneficiaries: PiBeneficiaryInput[];
}

/** PIS: has the SSU approved (signed) the bill? */
export interface InstructionStatusInput {
  jitBillNo: string;
  jitBillDate: Instant;
  ssuIaId: string;
}

/** PAG: the payment advice for an approved instruction. */
export interface PaymentAdviceInput {
  pmtInstId: string;
  /** The treasury's own `payInstDate` string from PIS, sent back verbatim. */
  pmtInstDate: string;
  billNo: string;
  billDate: Instant;
  ssuIaId: string;
}

/** PD: the debit scroll for one bill. Every field comes verbatim from PAG. */
export interface PaymentDetailsInput {
  finYear: string;
  billRefNo: string;
  tokenNumber: string;
  tokenDate: string;
}

/** FD: bulk return scroll since an instant. */
export interface FailureDetailsInput {
  since: Instant;
  /** Defaults to the treasury financial year (its start year, IST) of `since`. */
  finYear?: string;
}

export interface CorrectionBeneficiaryInput {
  /** The same BN number as in the original instruction. */
  benefId: string;
  /** Online bill reference of the latest failed instruction (original or last revision). */
  curBillRefNo: string;
  orgAccountNo: string;
  orgIfsc: string;
  curAccountNo: string;
  curIfsc: string;
  correctedAccountNo: string;
  correctedIfsc: string;
}

/** COR: a revised instruction that re-pays failed beneficiaries of an original one. */
export interface CorrectionInput {
  jitCorBillNo: string;
  jitCorBillDate: Instant;
  orgBillRefNo: string;
  orgBillNo: string;
  orgBillDate: Instant;
  beneficiaries: CorrectionBeneficiaryInput[];
}

/** FTPS: payment status of a correction. */
export interface CorrectionPaymentStatusInput {
  jitCorBillNo: string;
  jitCorBillDate: Instant;
  orgBillNo: string;
  orgBillRefNo: string;
  orgBillDate: Instant;
}

/** FTFPS: failures of a correction. Bill ref and token come verbatim from FTPS. */
export interface CorrectionFailureStatusInput {
  jitCorBillNo: string;
  jitCorBillDate: Instant;
  billRefNo: string;
  tokenNumber: string;
  tokenDate: string;
}
