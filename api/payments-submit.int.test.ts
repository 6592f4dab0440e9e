import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { billNumber, payee } from '../test/lifecycle-env';
import { pluck } from './testing/harness';
import { env, app, other, employee, integrator, ops, auditor, path, useApiEnv } from './testing/api-env';
import { key, bill, submit, readModelRow } from './testing/payment-steps';

useApiEnv('api-payments-submit');

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
