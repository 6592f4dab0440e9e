import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';
import { waitFor } from '../test/wait-for';
import { bearer, pluck, appForLifecycleEnv } from './testing/harness';

let env: LifecycleEnv;
let app: Express;
beforeAll(async () => {
  env = await openLifecycleEnv({ label: 'api-e2e' });
  app = appForLifecycleEnv(env);
});
afterAll(async () => {
  await env?.close();
});

describe('through the API only', () => {
  it('submits a bill, watches it to PAID, and exports an audit trail holding every treasury call', async () => {
    const employee = await bearer(env.tenant.tenantId, 'EMPLOYEE', 'asha@od.angul');
    const auditor = await bearer(env.tenant.tenantId, 'AUDITOR', 'auditor@ag.odisha');
    const bill = `MUKTA/${billNumber('e2e')}/2026-27`;
    const path = `/api/v1/payments/${encodeURIComponent(bill)}`;

    const submitted = await request(app)
      .post('/api/v1/payments')
      .set('Authorization', employee)
      .set('Idempotency-Key', `e2e-${bill.replace(/\//g, '-')}`)
      .send({
        billNumber: bill,
        beneficiaries: [payee('100000000111', 12_345_67), payee('100000000112', 5_000_00, { type: 'ORG' })],
      })
      .expect(202);
    expect(submitted.body.links.self).toBe(path);

    const paid = await waitFor(async () => {
      const res = await request(app).get(path).set('Authorization', employee);
      // PAID, and closed: the PI listened for bank returns for its window, then both workflows completed.
      const done = res.status === 200 && res.body.status === 'PAID' && res.body.workflowStatus === 'COMPLETED';
      return done ? (res.body as { instructions: Array<{ piNumber: string }> }) : undefined;
    }, 'the payment to be PAID and closed');
    expect(paid).toMatchObject({ totalPaise: 17_345_67, beneficiaryCount: 2 });
    const piNumber = paid.instructions[0]!.piNumber;

    const audit = await request(app)
      .get(`${path}/audit`)
      .query({ format: 'json' })
      .set('Authorization', auditor)
      .expect(200);
    expect(audit.body.piNumbers).toEqual([piNumber]);
    // Every treasury exchange logged for the payment's PI is in the export, decrypted.
    const logged = (await env
      .db('treasury_request_log')
      .where({ bill_number: piNumber })
      .select('id', 'service_id')) as Array<{
      id: string;
      service_id: string;
    }>;
    expect(new Set(logged.map((r) => r.service_id))).toEqual(new Set(['PI', 'PIS', 'PAG', 'PD']));
    expect((pluck(audit.body.treasuryLog, 'id') as string[]).sort()).toEqual(logged.map((r) => r.id).sort());
    const pi = (
      audit.body.treasuryLog as Array<{ serviceId: string; request: { params: { jitBillNo: string } } }>
    ).find((e) => e.serviceId === 'PI');
    expect(pi?.request.params.jitBillNo).toBe(piNumber);
    // Raw histories of both workflows, as `temporal workflow show -o json` prints them.
    const workflows = audit.body.workflows as Array<{
      workflowId: string;
      history: { events: Array<{ eventType: string }> };
    }>;
    expect(workflows.map((w) => w.workflowId)).toEqual([
      `payment:${env.tenant.tenantId}:${bill}`,
      `pi:${env.tenant.tenantId}:${piNumber}`,
    ]);
    for (const w of workflows) {
      expect(w.history.events.at(-1)?.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
    }

    const timeline = await request(app).get(`${path}/audit`).set('Authorization', auditor).expect(200);
    const lines = timeline.body.timeline as Array<{ source: string; what: string; by: string }>;
    expect(lines[0]).toMatchObject({
      what: 'workflow paymentWorkflow started',
      by: expect.stringMatching(/^asha@od\.angul/),
    });
    for (const service of ['PI', 'PIS', 'PAG', 'PD']) {
      expect(lines.some((l) => l.source === `treasury ${service}`)).toBe(true);
    }
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          what: 'workflow completed with status PAID',
          source: `payment:${env.tenant.tenantId}:${bill}`,
        }),
        expect.objectContaining({
          what: 'workflow completed with status SUCCESSFUL',
          source: `pi:${env.tenant.tenantId}:${piNumber}`,
        }),
      ]),
    );
    if (process.env.SHOW_AUDIT) {
      console.log(
        (await request(app).get(`${path}/audit`).query({ format: 'text' }).set('Authorization', auditor)).text,
      );
    }
  });
});
