import request from 'supertest';
import { LifecycleTable } from '../../db/lifecycle/tables';
import { billNumber, payee } from '../../test/lifecycle-env';
import { waitFor } from '../../test/wait-for';
import { app, employee, env } from './api-env';

let keys = 0;
/** Submits a bill paying 250.00 to each account, as the employee. */
export async function submitAccounts(b: string, accounts: string[]): Promise<void> {
  await request(app)
    .post('/api/v1/payments')
    .set('Authorization', employee)
    .set('Idempotency-Key', `ops-${process.pid}-${Date.now()}-${++keys}`)
    .send({ billNumber: b, beneficiaries: accounts.map((a) => payee(a, 250_00)) })
    .expect(202);
}

export const paymentStatus = async (b: string) =>
  (
    (await env.db(LifecycleTable.payments).where({ tenant_id: env.tenant.tenantId, bill_number: b }).first()) as
      { status: string } | undefined
  )?.status;

export const reachStatus = (b: string, status: string) =>
  waitFor(async () => (await paymentStatus(b)) === status, `${b} ${status}`);

let keySequence = 0;
export const key = () => `test-key-${process.pid}-${Date.now()}-${++keySequence}`;
export const bill = (label: string, accounts = ['100000000011']) => ({
  billNumber: billNumber(label),
  beneficiaries: accounts.map((a, i) => ({ ...payee(a, 1_000_00 + i), mobile: '9000000000' })),
});
/** A submission as sent, for the test to assert on its answer. */
export const submit = (body: unknown, k = key(), auth = employee) =>
  request(app)
    .post('/api/v1/payments')
    .set('Authorization', auth)
    .set('Idempotency-Key', k)
    .send(body as object);
export const readModelRow = (b: string) =>
  waitFor(
    async () =>
      (await env
        .db(LifecycleTable.payments)
        .where({ tenant_id: env.tenant.tenantId, bill_number: b })
        .first()) as unknown,
    `row of ${b}`,
  );
