import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { TreasuryErrorType } from '../../contracts/treasury-errors';
import { TreasuryBreakerOpenError, TreasuryTransportError } from '../../treasury/errors';
import { createPostActivities } from './post';
import {
  beneficiaryOf,
  fakeInstructionDeps,
  preparedInstruction,
  runActivity,
  type TreasuryAnswers,
} from './testing/fake-repository';

const pi = preparedInstruction();

function post(answer: TreasuryAnswers['postPaymentInstruction'], overrides = {}) {
  const stored = preparedInstruction(overrides);
  const { db, treasury, deps } = fakeInstructionDeps(stored, [beneficiaryOf(stored, 1)], {
    postPaymentInstruction: answer,
  });
  const activities = createPostActivities(deps);
  const run = () => runActivity(() => activities.postInstruction({ piNumber: pi.pi_number }));
  return { db, treasury, run };
}

describe('postInstruction', () => {
  it('records the send before it leaves and moves an accepted PI to INITIATED', async () => {
    const { db, treasury, run } = post(() => ({ kind: 'ok', rows: [] }));
    await expect(run()).resolves.toEqual({ status: 'INITIATED' });
    expect(db.postingMarks).toEqual(['marked']);
    expect(treasury.calls).toEqual(['postPaymentInstruction']);
    expect(db.transitions.map((t) => t.to)).toEqual(['INITIATED']);
    expect(db.releases).toEqual([]);
  });

  it('fails a refused first send and credits its funds back under the post-failed key', async () => {
    const { db, run } = post(() => ({ kind: 'business_error', message: 'DDO code not mapped' }));
    await expect(run()).resolves.toEqual({ status: 'FAILED', reason: 'DDO code not mapped' });
    expect(db.transitions).toMatchObject([{ to: 'FAILED', fields: { error: 'DDO code not mapped' } }]);
    expect(db.releases).toEqual([
      { reservationKey: pi.pi_number, releaseKey: `${pi.pi_number}:post-failed`, reason: 'DDO code not mapped' },
    ]);
    expect(db.bens[0]!.status).toBe('FAILED');
  });

  it('keeps the funds and goes UNCONFIRMED when the answer is lost after the request left', async () => {
    const { db, run } = post(() => {
      throw new TreasuryTransportError('connection reset', 'PI');
    });
    await expect(run()).resolves.toEqual({ status: 'UNCONFIRMED' });
    expect(db.transitions).toMatchObject([{ to: 'UNCONFIRMED', detail: { answer: 'PI: connection reset' } }]);
    expect(db.releases).toEqual([]);
  });

  it('treats "already held" on its own first send as UNCONFIRMED, never as a refusal', async () => {
    const { db, run } = post(() => ({
      kind: 'business_error',
      message: `Duplicate payment instruction ID ${pi.pi_number}`,
    }));
    await expect(run()).resolves.toEqual({ status: 'UNCONFIRMED' });
    expect(db.transitions.map((t) => t.to)).toEqual(['UNCONFIRMED']);
    expect(db.releases).toEqual([]);
  });

  it('clears the send mark and throws for a retry when nothing left us (breaker open)', async () => {
    const { db, run } = post(() => {
      throw new TreasuryBreakerOpenError('PI', 5_000);
    });
    const failure = await run().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).type).toBe(TreasuryErrorType.BreakerOpen);
    expect(db.postingMarks).toEqual(['marked', 'unmarked']);
    expect(db.pis.get(pi.pi_number)!.status).toBe('PREPARED');
    expect(db.transitions).toEqual([]);
  });

  it('does not send again after an interrupted attempt: the instruction is UNCONFIRMED', async () => {
    const { db, treasury, run } = post(() => ({ kind: 'ok', rows: [] }), {
      status: 'POSTING',
      post_attempted_at: new Date('2026-06-01T10:01:00Z'),
    });
    await expect(run()).resolves.toEqual({ status: 'UNCONFIRMED' });
    expect(treasury.calls).toEqual([]);
    expect(db.transitions.map((t) => t.to)).toEqual(['UNCONFIRMED']);
  });

  it('answers from the record for a PI already at the treasury, without calling it', async () => {
    const { db, treasury, run } = post(() => ({ kind: 'ok', rows: [] }), { status: 'APPROVED' });
    await expect(run()).resolves.toEqual({ status: 'INITIATED' });
    expect(treasury.calls).toEqual([]);
    expect(db.postingMarks).toEqual([]);
  });
});
