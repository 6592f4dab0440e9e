import { describe, expect, it } from 'vitest';
import { TreasuryErrorType } from '../../contracts/treasury-errors';
import { LifecycleErrorType } from '../../contracts';
import type { InstructionRow } from '../../db/lifecycle/rows';
import type { ConfirmationEvidence } from './send';
import { createConfirmActivities } from './confirm';
import { beneficiaryOf, fakeInstructionDeps, preparedInstruction, runActivity } from './testing/fake-repository';

const evidence: ConfirmationEvidence = {
  attempts: 1,
  lookups: 0,
  answers: [{ at: '2026-06-01T10:01:00Z', answer: 'lost' }],
};
const unconfirmed = preparedInstruction({ status: 'UNCONFIRMED', stuck_evidence: evidence });

function confirmer(pi: InstructionRow, answers: Parameters<typeof fakeInstructionDeps>[2]) {
  const { db, treasury, deps } = fakeInstructionDeps(pi, [beneficiaryOf(pi, 1)], answers);
  return { db, treasury, activities: createConfirmActivities(deps) };
}

describe('confirmInstruction', () => {
  it('accepts an instruction the treasury shows (PIS), without sending it again', async () => {
    const { db, treasury, activities } = confirmer(unconfirmed, {
      instructionStatus: () => ({ kind: 'ok', rows: [] }),
    });
    await expect(
      runActivity(() => activities.confirmInstruction({ piNumber: unconfirmed.pi_number })),
    ).resolves.toEqual({ status: 'INITIATED' });
    expect(treasury.calls).toEqual(['instructionStatus']);
    expect(db.transitions).toMatchObject([{ to: 'INITIATED', detail: { how: 'shown by PIS while unconfirmed' } }]);
  });

  it('re-sends a number the treasury does not show, records the answer as evidence and stays unconfirmed', async () => {
    const { db, treasury, activities } = confirmer(unconfirmed, {
      instructionStatus: () => ({ kind: 'not_ready' }),
      postPaymentInstruction: () => ({ kind: 'business_error', message: 'Duplicate payment instruction ID' }),
    });
    const failure = await runActivity(() => activities.confirmInstruction({ piNumber: unconfirmed.pi_number })).catch(
      (err: unknown) => err as { type?: string },
    );
    expect(failure).toMatchObject({ type: TreasuryErrorType.NotReady });
    expect(treasury.calls).toEqual(['instructionStatus', 'postPaymentInstruction']);
    expect(db.transitions).toEqual([]);
    expect(db.pis.get(unconfirmed.pi_number)!.stuck_evidence).toMatchObject({
      attempts: 2,
      lookups: 1,
      answers: [{ answer: 'lost' }, { answer: 'Duplicate payment instruction ID' }],
      lastLookup: { service: 'PIS', answer: 'no data yet' },
    });
  });
});

describe('settleUnconfirmed', () => {
  it('fails an UNCONFIRMED instruction with who and why, and credits its funds back', async () => {
    const { db, activities } = confirmer(unconfirmed, {});
    const input = {
      piNumber: unconfirmed.pi_number,
      requestedBy: 'ops-3',
      reason: 'treasury confirms it holds nothing',
    };
    await expect(runActivity(() => activities.settleUnconfirmed(input))).resolves.toEqual({
      status: 'FAILED',
      reason: 'released by ops-3: treasury confirms it holds nothing',
    });
    expect(db.transitions).toMatchObject([
      { to: 'FAILED', detail: { settledBy: 'ops-3', reason: 'treasury confirms it holds nothing', evidence } },
    ]);
    expect(db.releases).toMatchObject([{ reservationKey: unconfirmed.pi_number }]);
  });

  it('refuses an instruction in any other status, changing nothing', async () => {
    const initiated = preparedInstruction({ status: 'INITIATED' });
    const { db, activities } = confirmer(initiated, {});
    const failure = await runActivity(() =>
      activities.settleUnconfirmed({ piNumber: initiated.pi_number, requestedBy: 'ops-3', reason: 'x' }),
    ).catch((err: unknown) => err as { type?: string; message?: string });
    expect(failure).toMatchObject({
      type: LifecycleErrorType.InconsistentRecord,
      message: expect.stringContaining('is INITIATED') as unknown,
    });
    expect(db.transitions).toEqual([]);
    expect(db.releases).toEqual([]);
  });
});
