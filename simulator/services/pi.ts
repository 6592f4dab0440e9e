import { ERROR_CODES } from '../error-codes';
import { envelope, isRecord, type JitEnvelope } from '../protocol';
import { describeIssue, piParamsSchema } from '../requests';
import type { TreasuryState } from '../state/treasury-state';
import { datePart } from './rows';

export const PI_SUCCESS_TEXT =
  'Jit Bill is received successfully ,Payment Instruction will be generated after Bill is submitted by SSU in JIT-FS';

/** PI: validate and accept a payment instruction; the SSU decides on it later (PIS). */
export function handlePi(state: TreasuryState, raw: unknown): JitEnvelope {
  const parsed = piParamsSchema.safeParse(raw);
  if (!parsed.success) {
    if (isRecord(raw) && typeof raw.jitBillNo === 'string')
      state.received.recordPaymentInstruction(raw.jitBillNo.trim());
    return envelope.invalid('PI', [
      { errorCode: ERROR_CODES.INVALID_FIELD, errorMsg: `Missing or invalid ${describeIssue(parsed.error)}` },
    ]);
  }
  const result = state.submitPaymentInstruction(parsed.data);
  if (!result.ok) return envelope.invalid('PI', result.errors);
  const pi = result.record;
  return envelope.ok('PI', [
    {
      jitBillNo: pi.jitBillNo,
      jitBillDate: datePart(pi.jitBillDate),
      ssuIaId: pi.ssuIaId,
      successCode: '0',
      sucessDescrp: PI_SUCCESS_TEXT,
    },
  ]);
}
