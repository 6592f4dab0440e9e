import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { appForLifecycleEnv } from '../api/testing/harness';
import { paymentStateQuery } from '../contracts';
import { recordHistoryIfAsked } from '../test/histories';
import { billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';
import { expectStatusesAgree } from '../test/status-agreement';
import { waitFor } from '../test/wait-for';

let env: LifecycleEnv;
let app: Express;
const agreed = (bill: string) => expectStatusesAgree({ ...env, app, tenantId: env.tenant.tenantId }, bill);
beforeAll(async () => {
  env = await openLifecycleEnv({ label: 'payment' });
  app = appForLifecycleEnv(env);
});
afterAll(async () => {
  await env?.close();
});

async function received() {
  const res = await fetch(`${env.simulator.url}/admin/received`);
  return (await res.json()) as { PI: Record<string, number>; COR: Record<string, number> };
}

describe('payment lifecycle', () => {
  it('pays an approved bill end to end: PI → PIS → PAG → PD, merged payees, one debit', async () => {
    const bill = billNumber('happy');
    const handle = await env.startPayment(
      env.paymentInput(bill, [
        payee('100000000011', 1_000_00),
        payee('100000000011', 500_00, { lineItemIds: ['LI-extra'] }),
        payee('100000000012', 2_500_50),
      ]),
    );
    const final = await handle.result();
    expect(final.status).toBe('PAID');
    expect(final.beneficiaries).toHaveLength(2);
    expect(final.beneficiaries.every((b) => b.status === 'SUCCESS' && b.utrNo)).toBe(true);
    const pi = await env.db('payment_instructions').where({ bill_number: bill }).first();
    expect(pi).toMatchObject({ status: 'SUCCESSFUL', amount_paise: 4_000_50, kind: 'ORIGINAL' });
    expect(pi.bill_ref_no).toBeTruthy();
    const payment = await env.db('payments').where({ bill_number: bill }).first();
    expect(payment.status).toBe('PAID');
    const debits = await env.db('ledger_entries').where({ cause_key: `debit:${pi.pi_number}` });
    expect(debits.map((d: { amount_paise: number }) => d.amount_paise)).toEqual([4_000_50]);
    expect((await received()).PI[pi.pi_number]).toBe(1);
    expect(await agreed(bill)).toEqual([
      { kind: 'payment', id: bill, status: 'PAID' },
      { kind: 'PI', id: pi.pi_number, status: 'SUCCESSFUL' },
    ]);
    const events = await env.db('outbox_events').where('data', '@>', JSON.stringify({ piNumber: pi.pi_number }));
    expect(events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining([
        'payment_instruction.initiated',
        'payment_instruction.approved',
        'payment_instruction.in_process',
        'payment_instruction.successful',
      ]),
    );
    await recordHistoryIfAsked(env.client, handle.workflowId, 'payment-happy-path');
    await recordHistoryIfAsked(
      env.client,
      `pi:${env.tenant.tenantId}:${pi.pi_number}`,
      'payment-instruction-happy-path',
    );
  });

  it('returns the existing payment when the same bill is submitted twice', async () => {
    const bill = billNumber('dup');
    const input = env.paymentInput(bill, [payee('100000000021', 100_00)]);
    const first = await env.startPayment(input);
    const second = await env.startPayment(input);
    expect(second.firstExecutionRunId).toBe(first.firstExecutionRunId);
    await first.result();
    await expect(env.startPayment(input)).rejects.toThrow(/already started|AlreadyStarted/i);
    const pis = await env.db('payment_instructions').where({ bill_number: bill });
    expect(pis).toHaveLength(1);
    expect((await received()).PI[pis[0].pi_number]).toBe(1);
  });

  it('fails the PI on SSU rejection and credits its funds back', async () => {
    const bill = billNumber('REJECT');
    const handle = await env.startPayment(env.paymentInput(bill, [payee('100000000031', 700_00)]));
    await waitFor(async () => (await handle.query(paymentStateQuery)).status === 'FAILED', 'payment FAILED');
    const state = await handle.query(paymentStateQuery);
    expect(state.beneficiaries[0]).toMatchObject({ status: 'FAILED' });
    expect(state.beneficiaries[0]!.failureReason).toMatch(/rejected by SSU/);
    const pi = await env.db('payment_instructions').where({ bill_number: bill }).first();
    expect(pi.status).toBe('REJECTED');
    const entries = await env.db('ledger_entries').where('cause_key', 'like', `%${pi.pi_number}%`).orderBy('id');
    expect(entries.map((e: { kind: string; amount_paise: number }) => [e.kind, e.amount_paise])).toEqual([
      ['DEBIT', 700_00],
      ['REVERSAL', 700_00],
    ]);
    await recordHistoryIfAsked(env.client, `pi:${env.tenant.tenantId}:${pi.pi_number}`, 'payment-instruction-rejected');
    expect((await agreed(bill)).map((s) => s.status)).toEqual(['FAILED', 'REJECTED']);
    await handle.executeUpdate('cancelPayment', { args: [{ reason: 'rejected by SSU', requestedBy: 'test' }] });
    expect((await handle.result()).status).toBe('CANCELLED');
    expect((await agreed(bill)).map((s) => s.status)).toEqual(['CANCELLED', 'REJECTED']);
  });
});
