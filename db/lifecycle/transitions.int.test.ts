import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInstruction, markPosting, unmarkPosting, updateInstruction } from './instructions';
import { loadBeneficiaries } from './pi-beneficiaries';
import { LifecycleTable } from './tables';
import { openLifecycleTestDb, seedInstruction, type LifecycleTestDb } from './testing/seed';
import { transitionInstruction } from './transitions';

let t: LifecycleTestDb;
beforeAll(async () => {
  t = await openLifecycleTestDb();
});
afterAll(async () => {
  await t?.close();
});

const eventsOf = (piNumber: string) =>
  t.db(LifecycleTable.statusLog).where({ subject: 'PI', subject_id: piNumber }).orderBy('id').pluck('status');
const outboxOf = (piNumber: string) =>
  t.db(LifecycleTable.outboxEvents).whereRaw(`data->>'piNumber' = ?`, [piNumber]).pluck('type');

describe('transitionInstruction', () => {
  it('moves the PI and its unfailed beneficiaries, with one status log row and one outbox event', async () => {
    const pi = await seedInstruction(t, { status: 'INITIATED', beneficiaryStatuses: ['INITIATED', 'FAILED'] });
    const moved = await t.db.transaction((trx) =>
      transitionInstruction(trx, pi, 'REJECTED', {
        beneficiaryStatus: 'FAILED',
        failureReason: 'budget head closed',
        fields: { error: 'budget head closed' },
      }),
    );
    expect(moved).toBe(true);
    const after = await loadInstruction(t.db, pi.pi_number);
    expect(after.status).toBe('REJECTED');
    expect(after.error).toBe('budget head closed');
    const bens = await loadBeneficiaries(t.db, pi.pi_number, t.pii);
    expect(bens.map((b) => [b.status, b.failure_reason])).toEqual([
      ['FAILED', 'budget head closed'],
      ['FAILED', null],
    ]);
    expect(await eventsOf(pi.pi_number)).toEqual(['REJECTED']);
    expect(await outboxOf(pi.pi_number)).toEqual(['payment_instruction.rejected']);
  });

  it('with `from`, moves only a PI still in that status', async () => {
    const pi = await seedInstruction(t, { status: 'IN_PROCESS' });
    const moved = await t.db.transaction((trx) => transitionInstruction(trx, pi, 'PARTIAL', { from: 'IN_PROCESS' }));
    expect(moved).toBe(true);
    expect((await loadInstruction(t.db, pi.pi_number)).status).toBe('PARTIAL');
  });

  it('refuses a `from` transition when the PI has moved on: no row, beneficiary, log or event changes', async () => {
    const pi = await seedInstruction(t, { status: 'SUCCESSFUL', beneficiaryStatuses: ['SUCCESS'] });
    const moved = await t.db.transaction((trx) =>
      transitionInstruction(trx, pi, 'IN_PROCESS', { from: 'APPROVED', beneficiaryStatus: 'IN_PROCESS' }),
    );
    expect(moved).toBe(false);
    expect((await loadInstruction(t.db, pi.pi_number)).status).toBe('SUCCESSFUL');
    expect((await loadBeneficiaries(t.db, pi.pi_number, t.pii)).map((b) => b.status)).toEqual(['SUCCESS']);
    expect(await eventsOf(pi.pi_number)).toEqual([]);
    expect(await outboxOf(pi.pi_number)).toEqual([]);
  });

  it('records the same change once: a retried transition with the same event key adds no second event', async () => {
    const pi = await seedInstruction(t, { status: 'INITIATED' });
    for (let i = 0; i < 2; i++) await t.db.transaction((trx) => transitionInstruction(trx, pi, 'APPROVED'));
    expect(await eventsOf(pi.pi_number)).toEqual(['APPROVED']);
    expect(await outboxOf(pi.pi_number)).toEqual(['payment_instruction.approved']);
  });
});

describe('conditional column writes', () => {
  it('updateInstruction with a status writes only while the PI is in it', async () => {
    const pi = await seedInstruction(t, { status: 'PREPARED' });
    expect(await updateInstruction(t.db, pi.pi_number, { status: 'NO_FUNDS' }, 'PREPARED')).toBe(true);
    expect(await updateInstruction(t.db, pi.pi_number, { status: 'NO_FUNDS' }, 'PREPARED')).toBe(false);
    expect(await updateInstruction(t.db, pi.pi_number, { status: 'PREPARED' }, 'NO_FUNDS')).toBe(true);
    expect((await loadInstruction(t.db, pi.pi_number)).status).toBe('PREPARED');
  });

  it('refuses to write evidence on an instruction that is no longer UNCONFIRMED', async () => {
    const pi = await seedInstruction(t, { status: 'INITIATED' });
    expect(await updateInstruction(t.db, pi.pi_number, { stuck_evidence: '{"attempts":1}' }, 'UNCONFIRMED')).toBe(
      false,
    );
    expect((await loadInstruction(t.db, pi.pi_number)).stuck_evidence).toBeNull();
  });

  it('marks a send before it leaves and clears the mark when nothing left', async () => {
    const pi = await seedInstruction(t, { status: 'PREPARED' });
    await markPosting(t.db, pi.pi_number);
    const posting = await loadInstruction(t.db, pi.pi_number);
    expect(posting.status).toBe('POSTING');
    expect(posting.post_attempted_at).toBeInstanceOf(Date);
    await unmarkPosting(t.db, pi.pi_number);
    const cleared = await loadInstruction(t.db, pi.pi_number);
    expect([cleared.status, cleared.post_attempted_at]).toEqual(['PREPARED', null]);
  });
});
