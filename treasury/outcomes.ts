import type { TreasuryResult } from '../contracts/treasury';
import { TreasuryErrorType } from '../contracts/treasury-errors';
import { TreasuryOutcomeError, type TreasuryOperation } from './errors';

// The treasury's wording for a PI number it already holds (legacy §6), and the simulator's for a
// correction number. Anchored on the phrase, not on a loose keyword, so "duplicate beneficiary" style
// messages are not mistaken for it.
const DUPLICATE_INSTRUCTION = /\bDuplicate (?:payment instruction|correction bill) ID\b/i;

/**
 * Whether a refusal reads like the treasury already holding that PI/COR number, in *our simulator's*
 * wording. A label and a shortcut only: real treasuries word it their own way (`399 JIT Bill No … is
 * already exists`), so no decision may rest on it; an instruction whose send may have landed is
 * UNCONFIRMED and settled by the treasury's records of the number (activities/instructions/confirm.ts).
 */
export function isDuplicateInstruction(result: TreasuryResult<unknown>): boolean {
  if (result.kind === 'business_error') return DUPLICATE_INSTRUCTION.test(result.message);
  if (result.kind === 'validation') return result.errors.some((e) => DUPLICATE_INSTRUCTION.test(e.message));
  return false;
}

/** A treasury answer in one line, as it goes into `lastError`, memos and operators' notes. */
export function describeTreasuryAnswer(result: TreasuryResult<unknown>): string {
  switch (result.kind) {
    case 'ok':
      return 'accepted';
    case 'not_ready':
      return 'no data yet';
    case 'validation':
      return result.errors.map((e) => (e.code ? `${e.code}: ${e.message}` : e.message)).join('; ');
    case 'rejected':
    case 'business_error':
      return result.message;
  }
}

/** The rows of an `ok` result; any other kind is thrown as a typed outcome error for the activity boundary. */
export function expectRows<Row>(operation: TreasuryOperation, result: TreasuryResult<Row>): Row[] {
  switch (result.kind) {
    case 'ok':
      return result.rows;
    case 'not_ready':
      throw new TreasuryOutcomeError(operation, TreasuryErrorType.NotReady, 'no data yet');
    case 'rejected':
      throw new TreasuryOutcomeError(operation, TreasuryErrorType.Rejected, result.message);
    case 'validation':
      throw new TreasuryOutcomeError(
        operation,
        isDuplicateInstruction(result) ? TreasuryErrorType.DuplicateInstruction : TreasuryErrorType.ValidationFailed,
        describeTreasuryAnswer(result),
        result.errors,
      );
    case 'business_error':
      throw new TreasuryOutcomeError(
        operation,
        isDuplicateInstruction(result) ? TreasuryErrorType.DuplicateInstruction : TreasuryErrorType.BusinessError,
        result.message,
      );
  }
}

/** The error-log entry for a treasury answer that is not a success (none for ok / not_ready). */
export function auditOutcomeOf(
  result: TreasuryResult<unknown>,
): { errorClass: string; detail: Record<string, unknown> } | undefined {
  switch (result.kind) {
    case 'ok':
    case 'not_ready':
      return undefined;
    case 'rejected':
      return { errorClass: TreasuryErrorType.Rejected, detail: { ...result } };
    case 'validation':
    case 'business_error':
      return {
        errorClass: isDuplicateInstruction(result)
          ? TreasuryErrorType.DuplicateInstruction
          : result.kind === 'validation'
            ? TreasuryErrorType.ValidationFailed
            : TreasuryErrorType.BusinessError,
        detail: { ...result },
      };
  }
}
