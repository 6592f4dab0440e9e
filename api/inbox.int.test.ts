import { LifecycleTable } from '../db/lifecycle/tables';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instructionWorkflowId, paymentWorkflowId } from '../contracts';
import { createTestTenant, type TestTenant } from '../test/funds-fixtures';
import { openIntegrationEnv } from '../test/integration-env';
import { billNumber } from '../test/lifecycle-env';
import { appWithoutWorker, bearer } from './testing/harness';

let env: Awaited<ReturnType<typeof openIntegrationEnv>>;
let tenant: TestTenant;
let app: Express;
const UI = 'http://ui.example:8233';

beforeAll(async () => {
  env = await openIntegrationEnv();
  tenant = await createTestTenant(env.db);
  app = appWithoutWorker(env, 'inbox', {
    publicUrls: { api: 'http://api.example', temporalUi: UI, namespace: env.namespace },
  });
});
afterAll(async () => {
  await env?.close();
});

/** The read model as the workflows leave it: a payment, its PIs and their beneficiary rows. */
async function payment(status: string, pis: Array<{ pi: string; status: string; error?: string; kind?: string }>) {
  const bill = billNumber('inbox');
  const workflowId = paymentWorkflowId(tenant.tenantId, bill);
  await env.db(LifecycleTable.payments).insert({
    workflow_id: workflowId,
    tenant_id: tenant.tenantId,
    bill_number: bill,
    status,
    total_paise: 300_00,
    beneficiary_count: 3,
    submitted_by: 'asha',
    submitted_at: new Date(),
  });
  for (const p of pis) {
    await env.db(LifecycleTable.instructions).insert({
      pi_number: `${p.pi}/${bill}`,
      tenant_id: tenant.tenantId,
      bill_number: bill,
      payment_workflow_id: workflowId,
      kind: p.kind ?? 'ORIGINAL',
      status: p.status,
      amount_paise: 300_00,
      beneficiary_count: 3,
      jit_bill_date: new Date(),
      error: p.error ?? null,
    });
  }
  const beneficiary = async (pi: string, n: number, status: string, failureReason: string | null, at: Date) =>
    env.db(LifecycleTable.piBeneficiaries).insert({
      pi_number: `${pi}/${bill}`,
      beneficiary_number: `BN/${bill}/${n}`,
      tenant_id: tenant.tenantId,
      name: `Payee ${n}`,
      account_number: `10000000030${n}`,
      ifsc: 'SBIN0000041',
      amount_paise: 100_00,
      type: 'IND',
      mobile: '9000000000',
      address: '',
      status,
      failure_reason: failureReason,
      updated_at: at,
    });
  return { bill, workflowId, beneficiary };
}

describe('inbox items say why and link to the workflow in the Web UI', () => {
  it('gives each payment awaiting correction the bank’s reason per beneficiary still failed', async () => {
    const partial = await payment('PARTIAL', [
      { pi: 'PI/1', status: 'SUCCESSFUL' },
      { pi: 'COR/1', status: 'SUCCESSFUL', kind: 'REVISED' },
    ]);
    const earlier = new Date(Date.now() - 60_000);
    await partial.beneficiary('PI/1', 1, 'SUCCESS', null, earlier);
    await partial.beneficiary('PI/1', 2, 'FAILED', 'Account is Dormant', earlier);
    // Returned once, then re-paid by a revision: no longer a reason.
    await partial.beneficiary('PI/1', 3, 'FAILED', 'Invalid Account Number', earlier);
    await partial.beneficiary('COR/1', 3, 'SUCCESS', null, new Date());
    const rejected = await payment('FAILED', [
      { pi: 'PI/1', status: 'REJECTED', error: 'Rejected by SSU: head of account closed' },
    ]);

    const res = await request(app)
      .get('/api/v1/inbox')
      .set('Authorization', await bearer(tenant.tenantId, 'TREASURY_OPS'))
      .expect(200);
    const items = res.body.awaitingCorrection.items as Array<Record<string, unknown>>;
    const byBill = new Map(items.map((i) => [i.billNumber, i]));
    expect(byBill.get(partial.bill)).toMatchObject({
      status: 'PARTIAL',
      reason: 'Account is Dormant (1 beneficiary)',
      failures: [
        { beneficiaryNumber: `BN/${partial.bill}/2`, piNumber: `PI/1/${partial.bill}`, reason: 'Account is Dormant' },
      ],
      links: {
        self: `/api/v1/payments/${encodeURIComponent(partial.bill)}`,
        workflowUi: `${UI}/namespaces/${env.namespace}/workflows/${encodeURIComponent(partial.workflowId)}`,
      },
    });
    expect(byBill.get(rejected.bill)).toMatchObject({
      status: 'FAILED',
      reason: `PI/1/${rejected.bill} REJECTED: Rejected by SSU: head of account closed`,
      failures: [],
    });
  });

  it('says how long a PI has been stuck and at which stage, with its own workflow’s link', async () => {
    const p = await payment('IN_PROGRESS', [{ pi: 'PI/1', status: 'INITIATED' }]);
    const since = new Date('2026-12-01T10:00:00.000Z');
    await env
      .db(LifecycleTable.instructions)
      .where({ pi_number: `PI/1/${p.bill}` })
      .update({ stuck_stage: 'SANCTION', stuck_since: since });
    const res = await request(app)
      .get('/api/v1/inbox')
      .set('Authorization', await bearer(tenant.tenantId, 'TREASURY_OPS'))
      .expect(200);
    expect(res.body.stuckInstructions.items).toEqual([
      expect.objectContaining({
        piNumber: `PI/1/${p.bill}`,
        reason: "No progress at the treasury's SANCTION stage since 2026-12-01T10:00:00.000Z",
        links: expect.objectContaining({
          workflowUi: `${UI}/namespaces/${env.namespace}/workflows/${encodeURIComponent(
            instructionWorkflowId(tenant.tenantId, `PI/1/${p.bill}`),
          )}`,
        }),
      }),
    ]);
  });
});
