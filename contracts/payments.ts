import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { WaitingFor } from './payment-operations';
import type { LifecyclePolicy } from './lifecycle-policy';

/**
 * The payment lifecycle's shared contract: workflow inputs, statuses and messages (signals, queries,
 * updates); its pacing is in `lifecycle-policy.ts`, its ids and numbers in `workflow-ids.ts`. Imported by the API (to start and talk to workflows), by the workers and
 * by workflow code itself, so it stays pure TypeScript. Money is integer paise; instants are ISO strings.
 */

export type BeneficiaryType = 'IND' | 'ORG' | 'DEPT';

/** One payee line of an approved bill, as submitted. */
export interface BillBeneficiary {
  name: string;
  accountNumber: string;
  ifsc: string;
  amountPaise: number;
  type: BeneficiaryType;
  mobile?: string;
  address?: string;
  /** Ids of the bill's line items this payee is paid for. */
  lineItemIds: string[];
}

export interface PaymentInput {
  tenantId: string;
  billNumber: string;
  beneficiaries: BillBeneficiary[];
  /** Heads of account to fund from, in order; empty means master-data sequence. */
  headOfAccountCodes?: string[];
  submittedAt: string;
  submittedBy: string;
  policy: LifecyclePolicy;
  /** Set only when the workflow continues as new. */
  carried?: PaymentState;
}

export const PAYMENT_STATUSES = [
  'RECEIVED',
  'AWAITING_FUNDS',
  'IN_PROGRESS',
  'PARTIAL',
  'PAID',
  'FAILED',
  'CANCELLED',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const PI_STATUSES = [
  'PREPARED',
  'NO_FUNDS',
  'POSTING',
  /** A send may have reached the treasury: funds stay reserved until the treasury's records settle it. */
  'UNCONFIRMED',
  'INITIATED',
  'APPROVED',
  'IN_PROCESS',
  'SUCCESSFUL',
  /** Paid, and some (not all) of its beneficiaries returned by the bank since. */
  'PARTIAL',
  /** Paid, and every beneficiary returned by the bank since: nothing paid in the end (its payment is FAILED). */
  'RETURNED',
  'FAILED',
  'REJECTED',
  'COMPLETED',
] as const;
export type PiStatus = (typeof PI_STATUSES)[number];

/**
 * PI statuses once its disbursement settled: paid, then perhaps returned in part (PARTIAL) or in full
 * (RETURNED). Such a PI listens for returns until its window closes, and an accepted revision that
 * re-pays its failures supersedes it (COMPLETED).
 */
export const PI_STATUSES_PAID: ReadonlySet<string> = new Set<PiStatus>(['SUCCESSFUL', 'PARTIAL', 'RETURNED']);

/** The status a paid PI has with `returned` of its `total` beneficiaries returned. */
export function paidInstructionStatus(returned: number, total: number): 'SUCCESSFUL' | 'PARTIAL' | 'RETURNED' {
  if (returned <= 0) return 'SUCCESSFUL';
  return returned >= total ? 'RETURNED' : 'PARTIAL';
}

/** The same, from a paid PI's beneficiaries (the FAILED ones are those the bank returned). */
export const paidStatusOf = (beneficiaries: ReadonlyArray<{ status: string }>) =>
  paidInstructionStatus(beneficiaries.filter((b) => b.status === 'FAILED').length, beneficiaries.length);

/** PI statuses that mean the treasury holds the instruction: it was accepted, whatever became of it since. */
export const PI_STATUSES_AT_TREASURY: ReadonlySet<string> = new Set<PiStatus>([
  'INITIATED',
  'APPROVED',
  'IN_PROCESS',
  'SUCCESSFUL',
  'PARTIAL',
  'RETURNED',
  'COMPLETED',
  'REJECTED',
]);

/**
 * PI statuses under which the treasury may still pay (or already holds the instruction and has not
 * finished): such a PI must not be cancelled, failed or corrected around.
 */
export const PI_STATUSES_TREASURY_MAY_PAY: ReadonlySet<string> = new Set<PiStatus>([
  'PREPARED',
  'POSTING',
  'UNCONFIRMED',
  'INITIATED',
  'APPROVED',
  'IN_PROCESS',
]);

export type BeneficiaryStatus = 'PENDING' | 'INITIATED' | 'IN_PROCESS' | 'SUCCESS' | 'FAILED';

/**
 * A payee after merging by account+IFSC, as the payment first records it in PostgreSQL
 * (`payment_beneficiaries`); `beneficiaryNumber` never changes across revisions. Workflows carry only
 * the number: activities read these details from the database, so history holds them once.
 */
export interface PayeeDetails {
  beneficiaryNumber: string;
  name: string;
  accountNumber: string;
  ifsc: string;
  amountPaise: number;
  type: BeneficiaryType;
  mobile: string;
  address: string;
  lineItemIds: string[];
}

/** A payee's progress through the payment: numbers and statuses, no personal data. */
export interface PaymentBeneficiary {
  beneficiaryNumber: string;
  amountPaise: number;
  status: BeneficiaryStatus;
  /** PI that last carried this beneficiary. */
  piNumber?: string;
  /** The original PI a revision must name (the first PI that paid them, or a fresh one after the window). */
  originalPiNumber?: string;
  utrNo?: string;
  failureReason?: string;
}

export interface InstructionSummary {
  piNumber: string;
  kind: 'ORIGINAL' | 'REVISED';
  parentPiNumber?: string;
  status: PiStatus;
  beneficiaryNumbers: string[];
  amountPaise: number;
  createdAt: string;
  stuckStage?: string;
  hoaCode?: string;
  /** Paid: returns are listened for until this instant (ISO), then the PI closes. */
  returnsWindowUntil?: string;
  /** The PI workflow finished and reports no more. */
  closed: boolean;
}

export interface PaymentState {
  tenantId: string;
  billNumber: string;
  status: PaymentStatus;
  beneficiaries: PaymentBeneficiary[];
  instructions: InstructionSummary[];
  /** Counts instructions ever created, for deterministic PI numbers across continue-as-new. */
  originalCount: number;
  revisionCount: number;
  /** Beneficiaries due a fresh original PI (at the start, after funds arrive, or after an out-of-window correction). */
  pendingOriginal: string[];
  /** Corrected beneficiaries due a revised PI, grouped by the original PI a COR names and the failed PI it corrects. */
  pendingRevisions: Array<{ originalPiNumber: string; currentPiNumber: string; beneficiaryNumbers: string[] }>;
  awaitingFundsSince?: string;
  /** The unposted PI number to reuse when funds arrive. */
  awaitingFundsPiNumber?: string;
  fundsDeadlinePassed?: boolean;
  cancelledReason?: string;
  lastError?: string;
  /** Status changes so far; keys the read model's events so a retried write never emits twice. */
  transitions: number;
  /** The status last written to the read model (undefined until the payment is first recorded). */
  recordedStatus?: PaymentStatus;
  /** Messages received and not yet acted on: carried across continue-as-new with everything else. */
  inbox: PaymentInbox;
  /** Refreshed at each state change; absent once the payment is finished. */
  waitingFor?: WaitingFor;
}

export interface PaymentInbox {
  reports: InstructionReport[];
  /** Returns the failure sweep routed here because the PI's own workflow had closed. */
  returns: Array<{ piNumber: string; returned: ReturnedBeneficiary[] }>;
  /** Funds wake-ups (fundsAvailable, pollNow) since the last try of an original PI. */
  fundsWakeUps: number;
  cancel?: CancelRequest;
}

/** A beneficiary as a PI follows it: the number and what the treasury says of it. */
export type BeneficiaryProgress = Pick<PaymentBeneficiary, 'beneficiaryNumber' | 'status' | 'utrNo' | 'failureReason'>;

/** What a PI child workflow is asked to do. */
export interface InstructionInput {
  tenantId: string;
  billNumber: string;
  paymentWorkflowId: string;
  piNumber: string;
  kind: 'ORIGINAL' | 'REVISED';
  /** For a revision: the original PI and the latest failed PI it corrects. */
  originalPiNumber?: string;
  currentPiNumber?: string;
  /** Who this PI pays; their details are read from the payment's records in PostgreSQL. */
  beneficiaryNumbers: string[];
  headOfAccountCodes?: string[];
  policy: LifecyclePolicy;
}

/** A PI workflow's account of itself, sent to its payment at every status change. */
export interface InstructionReport {
  piNumber: string;
  kind: 'ORIGINAL' | 'REVISED';
  status: PiStatus;
  beneficiaries: BeneficiaryProgress[];
  hoaCode?: string;
  stuckStage?: string;
  reason?: string;
  largestAvailablePaise?: number;
  returnsWindowUntil?: string;
  /** The PI workflow has finished (its returns window is over, or it failed): it will report no more. */
  closed: boolean;
}

export interface ReturnedBeneficiary {
  beneficiaryNumber: string;
  reason: string;
  challanNumber?: string;
  challanDate?: string;
}

export interface CorrectedBankDetails {
  beneficiaryNumber: string;
  accountNumber: string;
  ifsc: string;
}

export interface CorrectionRequest {
  tenantId: string;
  corrections: CorrectedBankDetails[];
  requestedBy: string;
}

export interface CancelRequest {
  reason: string;
  requestedBy: string;
}

// Messages. Names equal the constant stems so the Temporal UI shows what the code calls them.
export const paymentStateQuery = defineQuery<PaymentState>('paymentState');
export const instructionStateQuery = defineQuery<InstructionSummary & { beneficiaries: BeneficiaryProgress[] }>(
  'instructionState',
);
/** Sent by funds sync when new money arrives for the tenant. */
export const fundsAvailableSignal =
  defineSignal<[{ tenantId: string; hoaCode: string; availablePaise: number }]>('fundsAvailable');
/** Sent by the failure sweep (or by a PI workflow to its payment) for beneficiaries the bank returned. */
export const beneficiariesReturnedSignal =
  defineSignal<[{ piNumber: string; returned: ReturnedBeneficiary[] }]>('beneficiariesReturned');
/** Sent by a PI workflow to its payment workflow. */
export const instructionReportSignal = defineSignal<[InstructionReport]>('instructionReport');
/** Operators: stop waiting for the next poll and ask the treasury now. */
export const pollNowSignal = defineSignal('pollNow');
export interface CorrectionResult {
  /** Per corrected beneficiary: re-paid by a revised PI (COR) or by a fresh original PI (window passed). */
  routes: Record<string, 'REVISED' | 'ORIGINAL'>;
}
export const supplyCorrectionsUpdate = defineUpdate<CorrectionResult, [CorrectionRequest]>('supplyCorrections');
/** Operators, on a PI workflow: release an UNCONFIRMED instruction the treasury confirms it does not hold. */
export interface SettleUnconfirmedRequest {
  requestedBy: string;
  /** Why, with the evidence, e.g. "treasury (Mr X, 2 Dec) confirms it does not hold PI/od.angul/B-1/1". */
  reason: string;
}
export const settleUnconfirmedUpdate = defineUpdate<{ status: 'FAILED'; reason: string }, [SettleUnconfirmedRequest]>(
  'settleUnconfirmed',
);
export const cancelPaymentUpdate = defineUpdate<{ cancelled: true }, [CancelRequest]>('cancelPayment');
