import { LifecycleTable } from '../db/lifecycle/tables';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { billNumber } from '../test/lifecycle-env';
import { waitFor } from '../test/wait-for';
import { pluck } from './testing/harness';
import { env, app, employee, ops, auditor, otherOps, otherEmployee, path, useApiEnv } from './testing/api-env';
import { submitAccounts, reachStatus } from './testing/payment-steps';

useApiEnv('api-ops-corrections');

describe('corrections', () => {
  let rejected: string;
  beforeAll(async () => {
    // The simulated SSU rejects bills named REJECT: the payment FAILs with a failed beneficiary.
    rejected = billNumber('REJECT-corr');
    await submitAccounts(rejected, ['100000000051']);
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
      async () => (await env.db(LifecycleTable.instructions).where({ bill_number: rejected })).length === 2,
      'a fresh PI for the corrected beneficiary',
    );
    // The audit trail names who supplied the corrections.
    const audit = await request(app)
      .get(`${path(rejected)}/audit`)
      .set('Authorization', auditor)
      .expect(200);
    expect(audit.body.timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ what: 'update supplyCorrections accepted', by: expect.stringMatching(/^emp-1/) }),
      ]),
    );
  });
});

describe('poll-now and cancel', () => {
  it('signals poll-now to a running payment (202), 404 for another tenant, 403 for an employee', async () => {
    const b = billNumber('poll');
    await submitAccounts(b, ['100000000061']);
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
    await submitAccounts(b, ['100000000071']);
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
    await submitAccounts(b, ['100000000081']);
    await waitFor(async () => {
      const pi = await env.db(LifecycleTable.instructions).where({ bill_number: b }).first();
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
