import type { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { InstructionReport, PaymentState } from '../../contracts';
import { pendingWork } from './pending-work';
import { resubmitRejected, validateResubmit } from './resubmit';
import { initialState, refreshStatus } from './state';
import * as t from './transitions';
import { payee } from './testing/payees';

const NOW = '2026-06-01T10:00:00.000Z';
const ask = { reason: 'SSU fixed the sanction', requestedBy: 'ops.meera' };
const report = (status: InstructionReport['status'], closed: boolean): InstructionReport => ({
  piNumber: 'PI/t/B/1',
  kind: 'ORIGINAL',
  status,
  closed,
  beneficiaries: [1, 2].map((n) => ({
    beneficiaryNumber: `BN/t/B/${n}`,
    status: status === 'REJECTED' ? ('FAILED' as const) : ('INITIATED' as const),
    failureReason: status === 'REJECTED' ? 'rejected by SSU' : undefined,
  })),
});
function withPi(status: InstructionReport['status'], closed: boolean): PaymentState {
  const state = initialState({ tenantId: 't', billNumber: 'B' }, [payee(1), payee(2)]);
  t.planInstruction(state, NOW);
  t.applyReport(state, report(status, closed), NOW);
  refreshStatus(state);
  return state;
}

/** The refusal code a validator threw (its ApplicationFailure type). */
function refusalCode(validate: () => void): string | undefined {
  try {
    validate();
  } catch (err) {
    return (err as ApplicationFailure).type ?? undefined;
  }
  return undefined;
}

describe('resubmitting a PI the SSU rejected', () => {
  it('queues its failed beneficiaries for a new original PI with the next number; the old PI stays REJECTED', () => {
    const state = withPi('REJECTED', true);
    expect(state.status).toBe('FAILED');
    validateResubmit(state, ask);
    expect(resubmitRejected(state)).toEqual({ resubmitted: ['PI/t/B/1'], piNumber: 'PI/t/B/2' });
    expect(pendingWork(state)).toBe('instruction');
    const planned = t.planInstruction(state, NOW)!;
    expect(planned).toMatchObject({
      piNumber: 'PI/t/B/2',
      kind: 'ORIGINAL',
      beneficiaryNumbers: ['BN/t/B/1', 'BN/t/B/2'],
    });
    expect(state.instructions.map((i) => [i.piNumber, i.status])).toEqual([
      ['PI/t/B/1', 'REJECTED'],
      ['PI/t/B/2', 'PREPARED'],
    ]);
  });

  it('is refused without who and why, with no rejected PI, while a PI is live, and once cancelled', () => {
    expect(() => validateResubmit(withPi('REJECTED', true), { ...ask, reason: ' ' })).toThrow(/who resubmits and why/);
    expect(() => validateResubmit(withPi('INITIATED', false), ask)).toThrow(
      /PI\/t\/B\/1 \(INITIATED\) is already live/,
    );
    const resubmitted = withPi('REJECTED', true);
    resubmitRejected(resubmitted);
    expect(() => validateResubmit(resubmitted, ask)).toThrow(/already live/);
    const cancelled = withPi('REJECTED', true);
    cancelled.cancelledReason = 'withdrawn';
    expect(() => validateResubmit(cancelled, ask)).toThrow(/cancelled/);
    const failedPost = withPi('FAILED', true);
    expect(() => validateResubmit(failedPost, ask)).toThrow(/no PI rejected by the SSU/);
    // Typed, so the API maps them by code (contracts/update-refusals.ts), never by the wording.
    expect([
      refusalCode(() => validateResubmit(withPi('REJECTED', true), { ...ask, reason: ' ' })),
      refusalCode(() => validateResubmit(withPi('INITIATED', false), ask)),
      refusalCode(() => validateResubmit(cancelled, ask)),
      refusalCode(() => validateResubmit(failedPost, ask)),
    ]).toEqual(['IncompleteRequest', 'LiveAtTreasury', 'PaymentClosed', 'NothingRejected']);
  });
});
