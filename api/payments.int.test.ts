import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from './auth';
import { createTestTenant, GENERAL_HOA, type TestTenant } from '../test/funds-fixtures';
import { billNumber, openLifecycleEnv, payee, type LifecycleEnv } from '../test/lifecycle-env';
import { waitFor } from '../test/wait-for';
import { bearer, pluck, TEST_JWT_SECRET, appForLifecycleEnv } from './testing/harness';

let env: LifecycleEnv;
let app: Express;
let other: TestTenant;
let employee: string;
let integrator: string;
let ops: string;
let auditor: string;
let otherEmployee: string;
let keySequence = 0;

beforeAll(async () => {
  env = await openLifecycleEnv({ label: 'api-payments' });
  app = appForLifecycleEnv(env);
  other = await createTestTenant(env.db);
  employee = await bearer(env.tenant.tenantId, 'EMPLOYEE', 'emp-1');
  integrator = await bearer(env.tenant.tenantId, 'SYSTEM_INTEGRATOR', 'erp');
  ops = await bearer(env.tenant.tenantId, 'TREASURY_OPS');
  auditor = await bearer(env.tenant.tenantId, 'AUDITOR');
  otherEmployee = await bearer(other.tenantId, 'EMPLOYEE');
});
afterAll(async () => {
  await env?.close();
});

const key = () => `test-key-${process.pid}-${Date.now()}-${++keySequence}`;
const bill = (label: string, accounts = ['100000000011']) => ({
  billNumber: billNumber(label),
  beneficiaries: accounts.map((a, i) => ({ ...payee(a, 1_000_00 + i), mobile: '9000000000' })),
});
const submit = (body: unknown, k = key(), auth = employee) =>
  request(app)
    .post('/api/v1/payments')
    .set('Authorization', auth)
    .set('Idempotency-Key', k)
    .send(body as object);
const path = (b: string) => `/api/v1/payments/${encodeURIComponent(b)}`;
const readModelRow = (b: string) =>
  waitFor(
    async () => (await env.db('payments').where({ tenant_id: env.tenant.tenantId, bill_number: b }).first()) as unknown,
    `row of ${b}`,
  );

describe('POST /api/v1/payments', () => {
  it('starts the payment and answers 202 with its id, status and links', async () => {
    const body = bill('api-new');
    const res = await submit(body).expect(202);
    const workflowId = `payment:${env.tenant.tenantId}:${body.billNumber}`;
    expect(res.body).toEqual({
      paymentId: workflowId,
      workflowId,
      billNumber: body.billNumber,
      status: 'RECEIVED',
      links: expect.objectContaining({ self: path(body.billNumber) }),
    });
    expect(res.headers.location).toBe(path(body.billNumber));
    const row = await readModelRow(body.billNumber);
    expect(row).toMatchObject({ submitted_by: 'emp-1', total_paise: 1_000_00, beneficiary_count: 1 });
  });

  it('accepts a system integrator', async () => {
    await submit(bill('api-erp'), key(), integrator).expect(202);
  });

  it('replays the first answer for the same key and body, starting nothing new', async () => {
    const body = bill('api-replay');
    const k = key();
    const first = await submit(body, k).expect(202);
    // Same content with the keys in another order is the same request.
    const reordered = { beneficiaries: body.beneficiaries, billNumber: body.billNumber };
    const again = await submit(reordered, k).expect(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const rows = await env
      .db('api_idempotency_keys')
      .where({ tenant_id: env.tenant.tenantId, bill_number: body.billNumber });
    expect(rows).toHaveLength(1);
  });

  it('refuses the same key with another body (409 IDEMPOTENCY_KEY_REUSED)', async () => {
    const k = key();
    await submit(bill('api-reuse-1'), k).expect(202);
    const res = await submit(bill('api-reuse-2'), k).expect(409);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses a bill already submitted under another key (409 PAYMENT_EXISTS with its id)', async () => {
    const body = bill('api-twice');
    await submit(body).expect(202);
    const res = await submit(body).expect(409);
    expect(res.body.error).toMatchObject({
      code: 'PAYMENT_EXISTS',
      details: { paymentId: `payment:${env.tenant.tenantId}:${body.billNumber}`, billNumber: body.billNumber },
    });
  });

  it('refuses a bill whose payment was started some other way', async () => {
    const b = billNumber('api-outside');
    await env.startPayment(env.paymentInput(b, [payee('100000000012', 500_00)]));
    const res = await submit({ billNumber: b, beneficiaries: [payee('100000000012', 500_00)] }).expect(409);
    expect(res.body.error.code).toBe('PAYMENT_EXISTS');
  });

  it('requires a well-formed Idempotency-Key', async () => {
    const noKey = await request(app).post('/api/v1/payments').set('Authorization', employee).send(bill('api-nokey'));
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const badKey = await submit(bill('api-badkey'), 'short').expect(400);
    expect(badKey.body.error.code).toBe('VALIDATION_FAILED');
  });

  const valid = () => bill('api-invalid');
  const b0 = () => valid().beneficiaries[0]!;
  it.each([
    ['a missing bill number', () => ({ beneficiaries: valid().beneficiaries }), 'billNumber'],
    ['no beneficiaries', () => ({ ...valid(), beneficiaries: [] }), 'beneficiaries'],
    ['a wrong IFSC', () => ({ ...valid(), beneficiaries: [{ ...b0(), ifsc: 'SBIN1000041' }] }), 'beneficiaries.0.ifsc'],
    [
      'a short account number',
      () => ({ ...valid(), beneficiaries: [{ ...b0(), accountNumber: '12345' }] }),
      'beneficiaries.0.accountNumber',
    ],
    [
      'fractional paise',
      () => ({ ...valid(), beneficiaries: [{ ...b0(), amountPaise: 10.5 }] }),
      'beneficiaries.0.amountPaise',
    ],
    [
      'negative paise',
      () => ({ ...valid(), beneficiaries: [{ ...b0(), amountPaise: -100 }] }),
      'beneficiaries.0.amountPaise',
    ],
    [
      'an unsafe integer',
      () => ({ ...valid(), beneficiaries: [{ ...b0(), amountPaise: 2 ** 60 }] }),
      'beneficiaries.0.amountPaise',
    ],
    ['an unknown type', () => ({ ...valid(), beneficiaries: [{ ...b0(), type: 'PERSON' }] }), 'beneficiaries.0.type'],
    ['an extra field', () => ({ ...valid(), approvedBy: 'me' }), ''],
    ['a bad head of account', () => ({ ...valid(), headOfAccountCodes: ['HOA-1'] }), 'headOfAccountCodes.0'],
  ])('answers 400 VALIDATION_FAILED for %s', async (_what, body, field) => {
    const res = await submit(body()).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(pluck(res.body.error.details.issues, 'path')).toContain(field);
  });

  it('answers 400 for malformed JSON, 415 for another media type and 413 for a huge body', async () => {
    const malformed = await request(app)
      .post('/api/v1/payments')
      .set('Authorization', employee)
      .set('Idempotency-Key', key())
      .set('Content-Type', 'application/json')
      .send('{"billNumber":');
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'MALFORMED_JSON']);
    const text = await request(app)
      .post('/api/v1/payments')
      .set('Authorization', employee)
      .set('Idempotency-Key', key())
      .set('Content-Type', 'text/plain')
      .send('hello');
    expect([text.status, text.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const huge = await submit({ ...bill('api-huge'), padding: 'x'.repeat(300_000) });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'BODY_TOO_LARGE']);
  });

  it('answers 403 to roles that may not submit, and to a tenant outside the token', async () => {
    for (const auth of [ops, auditor]) {
      const res = await submit(bill('api-role'), key(), auth).expect(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    const res = await request(app)
      .post('/api/v1/payments')
      .set('Authorization', employee)
      .set('X-Tenant-Id', other.tenantId)
      .set('Idempotency-Key', key())
      .send(bill('api-tenant'))
      .expect(403);
    expect(res.body.error.code).toBe('TENANT_FORBIDDEN');
  });
});

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
          (await env.db('payment_instructions').where({ bill_number: b, tenant_id: env.tenant.tenantId }).first()) as
            { pi_number: string } | undefined,
        'PI row',
      )
    ).pi_number as string;
    await waitFor(async () => {
      const row = await env.db('payments').where({ bill_number: b }).first();
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

describe('every route refuses bad tokens and roles', () => {
  const routes: Array<{
    method: 'get' | 'post';
    url: string;
    wrongRole: 'EMPLOYEE' | 'AUDITOR' | 'SYSTEM_INTEGRATOR';
  }> = [
    { method: 'post', url: '/api/v1/payments', wrongRole: 'AUDITOR' },
    { method: 'get', url: '/api/v1/payments', wrongRole: 'AUDITOR' },
    { method: 'get', url: '/api/v1/payments/B-1', wrongRole: 'AUDITOR' },
    { method: 'post', url: '/api/v1/payments/B-1/corrections', wrongRole: 'AUDITOR' },
    { method: 'post', url: '/api/v1/payments/B-1/actions/poll-now', wrongRole: 'EMPLOYEE' },
    { method: 'post', url: '/api/v1/payments/B-1/actions/cancel', wrongRole: 'EMPLOYEE' },
    { method: 'get', url: '/api/v1/payments/B-1/audit', wrongRole: 'EMPLOYEE' },
    { method: 'get', url: '/api/v1/payment-instructions', wrongRole: 'AUDITOR' },
    { method: 'get', url: '/api/v1/payment-instructions/PI%2FB-1%2F1', wrongRole: 'AUDITOR' },
    { method: 'get', url: '/api/v1/funds/register', wrongRole: 'SYSTEM_INTEGRATOR' },
    { method: 'get', url: '/api/v1/inbox', wrongRole: 'AUDITOR' },
  ];
  // The two GET routes readable by every role are checked with a role-less token instead.
  const roleless = new Set([
    '/api/v1/payments',
    '/api/v1/payments/B-1',
    '/api/v1/payment-instructions',
    '/api/v1/payment-instructions/PI%2FB-1%2F1',
  ]);

  it.each(routes)('$method $url: 401 without, with a forged or an expired token; 403 for a wrong role', async (r) => {
    const tenant = env.tenant.tenantId;
    const forged = await signToken('forged-secret-0123456789abcdefghijkl', {
      sub: 'x',
      tenants: [tenant],
      roles: ['TREASURY_OPS'],
    });
    const expired = await signToken(TEST_JWT_SECRET, {
      sub: 'x',
      tenants: [tenant],
      roles: ['TREASURY_OPS'],
      ttlSeconds: -5,
    });
    for (const auth of [undefined, `Bearer ${forged}`, `Bearer ${expired}`, 'Bearer not.a.jwt']) {
      const req = request(app)[r.method](r.url);
      const res = await (auth ? req.set('Authorization', auth) : req);
      expect([res.status, res.body.error?.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
    const wrong = roleless.has(r.url)
      ? await signToken(TEST_JWT_SECRET, { sub: 'x', tenants: [tenant], roles: [] })
      : await signToken(TEST_JWT_SECRET, { sub: 'x', tenants: [tenant], roles: [r.wrongRole] });
    const res = await request(app)[r.method](r.url).set('Authorization', `Bearer ${wrong}`);
    expect([res.status, res.body.error?.code]).toEqual([403, 'FORBIDDEN']);
  });
});
