import { defineSignal, defineUpdate } from '@temporalio/workflow';

// What treasury operations see and do beyond the payment's own lifecycle messages (contracts/payments.ts).

/** What a payment that is not finished waits for, and until when if anything ends or flags the wait. */
export interface WaitingFor {
  what: string;
  /** ISO instant (IST offset): the wait's deadline, or when its rule changes (see `untilMeans`). */
  until?: string;
  untilMeans?: string;
  /** What a person can do about it, if anything. */
  nextStep?: string;
}

/** Operators: put the beneficiaries of a PI the SSU rejected into a new PI (new number, funds reserved again). */
export interface ResubmitRequest {
  reason: string;
  requestedBy: string;
}
export interface ResubmitResult {
  /** The rejected PIs whose beneficiaries go again; they stay REJECTED. */
  resubmitted: string[];
  /** The new PI's number. */
  piNumber: string;
}
export const resubmitRejectedUpdate = defineUpdate<ResubmitResult, [ResubmitRequest]>('resubmitRejected');

/** INTERNAL: a revised PI the treasury accepted tells the PI whose failures it re-pays that it is superseded (COMPLETED). */
export const instructionSupersededSignal = defineSignal<[{ by: string }]>('instructionSuperseded');
