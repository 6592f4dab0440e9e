/**
 * Stable `ApplicationFailure.type` names for every way a treasury call can fail. Workflows branch on
 * these strings (never on class names, which a rename or minifier changes), so they are part of the
 * contract with running workflow histories: add new ones, never rename or reuse one.
 *
 * Pure TypeScript on purpose: the workflow bundle imports this file.
 */
export const TreasuryErrorType = {
  /** Network error, connection reset, HTTP 5xx/408/429, timeout, or a body we could not decrypt or parse. */
  Unavailable: 'TreasuryUnavailable',
  /** Our circuit breaker for that service is open; the failure carries `nextRetryDelay` (time to half-open). */
  BreakerOpen: 'TreasuryBreakerOpen',
  /** The treasury still refused our session after one re-authentication, or the handshake itself failed. */
  SessionInvalid: 'TreasurySessionInvalid',
  /** The decrypted envelope was fine but its rows do not have the fields we rely on. */
  ResponseInvalid: 'TreasuryResponseInvalid',
  /** We refused to send: the request we built does not fit the service's parameter schema (a bug upstream). */
  RequestInvalid: 'TreasuryRequestInvalid',
  /** The treasury answered a 4xx that is not a session error: the same request will be refused again. */
  RequestRefused: 'TreasuryRequestRefused',
  /** `errorMsgs[]` validation errors with codes (e.g. 340 "Wrong IFSC …"). */
  ValidationFailed: 'TreasuryValidationFailed',
  /** The SSU rejected the bill (PIS "This Bill Number … is rejected by SSU …"). */
  Rejected: 'TreasuryRejected',
  /** The treasury already holds an instruction with this number ("Duplicate payment instruction ID"). */
  DuplicateInstruction: 'TreasuryDuplicateInstruction',
  /** Any other `errorMsg` free text. */
  BusinessError: 'TreasuryBusinessError',
  /** No data and no error yet (e.g. the SSU has not signed); an expected state while polling. */
  NotReady: 'TreasuryNotReady',
  /** Something in our own client broke (a bug, not a treasury condition). */
  Unexpected: 'TreasuryUnexpected',
} as const;

export type TreasuryErrorTypeName = (typeof TreasuryErrorType)[keyof typeof TreasuryErrorType];

/**
 * Whether Temporal should retry an activity that failed with this type. Infrastructure and "not yet"
 * conditions are retried by the activity's retry policy; treasury decisions about the bill are final.
 */
export const TREASURY_ERROR_RETRYABLE: Readonly<Record<TreasuryErrorTypeName, boolean>> = {
  TreasuryUnavailable: true,
  TreasuryBreakerOpen: true,
  TreasurySessionInvalid: true,
  TreasuryResponseInvalid: true,
  TreasuryRequestInvalid: false,
  TreasuryRequestRefused: false,
  TreasuryValidationFailed: false,
  TreasuryRejected: false,
  TreasuryDuplicateInstruction: false,
  TreasuryBusinessError: false,
  TreasuryNotReady: true,
  TreasuryUnexpected: true,
};

/** For `nonRetryableErrorTypes` in activity retry policies. */
export const NON_RETRYABLE_TREASURY_ERROR_TYPES: readonly TreasuryErrorTypeName[] = Object.entries(
  TREASURY_ERROR_RETRYABLE,
)
  .filter(([, retryable]) => !retryable)
  .map(([type]) => type as TreasuryErrorTypeName);
