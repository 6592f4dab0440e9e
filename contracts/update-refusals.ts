import { ApplicationFailure } from '@temporalio/common';

/**
 * Why a workflow's update validator refused a request. Each is the `ApplicationFailure.type` the
 * validator throws, with an `UpdateRefusal` as its only detail, so the API maps refusals by code and
 * fields and never by the English message (which is for people: the Web UI, the API's `message`).
 */
export const UpdateRefusalCode = {
  /** The request names another tenant than the workflow's. */
  OtherTenant: 'OtherTenant',
  /** The payment has been cancelled or paid: there is nothing left to correct or cancel. */
  PaymentClosed: 'PaymentClosed',
  /** A PI of the payment is live at the treasury, which may still pay it: it cannot be cancelled. */
  LiveAtTreasury: 'LiveAtTreasury',
  /** The instruction is not UNCONFIRMED, the only state it can be released from. */
  NotUnconfirmed: 'NotUnconfirmed',
  /** The request lacks what the update needs (a reason, who asks, at least one correction). */
  IncompleteRequest: 'IncompleteRequest',
  /** A resubmit found no PI the SSU rejected (or its beneficiaries are already on their way again). */
  NothingRejected: 'NothingRejected',
  /** Some corrections are wrong; `fields` says which entry and which field. */
  InvalidCorrections: 'InvalidCorrections',
} as const;
export type UpdateRefusalCode = (typeof UpdateRefusalCode)[keyof typeof UpdateRefusalCode];

/** One problem with one correction entry, named by its beneficiary number and the field at fault. */
export interface RefusedCorrection {
  beneficiaryNumber: string;
  field: 'beneficiaryNumber' | 'accountNumber' | 'ifsc';
  message: string;
}

export interface UpdateRefusal {
  code: UpdateRefusalCode;
  message: string;
  fields?: RefusedCorrection[];
}

const CODES: ReadonlySet<string> = new Set(Object.values(UpdateRefusalCode));

/** What a validator throws: non-retryable, typed by its code, the refusal itself as its detail. */
export function refuseUpdate(refusal: UpdateRefusal): ApplicationFailure {
  return ApplicationFailure.create({
    type: refusal.code,
    message: refusal.message,
    details: [refusal],
    nonRetryable: true,
  });
}

/** The refusal an `ApplicationFailure` carries, if it is one (by its type, then its detail). */
export function updateRefusalIn(failure: ApplicationFailure): UpdateRefusal | undefined {
  if (!CODES.has(failure.type ?? '')) return undefined;
  const [detail] = failure.details ?? [];
  const fields = (detail as UpdateRefusal | undefined)?.fields;
  return { code: failure.type as UpdateRefusalCode, message: failure.message, ...(fields ? { fields } : {}) };
}
