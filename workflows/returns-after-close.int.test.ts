import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentStateQuery, supplyCorrectionsUpdate, type PaymentState } from '../contracts';
import { billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';
import { waitFor } from '../test/wait-for';

let env: LifecycleEnv;
beforeAll(async () => {
  env = await openLifecycleEnv({ label: 'returns-after-close' });
});
afterAll(async () => {
  await env?.close();
});

const sweep = () => env.sweepFailures();

describe('returns after the payment closed', () => {
  it('reopens a paid, closed payment for a late return, which can then be corrected and re-paid', async () => {
    // Nobody sweeps while the PI listens (0.3 s): the payment closes PAID, then the bank's return shows up.
    const bill = billNumber('late-return');
    const handle = await env.startPayment(
      env.paymentInput(bill, [payee('100000000301', 100_00), payee('100000000999', 200_00)], {
        returnsWindowMs: 300,
      }),
    );
    const paid = await handle.result();
    expect(paid.status).toBe('PAID');
    const piNumber = paid.instructions[0]!.piNumber;
    const returned = paid.beneficiaries[1]!.beneficiaryNumber;

    const swept = await waitFor(async () => {
      const result = await sweep();
      return result.routedToPayment + result.unrouted > 0 ? result : undefined;
    }, 'the sweep to find the return');
    expect(swept).toMatchObject({ routedToPayment: 1, unrouted: 0 });
    const routed = await env.db('treasury_returns').where({ pi_number: piNumber }).first();
    expect(routed.routed_to).toBe(handle.workflowId);

    const reopened = await waitFor(async () => {
      const s = await env.client.workflow.getHandle(handle.workflowId).query(paymentStateQuery);
      return s.status === 'PARTIAL' ? s : undefined;
    }, 'the reopened payment PARTIAL');
    expect(reopened.beneficiaries[1]).toMatchObject({ status: 'FAILED', failureReason: 'Account does not exist' });
    expect((await env.db('payment_instructions').where({ pi_number: piNumber }).first()).status).toBe('PARTIAL');

    await env.client.workflow.getHandle(handle.workflowId).executeUpdate(supplyCorrectionsUpdate, {
      args: [
        {
          tenantId: env.tenant.tenantId,
          corrections: [{ beneficiaryNumber: returned, accountNumber: '100000000302', ifsc: 'SBIN0000041' }],
          requestedBy: 'test',
        },
      ],
    });
    const final = (await env.client.workflow.getHandle(handle.workflowId).result()) as PaymentState;
    expect(final.status).toBe('PAID');
    expect(final.instructions.map((i) => i.kind)).toEqual(['ORIGINAL', 'REVISED']);
  });
});
