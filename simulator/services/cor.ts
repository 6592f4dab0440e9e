import { ERROR_CODES } from '../error-codes';
import { envelope, isRecord, type JitEnvelope } from '../protocol';
import { corParamsSchema, describeIssue } from '../requests';
import type { TreasuryState } from '../state/treasury-state';

export const COR_SUCCESS_TEXT =
  'Jit Correction Bill is received successfully ,Forwarded to Treasury officer to generate Return adjust Bill ';

/** COR: re-pay returned beneficiaries of an original bill to corrected accounts. */
export function handleCor(state: TreasuryState, raw: unknown): JitEnvelope {
  const parsed = corParamsSchema.safeParse(raw);
  if (!parsed.success) {
    if (isRecord(raw) && typeof raw.jitCorBillNo === 'string') state.received.recordCorrection(raw.jitCorBillNo.trim());
    return envelope.invalid('COR', [
      { errorCode: ERROR_CODES.INVALID_FIELD, errorMsg: `Missing or invalid ${describeIssue(parsed.error)}` },
    ]);
  }
  const result = state.submitCorrection(parsed.data);
  if (!result.ok) return envelope.invalid('COR', result.errors);
  return envelope.ok('COR', [
    {
      jitCorBillNo: result.record.jitCorBillNo,
      jitCorBillDate: result.record.jitCorBillDate,
      successCode: '0',
      sucessDescrp: COR_SUCCESS_TEXT,
    },
  ]);
}
