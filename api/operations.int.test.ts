import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant, GENERAL_HOA, type TestTenant } from '../test/funds-fixtures';
import { billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';
import { waitFor } from '../test/wait-for';
import { bearer, pluck, appForLifecycleEnv } from './testing/harness';

let env: LifecycleEnv;
let app: Express;
let other: TestTenant;
let employee: string;
let ops: string;
let auditor: string;
let otherOps: string;
let otherEmployee: string;

beforeAll(async () => {
  env = await openLifecycleEnv({ label: 'api-ops' });
  app = appForLifecycleEnv(env);
  other = await createTestTenant(env.db);
  employee = await bearer(env.tenant.tenantId, 'EMPLOYEE', 'emp-7');
  ops = await bearer(env.tenant.tenantId, 'TREASURY_OPS', 'ops-3');
  auditor = await bearer(env.tenant.tenantId, 'AUDITOR', 'aud-1');
  otherOps = await bearer(other.tenantId, 'TREASURY_OPS');
  otherEmployee = await bearer(other.tenantId, 'EMPLOYEE');
});
afterAll(async () => {
  await env?.close();
});

let keys = 0;
async function submit(b: string, accounts: string[]): Promise<void> {
  await request(app)
    .post('/api/v1/payments')
    .set('Authorization', employee)
    .set('Idempotency-Key', `ops-${process.pid}-${Date.now()}-${++keys}`)
    .send({ billNumber: b, beneficiaries: accounts.map((a) => payee(a, 250_00)) })
    .expect(202);
}
const path = (b: string) => `/api/v1/payments/${encodeURIComponent(b)}`;
const paymentStatus = async (b: string) =>
  (
    (await env.db('payments').where({ tenant_id: env.tenant.tenantId, bill_number: b }).first()) as
      { status: string } | undefined
  )?.status;
const reachStatus = (b: string, status: string) =>
  waitFor(async () => (await paymentStatus(b)) === status, `${b} ${status}`);

describe('corrections', () => {
  let rejected: string;
  beforeAll(async () => {
    // The simulated SSU rejects bills named REJECT: the payment FAILs with a failed beneficiary.
    rejected = billNumber('REJECT-corr');
    await submit(rejected, ['100000000051']);
    await reachStatus(rejected, 'FAILED');
  });

  it('refuses what the workflow validator refuses with 422 and per-field details', async () => {
    const res = await request(app)
      .post(`${path(rejected)}/corrections`)
      .set('Authorization', employee)
      .send({
        corrections: [
          {
            beneficiaryNumber: `BN/${env.tenant.tenantId}/${rejected}/9`,
            accountNumber: '100000000052',
            ifsc: 'SBIN0000041',
          },
        ],
      })
      .expect(422);
    expect(res.body.error).toMatchObject({
      code: 'CORRECTION_INVALID',
      details: {
        fields: [
          {
            path: 'corrections.0.beneficiaryNumber',
            beneficiaryNumber: `BN/${env.tenant.tenantId}/${rejected}/9`,
            message: 'not a beneficiary of this payment',
          },
        ],
      },
    });
  });

  it('validates the body (400), the role (403) and the tenant (404) before asking the workflow', async () => {
    const bad = await request(app)
      .post(`${path(rejected)}/corrections`)
      .set('Authorization', employee)
      .send({
        corrections: [{ beneficiaryNumber: `BN/${env.tenant.tenantId}/${rejected}/1`, accountNumber: '12', ifsc: 'x' }],
      })
      .expect(400);
    expect(pluck(bad.body.error.details.issues, 'path')).toEqual(['corrections.0.accountNumber', 'corrections.0.ifsc']);
    const body = {
      corrections: [
        {
          beneficiaryNumber: `BN/${env.tenant.tenantId}/${rejected}/1`,
          accountNumber: '100000000052',
          ifsc: 'SBIN0000041',
        },
      ],
    };
    await request(app)
      .post(`${path(rejected)}/corrections`)
      .set('Authorization', ops)
      .send(body)
      .expect(403);
    await request(app)
      .post(`${path(rejected)}/corrections`)
      .set('Authorization', otherEmployee)
      .send(body)
      .expect(404);
  });

  it('hands valid corrections to the payment, which re-pays the beneficiary', async () => {
    const res = await request(app)
      .post(`${path(rejected)}/corrections`)
      .set('Authorization', employee)
      .send({
        corrections: [
          {
            beneficiaryNumber: `BN/${env.tenant.tenantId}/${rejected}/1`,
            accountNumber: '100000000052',
            ifsc: 'SBIN0000041',
          },
        ],
      })
      .expect(200);
    expect(res.body).toEqual({ routes: { [`BN/${env.tenant.tenantId}/${rejected}/1`]: 'ORIGINAL' } });
    await waitFor(
      async () => (await env.db('payment_instructions').where({ bill_number: rejected })).length === 2,
      'a fresh PI for the corrected beneficiary',
    );
    // The audit trail names who supplied the corrections.
    const audit = await request(app)
      .get(`${path(rejected)}/audit`)
      .set('Authorization', auditor)
      .expect(200);
    expect(audit.body.timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ what: 'update supplyCorrections accepted', by: expect.stringMatching(/^emp-7/) }),
      ]),
    );
  });
});

describe('poll-now and cancel', () => {
  it('signals poll-now to a running payment (202), 404 for another tenant, 403 for an employee', async () => {
    const b = billNumber('poll');
    await submit(b, ['100000000061']);
    await request(app)
      .post(`${path(b)}/actions/poll-now`)
      .set('Authorization', ops)
      .expect(202, { signalled: true });
    await request(app)
      .post(`${path(b)}/actions/poll-now`)
      .set('Authorization', otherOps)
      .expect(404);
    await request(app)
      .post(`${path(b)}/actions/poll-now`)
      .set('Authorization', employee)
      .expect(403);
    await request(app)
      .post(`${path('NO-SUCH')}/actions/poll-now`)
      .set('Authorization', ops)
      .expect(404);
  });

  it('cancels a failed payment; a closed one answers 409; a reason is required', async () => {
    const b = billNumber('REJECT-cancel');
    await submit(b, ['100000000071']);
    await reachStatus(b, 'FAILED');
    const noReason = await request(app)
      .post(`${path(b)}/actions/cancel`)
      .set('Authorization', ops)
      .send({ reason: ' ' });
    expect(noReason.status).toBe(400);
    await request(app)
      .post(`${path(b)}/actions/cancel`)
      .set('Authorization', otherOps)
      .send({ reason: 'x' })
      .expect(404);
    await request(app)
      .post(`${path(b)}/actions/cancel`)
      .set('Authorization', ops)
      .send({ reason: 'SSU rejected the bill' })
      .expect(200, { cancelled: true });
    await reachStatus(b, 'CANCELLED');
    await waitFor(
      async () =>
        (await env.client.workflow.getHandle(`payment:${env.tenant.tenantId}:${b}`).describe()).status.name ===
        'COMPLETED',
      'closed',
    );
    const closed = await request(app)
      .post(`${path(b)}/actions/cancel`)
      .set('Authorization', ops)
      .send({ reason: 'again' })
      .expect(409);
    expect(closed.body.error.code).toBe('PAYMENT_CLOSED');
    await request(app)
      .post(`${path(b)}/actions/poll-now`)
      .set('Authorization', ops)
      .expect(409);
  });

  it('refuses to cancel while a PI is live at the treasury (409 with the reason)', async () => {
    const b = billNumber('live');
    await submit(b, ['100000000081']);
    await waitFor(async () => {
      const pi = await env.db('payment_instructions').where({ bill_number: b }).first();
      return pi !== undefined && ['INITIATED', 'APPROVED', 'IN_PROCESS'].includes(String(pi.status));
    }, 'a live PI');
    const res = await request(app)
      .post(`${path(b)}/actions/cancel`)
      .set('Authorization', ops)
      .send({ reason: 'changed my mind' });
    // The PI may have been paid in between; either way the answer is a 409 with the workflow's reason.
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CANCEL_REFUSED');
    expect(res.body.error.message).toMatch(/live at the treasury|already PAID/);
  });
});

describe('fund register', () => {
  it('shows the tenant’s sanctions and entries, filtered by head of account and dates', async () => {
    const res = await request(app).get('/api/v1/funds/register').set('Authorization', auditor).expect(200);
    expect(res.body.sanctions).toHaveLength(1);
    expect(res.body.sanctions[0]).toMatchObject({ masterAllotmentId: env.master, hoaCode: GENERAL_HOA });
    expect(res.body.sanctions[0].entries.length).toBeGreaterThan(0);
    const none = await request(app)
      .get('/api/v1/funds/register')
      .query({ hoa: '1234567890' })
      .set('Authorization', employee)
      .expect(200);
    expect(none.body.sanctions).toEqual([]);
    const dated = await request(app)
      .get('/api/v1/funds/register')
      .query({ from: '2000-01-01', to: '2000-01-31' })
      .set('Authorization', ops)
      .expect(200);
    expect(dated.body.sanctions[0].entries).toEqual([]);
    const otherTenant = await request(app)
      .get('/api/v1/funds/register')
      .set('Authorization', otherEmployee)
      .expect(200);
    expect(otherTenant.body.sanctions).toEqual([]);
  });

  it('answers 400 for bad filters', async () => {
    for (const query of [{ from: '2026-05-10', to: '2026-05-01' }, { from: 'yesterday' }, { hoa: 'abc' }, { x: '1' }]) {
      await request(app).get('/api/v1/funds/register').query(query).set('Authorization', employee).expect(400);
    }
  });
});

describe('inbox', () => {
  it('lists failed payments, overdue funds waits, stuck PIs and open breakers, for this tenant only', async () => {
    const b = billNumber('REJECT-inbox');
    await submit(b, ['100000000091']);
    await reachStatus(b, 'FAILED');
    const workflowId = `payment:${env.tenant.tenantId}:${b}`;
    const pi = (await env.db('payment_instructions').where({ bill_number: b }).first()) as { pi_number: string };
    // The rejected PI is final: marking it stuck and its payment overdue cannot race the workflow.
    await env
      .db('payment_instructions')
      .where({ pi_number: pi.pi_number })
      .update({ stuck_stage: 'SANCTION', stuck_since: new Date() });
    await env.db('funds_waiters').insert({
      payment_workflow_id: workflowId,
      tenant_id: env.tenant.tenantId,
      amount_paise: 250_00,
      since: new Date(Date.now() - 7_200_000),
      deadline_at: new Date(Date.now() - 3_600_000),
    });
    await env
      .db('treasury_breaker_states')
      .insert({ service_id: 'FTFPS', state: 'open' })
      .onConflict('service_id')
      .merge();
    try {
      const res = await request(app).get('/api/v1/inbox').set('Authorization', ops).expect(200);
      expect(pluck(res.body.awaitingCorrection.items, 'billNumber')).toContain(b);
      expect(res.body.fundsOverdue.items).toEqual([
        expect.objectContaining({ paymentId: workflowId, amountPaise: 250_00 }),
      ]);
      expect(res.body.stuckInstructions.items).toEqual([
        expect.objectContaining({ piNumber: pi.pi_number, stuckStage: 'SANCTION' }),
      ]);
      expect(res.body.openBreakers).toEqual(
        expect.arrayContaining([expect.objectContaining({ serviceId: 'FTFPS', state: 'open' })]),
      );
      expect(res.body.deadLetteredWebhooks.items).toEqual([]);
      expect(res.body.returnsAfterClose.items).toEqual([]);
      const otherInbox = await request(app).get('/api/v1/inbox').set('Authorization', otherEmployee).expect(200);
      expect(otherInbox.body.awaitingCorrection.items).toEqual([]);
      expect(otherInbox.body.fundsOverdue.items).toEqual([]);
      expect(otherInbox.body.stuckInstructions.items).toEqual([]);
      await request(app).get('/api/v1/inbox').set('Authorization', auditor).expect(403);
      await request(app).get('/api/v1/inbox').query({ limit: 0 }).set('Authorization', ops).expect(400);
    } finally {
      await env.db('treasury_breaker_states').where({ service_id: 'FTFPS' }).delete();
      await env.db('funds_waiters').where({ payment_workflow_id: workflowId }).delete();
    }
  });
});

describe('audit export', () => {
  let b: string;
  beforeAll(async () => {
    b = billNumber('audit');
    await submit(b, ['100000000101']);
    await reachStatus(b, 'PAID');
  });

  it('renders one readable timeline of the payment, its PI and the treasury calls', async () => {
    const res = await request(app)
      .get(`${path(b)}/audit`)
      .set('Authorization', auditor)
      .expect(200);
    const whats = pluck(res.body.timeline, 'what') as string[];
    expect(whats[0]).toBe('workflow paymentWorkflow started');
    expect(res.body.timeline[0].by).toMatch(/^emp-7/);
    expect(whats).toEqual(
      expect.arrayContaining([
        'activity recordPayment scheduled',
        'activity recordPayment completed',
        expect.stringMatching(/^child workflow paymentInstructionWorkflow pi:/),
        'signal instructionReport received',
        expect.stringMatching(/^treasury PI call about PI\/.* answered HTTP 200/),
      ]),
    );
    const times = pluck(res.body.timeline, 'at') as string[];
    expect([...times].sort()).toEqual(times);
    expect(pluck(res.body.treasuryLog, 'serviceId')).toEqual(expect.arrayContaining(['PI', 'PIS', 'PAG', 'PD']));
  });

  it('offers the raw histories as JSON and the timeline as text', async () => {
    const json = await request(app)
      .get(`${path(b)}/audit`)
      .query({ format: 'json' })
      .set('Authorization', auditor)
      .expect(200);
    expect(pluck(json.body.workflows, 'workflowId')).toEqual([
      `payment:${env.tenant.tenantId}:${b}`,
      expect.stringMatching(/^pi:/),
    ]);
    expect(json.body.workflows[0].history.events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    const text = await request(app)
      .get(`${path(b)}/audit`)
      .query({ format: 'text' })
      .set('Authorization', auditor)
      .expect(200);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.text).toMatch(/workflow paymentWorkflow started/);
  });

  it('is for auditors of the tenant only', async () => {
    await request(app)
      .get(`${path(b)}/audit`)
      .set('Authorization', employee)
      .expect(403);
    const otherAuditor = await bearer(other.tenantId, 'AUDITOR');
    await request(app)
      .get(`${path(b)}/audit`)
      .set('Authorization', otherAuditor)
      .expect(404);
    await request(app)
      .get(`${path(b)}/audit`)
      .query({ format: 'xml' })
      .set('Authorization', auditor)
      .expect(400);
  });
});

describe('platform endpoints', () => {
  it('serves Prometheus metrics with latency by route pattern and workflow starts', async () => {
    const res = await request(app).get('/metrics').expect(200);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/payments"/);
    expect(res.text).toMatch(
      /http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/payments\/:billNumber\/audit"/,
    );
    expect(res.text).toMatch(/workflow_starts_total\{workflow="paymentWorkflow",source="api"\} [1-9]/);
    // Route patterns, never raw paths with bill numbers.
    expect(res.text).not.toMatch(/route="\/api\/v1\/payments\/[A-Z]/);
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await request(app).get('/openapi.json').expect(200);
    expect(doc.body.openapi).toBe('3.0.3');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/payments',
        '/api/v1/payments/{billNumber}/audit',
        '/webhooks/bills',
        '/api/v1/inbox',
      ]),
    );
    expect(doc.body.components.schemas.BillInput.required).toEqual(['billNumber', 'beneficiaries']);
    const ui = await request(app).get('/docs/').expect(200);
    expect(ui.text).toMatch(/swagger-ui/);
  });

  it('sets security headers and a request id, and answers unknown routes in the error shape', async () => {
    const res = await request(app).get('/api/v1/nothing-here').set('X-Request-Id', 'trace-12345678').expect(404);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toBe('trace-12345678');
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String), details: null } });
  });
});
