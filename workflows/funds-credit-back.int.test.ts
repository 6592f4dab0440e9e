import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentStateQuery } from '../contracts';
import { billNumber, FAST_DELAYS, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';
import { waitFor } from '../test/wait-for';

let env: LifecycleEnv;
beforeAll(async () => {
  // One sanction of ₹1,000, and an SSU slow enough to reject only once the second payment waits.
  env = await openLifecycleEnv({
    label: 'credit-back',
    sanctionPaise: 1_000_00,
    simulator: { delays: { ...FAST_DELAYS, ssuApprovalDelayMs: 3_000 } },
  });
});
afterAll(async () => {
  await env?.close();
});

describe('money credited back', () => {
  it('wakes a payment waiting for funds when a rejected PI credits its reservation back', async () => {
    const rejected = await env.startPayment(
      env.paymentInput(billNumber('REJECT-cb'), [payee('100000000201', 1_000_00)]),
    );
    await waitFor(async () => (await rejected.query(paymentStateQuery)).status === 'IN_PROGRESS', 'first PI posted');
    const waiting = await env.startPayment(env.paymentInput(billNumber('cb'), [payee('100000000202', 600_00)]));
    await waitFor(async () => (await waiting.query(paymentStateQuery)).status === 'AWAITING_FUNDS', 'AWAITING_FUNDS');
    // No allotment arrives: only the credit-back of the rejected PI can fund the waiting one.
    const final = await waitFor(
      async () => {
        const s = await waiting.query(paymentStateQuery);
        return s.status === 'PAID' ? s : undefined;
      },
      'the waiting payment paid from the credited-back money',
      45_000,
    );
    expect(final.instructions.map((i) => i.piNumber)).toHaveLength(1);
    const debits = await env
      .db('ledger_entries as e')
      .join('fund_reservations as r', 'r.id', 'e.reservation_id')
      .where('r.reservation_key', final.instructions[0]!.piNumber)
      .select('e.kind', 'e.amount_paise');
    expect(debits).toEqual([{ kind: 'DEBIT', amount_paise: 600_00 }]);
  });
});
