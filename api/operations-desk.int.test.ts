import { LifecycleTable } from '../db/lifecycle/tables';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { GENERAL_HOA } from '../test/funds-fixtures';
import { billNumber } from '../test/lifecycle-env';
import { pluck } from './testing/harness';
import { env, app, employee, ops, auditor, otherEmployee, useApiEnv } from './testing/api-env';
import { submitAccounts, reachStatus } from './testing/payment-steps';

useApiEnv('api-ops-desk');

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
    await submitAccounts(b, ['100000000091']);
    await reachStatus(b, 'FAILED');
    const workflowId = `payment:${env.tenant.tenantId}:${b}`;
    const pi = (await env.db(LifecycleTable.instructions).where({ bill_number: b }).first()) as { pi_number: string };
    // The rejected PI is final: marking it stuck and its payment overdue cannot race the workflow.
    await env
      .db(LifecycleTable.instructions)
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
