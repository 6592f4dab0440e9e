/**
 * The Temporal Schedules that replace the legacy cron jobs (VA daily, FD daily). Readable ids: an
 * operator finds them under Schedules in the Web UI or with `temporal schedule describe --schedule-id …`.
 */
export const ScheduleId = {
  fundsSync: 'funds-sync',
  failureSweep: 'failure-sweep',
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
