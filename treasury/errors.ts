import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { TREASURY_ERROR_RETRYABLE, TreasuryErrorType, type TreasuryErrorTypeName } from '../contracts/treasury-errors';
import type { TreasuryValidationError } from '../contracts/treasury';
import type { JitServiceId } from '../jit/service-ids';

/** A service id, or `AUTH` for the handshake. */
export type TreasuryOperation = JitServiceId | 'AUTH';

/**
 * Every failure the gateway throws is one of these, each with a stable `type` (never the class
 * name, see contracts/treasury-errors.ts). Messages never contain keys, tokens or account numbers:
 * they end up in Temporal histories and in the (encrypted) error log.
 */
export abstract class TreasuryError extends Error {
  abstract readonly type: TreasuryErrorTypeName;

  constructor(
    message: string,
    readonly operation: TreasuryOperation,
    options?: { cause?: unknown },
  ) {
    super(`${operation}: ${message}`, options);
    this.name = new.target.name;
  }

  /** Safe, JSON-plain facts for `ApplicationFailure.details` and the error log. */
  details(): Record<string, unknown> {
    return { operation: this.operation };
  }
}

/** Connection refused/reset, DNS, TLS, or the body stream broke off. */
export class TreasuryTransportError extends TreasuryError {
  readonly type = TreasuryErrorType.Unavailable;
}

/** The caller (e.g. a cancelled activity) aborted the request; says nothing about the treasury's health. */
export class TreasuryCancelledError extends TreasuryTransportError {}

export class TreasuryTimeoutError extends TreasuryError {
  readonly type = TreasuryErrorType.Unavailable;
  constructor(
    operation: TreasuryOperation,
    readonly timeoutMs: number,
  ) {
    super(`no answer within ${timeoutMs} ms`, operation);
  }
  override details() {
    return { ...super.details(), timeoutMs: this.timeoutMs };
  }
}

/** A non-2xx answer that is not a stale-session answer. 5xx/408/429 are worth retrying; other 4xx are not. */
export class TreasuryHttpError extends TreasuryError {
  readonly type: TreasuryErrorTypeName;
  constructor(
    operation: TreasuryOperation,
    readonly status: number,
  ) {
    super(`HTTP ${status}`, operation);
    this.type =
      status >= 500 || status === 408 || status === 429
        ? TreasuryErrorType.Unavailable
        : TreasuryErrorType.RequestRefused;
  }
  override details() {
    return { ...super.details(), status: this.status };
  }
}

/** 2xx, but the body would not decrypt, decode as UTF-8, parse as JSON, or look like an envelope. */
export class TreasuryMalformedResponseError extends TreasuryError {
  readonly type = TreasuryErrorType.Unavailable;
}

/** The envelope was fine but a row lacks a field we rely on. */
export class TreasuryResponseSchemaError extends TreasuryError {
  readonly type = TreasuryErrorType.ResponseInvalid;
}

/** The treasury refused our session even after one fresh handshake, or the handshake failed. */
export class TreasurySessionError extends TreasuryError {
  readonly type = TreasuryErrorType.SessionInvalid;
}

/** The shared session row in PostgreSQL could not be read or written. */
export class TreasurySessionStoreError extends TreasuryError {
  readonly type = TreasuryErrorType.SessionInvalid;
}

export class TreasuryBreakerOpenError extends TreasuryError {
  readonly type = TreasuryErrorType.BreakerOpen;
  constructor(
    operation: TreasuryOperation,
    readonly retryAfterMs: number,
  ) {
    super(`circuit breaker open, next trial in ${retryAfterMs} ms`, operation);
  }
  override details() {
    return { ...super.details(), retryAfterMs: this.retryAfterMs };
  }
}

/** We refused to send: the request built from the caller's input does not fit the wire schema. */
export class TreasuryRequestInvalidError extends TreasuryError {
  readonly type = TreasuryErrorType.RequestInvalid;
}

/**
 * A treasury answer about the bill that is not success, thrown by `expectRows` for activities that
 * prefer failures to result kinds.
 */
export class TreasuryOutcomeError extends TreasuryError {
  constructor(
    operation: TreasuryOperation,
    readonly type: TreasuryErrorTypeName,
    message: string,
    readonly validationErrors: TreasuryValidationError[] = [],
  ) {
    super(message, operation);
  }
  override details() {
    return this.validationErrors.length ? { ...super.details(), errors: this.validationErrors } : super.details();
  }
}

/**
 * The activity boundary: any error from the gateway → an `ApplicationFailure` whose `type` workflows
 * branch on and whose retryability Temporal's retry policy obeys. An open breaker asks Temporal to
 * come back exactly when the breaker half-opens; "not ready" is BENIGN so polling does not page anyone.
 */
export function toApplicationFailure(err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  if (!(err instanceof TreasuryError)) {
    const message = err instanceof Error ? err.message : String(err);
    return ApplicationFailure.create({
      type: TreasuryErrorType.Unexpected,
      message: `treasury client error: ${message}`,
      nonRetryable: !TREASURY_ERROR_RETRYABLE[TreasuryErrorType.Unexpected],
      cause: err instanceof Error ? err : undefined,
    });
  }
  return ApplicationFailure.create({
    type: err.type,
    message: err.message,
    nonRetryable: !TREASURY_ERROR_RETRYABLE[err.type],
    details: [err.details()],
    nextRetryDelay: err instanceof TreasuryBreakerOpenError ? Math.max(1, err.retryAfterMs) : undefined,
    category: err.type === TreasuryErrorType.NotReady ? ApplicationFailureCategory.BENIGN : undefined,
  });
}

/** What the encrypted error log keeps about a failure: its type and safe details, never key material. */
export function describeForAudit(err: unknown): { errorClass: string; detail: Record<string, unknown> } {
  if (err instanceof TreasuryError) {
    return { errorClass: err.type, detail: { type: err.type, message: err.message, ...err.details() } };
  }
  return {
    errorClass: TreasuryErrorType.Unexpected,
    detail: { message: err instanceof Error ? err.message : String(err) },
  };
}
