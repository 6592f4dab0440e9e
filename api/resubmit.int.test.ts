import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originalPiNumber, paymentStateQuery, paymentWorkflowId } from '../contracts';
import { billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';
import { expectStatusesAgree } from '../test/status-agreement';
import { waitFor } from '../test/wait-for';
import { appForLifecycleEnv, bearer } from './testing/harness';

let env: LifecycleEnv;
let app: Express;
beforeAll(async () => {
  env = await openLifecycleEnv({ label: 'resubmit' });
  app = appForLifecycleEnv(env);
});
afterAll(async () => {
  await env?.close();
});

const path = (bill: string) => `/api/v1/payments/${encodeURIComponent(bill)}`;

/** The SSU will reject this PI number when it arrives (the simulator's admin preset). */
async function ssuWillReject(piNumber: string) {
  const res = await fetch(`${env.simulator.url}/admin/pi/${encodeURIComponent(piNumber)}/reject`, { method: 'POST' });
  expect(res.status).toBe(202);
}

describe('resubmitting a PI the SSU rejected', () => {
  it('rejection → inbox item → resubmit through the API → a new PI, funds reserved again → PAID', async () => {
    const bill = billNumber('resubmit');
    const rejectedPi = originalPiNumber(env.tenant.tenantId, bill, 1);
    await ssuWillReject(rejectedPi);
    const ops = await bearer(env.tenant.tenantId, 'TREASURY_OPS', 'ops.meera');
    const handle = await env.startPayment(
      env.paymentInput(bill, [payee('100000000411', 400_00), payee('100000000412', 600_00)]),
    );
    await waitFor(async () => (await handle.query(paymentStateQuery)).status === 'FAILED', 'payment FAILED');
    expect(
      (await expectStatusesAgree({ ...env, app, tenantId: env.tenant.tenantId }, bill)).map((s) => s.status),
    ).toEqual(['FAILED', 'REJECTED']);
    const failed = await handle.query(paymentStateQuery);
    expect(failed.waitingFor?.nextStep).toMatch(/SSU rejected/);
    // The same words in the API's payment view and the Web UI's current details: not just "Running".
    const view = await request(app).get(path(bill)).set('Authorization', ops).expect(200);
    expect((view.body as { state: typeof failed }).state.waitingFor).toEqual(failed.waitingFor);
    expect(failed.waitingFor).toMatchObject({
      what: 'corrected bank details for 2 failed beneficiaries',
      until: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d\+05:30$/),
    });
    const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toContain('**Waiting for:** corrected bank details for 2 failed beneficiaries');

    const inbox = await waitFor(async () => {
      const res = await request(app).get('/api/v1/inbox').set('Authorization', ops).expect(200);
      const items = (res.body as { awaitingCorrection: { items: Array<{ billNumber: string; reason: string }> } })
        .awaitingCorrection.items;
      return items.find((i) => i.billNumber === bill);
    }, 'the rejected payment in the inbox');
    expect(inbox.reason).toContain(`${rejectedPi} REJECTED`);

    // Refused without a reason (400) and for employees (403).
    await request(app)
      .post(`${path(bill)}/actions/resubmit`)
      .set('Authorization', ops)
      .send({})
      .expect(400);
    const clerk = await bearer(env.tenant.tenantId, 'EMPLOYEE', 'clerk');
    await request(app)
      .post(`${path(bill)}/actions/resubmit`)
      .set('Authorization', clerk)
      .send({ reason: 'x' })
      .expect(403);

    const newPi = originalPiNumber(env.tenant.tenantId, bill, 2);
    await request(app)
      .post(`${path(bill)}/actions/resubmit`)
      .set('Authorization', ops)
      .send({ reason: 'SSU confirms the sanction order is fixed' })
      .expect(200, { resubmitted: [rejectedPi], piNumber: newPi });

    // A second resubmit while the new PI is live is refused with the reason.
    const again = await request(app)
      .post(`${path(bill)}/actions/resubmit`)
      .set('Authorization', ops)
      .send({ reason: 'again' })
      .expect(409);
    expect(again.body).toMatchObject({
      error: { code: 'RESUBMIT_REFUSED', message: expect.stringMatching(/already live/) },
    });

    const final = await handle.result();
    expect(final.status).toBe('PAID');
    expect(final.beneficiaries.every((b) => b.piNumber === newPi && b.status === 'SUCCESS')).toBe(true);
    expect(await expectStatusesAgree({ ...env, app, tenantId: env.tenant.tenantId }, bill)).toEqual([
      { kind: 'payment', id: bill, status: 'PAID' },
      { kind: 'PI', id: rejectedPi, status: 'REJECTED' },
      { kind: 'PI', id: newPi, status: 'SUCCESSFUL' },
    ]);
    // The rejected PI's reservation was reversed on rejection; the new PI reserved (and spent) it again.
    const entries = (await env.db('ledger_entries').where('cause_key', 'like', `%${bill}%`).orderBy('id')) as Array<{
      kind: string;
      amount_paise: number;
      cause_key: string;
    }>;
    expect(entries.map((e) => [e.kind, e.amount_paise, e.cause_key.includes(newPi)])).toEqual([
      ['DEBIT', 1_000_00, false],
      ['REVERSAL', 1_000_00, false],
      ['DEBIT', 1_000_00, true],
    ]);
    // Who asked is the token's subject, in the update's history.
    const { events } = await env.client.workflow.getHandle(paymentWorkflowId(env.tenant.tenantId, bill)).fetchHistory();
    const accepted = (events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.name).toBe(
      'resubmitRejected',
    );
  });

  it('is refused when the payment has no PI the SSU rejected', async () => {
    const bill = billNumber('nothing-to-send');
    const handle = await env.startPayment(
      env.paymentInput(bill, [payee('100000000421', 100_00)], { returnsWindowMs: 60_000 }),
    );
    await waitFor(async () => (await handle.query(paymentStateQuery)).status === 'PAID', 'paid, listening for returns');
    const ops = await bearer(env.tenant.tenantId, 'TREASURY_OPS', 'ops.meera');
    const res = await request(app)
      .post(`${path(bill)}/actions/resubmit`)
      .set('Authorization', ops)
      .send({ reason: 'try' })
      .expect(409);
    expect(res.body).toMatchObject({
      error: { code: 'RESUBMIT_REFUSED', message: expect.stringMatching(/no PI rejected by the SSU/) },
    });
    await handle.terminate('test over');
  });
});
