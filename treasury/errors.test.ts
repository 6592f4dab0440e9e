import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { TreasuryResult } from '../contracts/treasury';
import { NON_RETRYABLE_TREASURY_ERROR_TYPES, TREASURY_ERROR_RETRYABLE } from '../contracts/treasury-errors';
import {
  describeForAudit,
  toApplicationFailure,
  TreasuryBreakerOpenError,
  TreasuryHttpError,
  TreasuryMalformedResponseError,
  TreasuryRequestInvalidError,
  TreasuryResponseSchemaError,
  TreasurySessionError,
  TreasurySessionStoreError,
  TreasuryTimeoutError,
  TreasuryTransportError,
} from './errors';
import { expectRows, isDuplicateInstruction } from './outcomes';

const outcome = (result: TreasuryResult<unknown>): unknown => {
  try {
    expectRows('PI', result);
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
};

describe('error classification for Temporal', () => {
  const table: Array<[string, unknown, string, boolean]> = [
    ['connection reset', new TreasuryTransportError('network error (ECONNRESET)', 'PI'), 'TreasuryUnavailable', true],
    ['timeout', new TreasuryTimeoutError('PIS', 10_000), 'TreasuryUnavailable', true],
    ['HTTP 500', new TreasuryHttpError('PI', 500), 'TreasuryUnavailable', true],
    ['HTTP 503', new TreasuryHttpError('PD', 503), 'TreasuryUnavailable', true],
    ['HTTP 408', new TreasuryHttpError('PD', 408), 'TreasuryUnavailable', true],
    ['HTTP 429', new TreasuryHttpError('PD', 429), 'TreasuryUnavailable', true],
    ['HTTP 400', new TreasuryHttpError('PI', 400), 'TreasuryRequestRefused', false],
    ['HTTP 404', new TreasuryHttpError('PI', 404), 'TreasuryRequestRefused', false],
    ['malformed body', new TreasuryMalformedResponseError('not base64', 'PAG'), 'TreasuryUnavailable', true],
    ['rows off-schema', new TreasuryResponseSchemaError('row 0', 'PAG'), 'TreasuryResponseInvalid', true],
    ['stale twice', new TreasurySessionError('refused', 'PI'), 'TreasurySessionInvalid', true],
    ['session store down', new TreasurySessionStoreError('db', 'AUTH'), 'TreasurySessionInvalid', true],
    ['request invalid', new TreasuryRequestInvalidError('bad date', 'PI'), 'TreasuryRequestInvalid', false],
    ['not ready', outcome({ kind: 'not_ready' }), 'TreasuryNotReady', true],
    ['SSU rejected', outcome({ kind: 'rejected', message: 'm', ssuOffice: 'o' }), 'TreasuryRejected', false],
    [
      'validation',
      outcome({ kind: 'validation', errors: [{ code: '340', message: 'Wrong IFSC' }] }),
      'TreasuryValidationFailed',
      false,
    ],
    [
      'duplicate (validation)',
      outcome({ kind: 'validation', errors: [{ code: 'DUPLICATE', message: 'Duplicate payment instruction ID X' }] }),
      'TreasuryDuplicateInstruction',
      false,
    ],
    [
      'duplicate (errorMsg)',
      outcome({ kind: 'business_error', message: 'Duplicate payment instruction ID' }),
      'TreasuryDuplicateInstruction',
      false,
    ],
    ['business error', outcome({ kind: 'business_error', message: 'Bill not found' }), 'TreasuryBusinessError', false],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')"), 'TreasuryUnexpected', true],
  ];

  it.each(table)('%s → %s (retryable %s)', (_name, err, type, retryable) => {
    const failure = toApplicationFailure(err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(!retryable);
    expect(TREASURY_ERROR_RETRYABLE[type as keyof typeof TREASURY_ERROR_RETRYABLE]).toBe(retryable);
  });

  it('an open breaker asks Temporal to come back when it half-opens', () => {
    const failure = toApplicationFailure(new TreasuryBreakerOpenError('PIS', 4_200));
    expect(failure).toMatchObject({ type: 'TreasuryBreakerOpen', nonRetryable: false, nextRetryDelay: 4_200 });
    expect(failure.details).toEqual([{ operation: 'PIS', retryAfterMs: 4_200 }]);
  });

  it('"not ready" is BENIGN so polling does not page anyone; other failures are not', () => {
    expect(toApplicationFailure(outcome({ kind: 'not_ready' })).category).toBe(ApplicationFailureCategory.BENIGN);
    expect(toApplicationFailure(new TreasuryTimeoutError('PIS', 1)).category).toBeUndefined();
  });

  it('validation failures carry the codes as details', () => {
    const failure = toApplicationFailure(
      outcome({ kind: 'validation', errors: [{ code: '340', message: 'Wrong IFSC for BenefId 1' }] }),
    );
    expect(failure.details).toEqual([
      { operation: 'PI', errors: [{ code: '340', message: 'Wrong IFSC for BenefId 1' }] },
    ]);
    expect(failure.message).toBe('PI: 340: Wrong IFSC for BenefId 1');
  });

  it('passes an ApplicationFailure through untouched', () => {
    const original = ApplicationFailure.nonRetryable('x', 'Other');
    expect(toApplicationFailure(original)).toBe(original);
  });

  it('lists exactly the non-retryable types for retry policies', () => {
    expect([...NON_RETRYABLE_TREASURY_ERROR_TYPES].sort()).toEqual([
      'TreasuryBusinessError',
      'TreasuryDuplicateInstruction',
      'TreasuryRejected',
      'TreasuryRequestInvalid',
      'TreasuryRequestRefused',
      'TreasuryValidationFailed',
    ]);
  });

  it('describes errors for the audit log by type, without causes', () => {
    expect(describeForAudit(new TreasuryHttpError('PI', 502))).toEqual({
      errorClass: 'TreasuryUnavailable',
      detail: { type: 'TreasuryUnavailable', message: 'PI: HTTP 502', operation: 'PI', status: 502 },
    });
  });
});

describe('isDuplicateInstruction', () => {
  it('recognises the treasury wording only', () => {
    expect(isDuplicateInstruction({ kind: 'business_error', message: 'Duplicate payment instruction ID PI-1' })).toBe(
      true,
    );
    expect(isDuplicateInstruction({ kind: 'business_error', message: 'Duplicate beneficiary account' })).toBe(false);
    expect(isDuplicateInstruction({ kind: 'ok', rows: [] })).toBe(false);
  });
});
