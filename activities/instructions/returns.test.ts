import { describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { InstructionRow } from '../../db/lifecycle/rows';
import type { MoneyAvailable } from '../funds-waiters';
import { createReturnsActivities } from './returns';
import { runActivity, beneficiaryOf, fakeInstructionRepository, preparedInstruction } from './testing/fake-repository';

// Only the default wake-up uses these; the tests record wake-ups instead.
const unused = { db: undefined as unknown as Knex, temporal: undefined as unknown as Client };

function returnsOf(pi: InstructionRow) {
  const db = fakeInstructionRepository([pi], [beneficiaryOf(pi, 1), beneficiaryOf(pi, 2)]);
  const woken: MoneyAvailable[] = [];
  const wake = (money: MoneyAvailable) => Promise.resolve(woken.push(money));
  const activities = createReturnsActivities({ ...unused, instructions: db.repository, wake });
  return {
    db,
    woken,
    run: (input: Parameters<typeof activities.recordReturns>[0]) => runActivity(() => activities.recordReturns(input)),
  };
}

const bankReturn = { beneficiaryNumber: 'BN/2', reason: 'account closed', challanNumber: 'CH-1' };

describe('recordReturns', () => {
  it('reports a return once as new, and again (not new) on a retry, so a lost completion is not lost', async () => {
    const revision = preparedInstruction({ kind: 'REVISED', status: 'SUCCESSFUL', original_pi_number: 'PI/T/0' });
    const { db, run } = returnsOf(revision);
    const input = { piNumber: revision.pi_number, returned: [bankReturn], creditBack: true };
    const first = await run(input);
    expect(first.newlyReturned).toEqual([bankReturn]);
    expect(first.returned).toEqual([
      { beneficiaryNumber: 'BN/2', reason: 'account closed', challanNumber: undefined, challanDate: undefined },
    ]);
    const retry = await run(input);
    expect(retry.newlyReturned).toEqual([]);
    expect(retry.returned).toEqual(first.returned);
    // A revision's money is not reserved under its own number: nothing is credited back.
    expect(db.releases).toEqual([]);
  });

  it('credits an original PI’s returned amount back under a per-beneficiary key and wakes waiting payments', async () => {
    const original = preparedInstruction({ status: 'SUCCESSFUL' });
    const { db, woken, run } = returnsOf(original);
    await run({ piNumber: original.pi_number, returned: [bankReturn], creditBack: true });
    expect(db.bens.map((b) => b.status)).toEqual(['PENDING', 'FAILED']);
    expect(db.releases).toEqual([
      {
        reservationKey: original.pi_number,
        releaseKey: `${original.pi_number}:return:BN/2`,
        amountPaise: 250_00,
        reason: 'returned: account closed',
      },
    ]);
    expect(woken).toEqual([{ tenantId: original.tenant_id, hoaCode: 'HOA-1', availablePaise: 250_00 }]);
  });

  it('leaves the money reserved when the payment’s policy does not credit returns back', async () => {
    const original = preparedInstruction({ status: 'SUCCESSFUL' });
    const { db, woken, run } = returnsOf(original);
    await run({ piNumber: original.pi_number, returned: [bankReturn], creditBack: false });
    expect(db.bens.map((b) => b.status)).toEqual(['PENDING', 'FAILED']);
    expect(db.releases).toEqual([]);
    expect(woken).toEqual([]);
  });
});
