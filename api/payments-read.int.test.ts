import { LifecycleTable } from '../db/lifecycle/tables';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENERAL_HOA } from '../test/funds-fixtures';
import { billNumber, payee } from '../test/lifecycle-env';
import { waitFor } from '../test/wait-for';
import { pluck } from './testing/harness';
import { env, app, employee, ops, auditor, otherEmployee, path, useApiEnv } from './testing/api-env';
import { bill, submit, readModelRow } from './testing/payment-steps';

useApiEnv('api-payments-read');

describe('GET /api/v1/payments', () => {
  let bills: string[];
  beforeAll(async () => {
    bills = [];
    for (const label of ['list-a', 'list-b', 'list-c']) {
      const body = { ...bill(label, ['100000000031']), headOfAccountCodes: [GENERAL_HOA] };
      await submit(body).expect(202);
      bills.push(body.billNumber);
    }
    for (const b of bills) await readModelRow(b);
  });

  it('pages newest first with an opaque cursor, without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(app)
        .get('/api/v1/payments')
        .query({ limit: 2, headOfAccount: GENERAL_HOA, ...(cursor ? { cursor } : {}) })
        .set('Authorization', employee)
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...(pluck(res.body.items, 'billNumber') as string[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(seen.filter((b) => bills.includes(b))).toEqual([...bills].reverse());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('filters by bill number, status and submission date', async () => {
    const one = await request(app)
      .get('/api/v1/payments')
      .query({ billNumber: bills[0] })
      .set('Authorization', auditor)
      .expect(200);
    expect(one.body.items).toHaveLength(1);
    expect(one.body.items[0]).toMatchObject({
      billNumber: bills[0],
      totalPaise: 1_000_00,
      paymentId: expect.any(String),
    });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const none = await request(app)
      .get('/api/v1/payments')
      .query({ from: tomorrow })
      .set('Authorization', ops)
      .expect(200);
    expect(none.body.items).toEqual([]);
    const today = await request(app)
      .get('/api/v1/payments')
      .query({ to: tomorrow, billNumber: bills[1] })
      .set('Authorization', ops)
      .expect(200);
    expect(today.body.items).toHaveLength(1);
    const status = one.body.items[0].status as string;
    const byStatus = await request(app).get('/api/v1/payments').query({ status, limit: 100 }).set('Authorization', ops);
    expect(pluck(byStatus.body.items, 'status').every((s) => s === status)).toBe(true);
  });

  it('never lists another tenant’s payments', async () => {
    const res = await request(app)
      .get('/api/v1/payments')
      .query({ limit: 100 })
      .set('Authorization', otherEmployee)
      .expect(200);
    expect(res.body.items).toEqual([]);
  });

  it.each([
    ['a limit over 100', { limit: 101 }],
    ['an unknown status', { status: 'DONE' }],
    ['a bad date', { from: '10/05/2026' }],
    ['an unknown parameter', { sort: 'amount' }],
    ['a foreign cursor', { cursor: 'bm90LWEtY3Vyc29y' }],
  ])('answers 400 for %s', async (_what, query) => {
    const res = await request(app).get('/api/v1/payments').query(query).set('Authorization', employee).expect(400);
    expect(['VALIDATION_FAILED', 'INVALID_CURSOR']).toContain(res.body.error.code);
  });
});

describe('GET /api/v1/payments/:billNumber and payment instructions', () => {
  let b: string;
  let piNumber: string;
  beforeAll(async () => {
    // A bill number with slashes, as real ones have: it travels URL-encoded.
    b = `API/${billNumber('view')}/2026-27`;
    await submit({
      billNumber: b,
      beneficiaries: [payee('100000000041', 700_00), payee('100000000042', 300_00)],
    }).expect(202);
    piNumber = (
      await waitFor(
        async () =>
          (await env
            .db(LifecycleTable.instructions)
            .where({ bill_number: b, tenant_id: env.tenant.tenantId })
            .first()) as { pi_number: string } | undefined,
        'PI row',
      )
    ).pi_number as string;
    await waitFor(async () => {
      const row = await env.db(LifecycleTable.payments).where({ bill_number: b }).first();
      return row?.status === 'PAID';
    }, 'paid');
  });

  it('shows the payment with beneficiaries, PIs, live state and timeline', async () => {
    const res = await request(app).get(path(b)).set('Authorization', employee).expect(200);
    expect(res.body).toMatchObject({ billNumber: b, status: 'PAID', totalPaise: 1_000_00, beneficiaryCount: 2 });
    expect(res.body.instructions).toHaveLength(1);
    expect(res.body.instructions[0]).toMatchObject({ piNumber, kind: 'ORIGINAL', amountPaise: 1_000_00 });
    expect(pluck(res.body.instructions[0].beneficiaries, 'status')).toEqual(['SUCCESS', 'SUCCESS']);
    expect(res.body.state).toMatchObject({ billNumber: b, status: 'PAID' });
    expect(pluck(res.body.timeline, 'status')).toEqual(
      expect.arrayContaining(['RECEIVED', 'PREPARED', 'INITIATED', 'SUCCESSFUL', 'PAID']),
    );
  });

  it('answers 404 for another tenant’s payment and for an unknown bill, 400 for a malformed one', async () => {
    const res = await request(app).get(path(b)).set('Authorization', otherEmployee).expect(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String), details: null } });
    await request(app).get(path('NO-SUCH-BILL')).set('Authorization', employee).expect(404);
    await request(app).get(path('bad:bill')).set('Authorization', employee).expect(400);
  });

  it('lists and shows the PI (URL-encoded number), and hides it from other tenants', async () => {
    const list = await request(app)
      .get('/api/v1/payment-instructions')
      .query({ billNumber: b, stuck: 'false' })
      .set('Authorization', ops)
      .expect(200);
    expect(pluck(list.body.items, 'piNumber')).toEqual([piNumber]);
    const stuck = await request(app)
      .get('/api/v1/payment-instructions')
      .query({ billNumber: b, stuck: 'true' })
      .set('Authorization', ops);
    expect(stuck.body.items).toEqual([]);
    const one = await request(app)
      .get(`/api/v1/payment-instructions/${encodeURIComponent(piNumber)}`)
      .set('Authorization', auditor)
      .expect(200);
    expect(one.body).toMatchObject({ piNumber, status: 'SUCCESSFUL', billRefNo: expect.any(String) });
    expect(one.body.beneficiaries).toHaveLength(2);
    expect(one.body.timeline.length).toBeGreaterThan(0);
    await request(app)
      .get(`/api/v1/payment-instructions/${encodeURIComponent(piNumber)}`)
      .set('Authorization', otherEmployee)
      .expect(404);
    const otherList = await request(app)
      .get('/api/v1/payment-instructions')
      .query({ billNumber: b })
      .set('Authorization', otherEmployee)
      .expect(200);
    expect(otherList.body.items).toEqual([]);
    await request(app)
      .get('/api/v1/payment-instructions')
      .query({ stuck: 'maybe' })
      .set('Authorization', ops)
      .expect(400);
  });
});
