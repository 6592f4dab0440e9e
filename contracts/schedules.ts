/**
 * The Temporal Schedules that replace the legacy cron jobs (VA daily, FD daily). Readable ids: an
 * operator finds them under Schedules in the Web UI or with `temporal schedule describe --schedule-id …`.
 */
export const ScheduleId = {
  fundsSync: 'funds-sync',
  failureSweep: 'failure-sweep',
  reconciliation: 'reconciliation',
  /** Delivers outbox events to webhook subscribers (`outbox/schedule.ts`). */
  outboxDelivery: 'outbox-delivery',
} as const;

/** One (tenant, spending unit, head of account) whose allotments VA reports. */
export interface FundsSyncKey {
  tenantId: string;
  ssuId: string;
  ddoCode: string;
  granteeAgCode: string;
  hoaCode: string;
  schemeCode: string;
  /** The first instant to ask about when nothing was fetched yet (the head of account's effective date). */
  effectiveFrom: string;
}

/** Which keys a funds sync covers: every active one unless narrowed (used to confine a test to its tenant). */
export interface FundsSyncScope {
  tenantIds?: string[];
}

export interface FundsSyncResult {
  applied: number;
  duplicates: number;
  pending: number;
  newMoneyPaise: number;
  waitersSignalled: number;
}

export interface FailureSweepResult {
  readFrom: string;
  rows: number;
  newReturns: number;
  routedToInstruction: number;
  routedToPayment: number;
  unrouted: number;
}

export const fundsSyncWorkflowId = (k: Pick<FundsSyncKey, 'tenantId' | 'ssuId' | 'hoaCode'>): string =>
  `funds-sync:${k.tenantId}:${k.ssuId}:${k.hoaCode}`;

/** One reconciliation run: compare our PIs with the treasury's records, page by page. */
export interface ReconciliationInput {
  /** PIs closed within this many days are compared too (besides every PI not closed). */
  lookbackDays: number;
  /** PIs per page (one activity); pages per run before continuing as new, so history stays bounded. */
  pageSize: number;
  pagesPerRun?: number;
  /** Treasury lookups per second, within the treasury's call budget. */
  callsPerSecond: number;
  /** Narrows the run to some tenants (tests); the platform reconciles them all. */
  tenantIds?: string[];
  /** Set when continuing as new: the last PI number compared, and the totals so far. */
  after?: string;
  totals?: ReconciliationTotals;
}

export interface ReconciliationTotals {
  compared: number;
  differences: number;
  resolved: number;
}

/** What reconciliation found about one PI, in a row of its own (reconciliation_differences). */
export const RECONCILIATION_DIFFERENCE_KINDS = [
  'OURS_FAILED_TREASURY_LIVE',
  'TREASURY_PAID_OURS_PENDING',
  'TREASURY_REJECTED_OURS_LIVE',
  'OURS_LIVE_TREASURY_UNKNOWN',
  'AMOUNT_MISMATCH',
] as const;
export type ReconciliationDifferenceKind = (typeof RECONCILIATION_DIFFERENCE_KINDS)[number];
