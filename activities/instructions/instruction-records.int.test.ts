import { LifecycleTable } from '../../db/lifecycle/tables';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIFECYCLE_POLICY } from '../../config/lifecycle-policy';
import { type PayeeDetails } from '../../contracts';
import { openIntegrationEnv, type IntegrationEnv } from '../../test/integration-env';
import { createTestTenant, type TestTenant } from '../../test/funds-fixtures';
import { createInstructionRepository } from '../../db/lifecycle/repository';
import { createPaymentActivities } from '../payments';
import { createPrepareActivities } from './prepare';
import { createReturnsActivities } from './returns';

let env: IntegrationEnv;
let db: Knex;
let tenant: TestTenant;
beforeAll(async () => {
  env = await openIntegrationEnv();
  db = env.db;
  tenant = await createTestTenant(db);
});
afterAll(async () => {
  await env?.close();
});

const beneficiary = (n: number, amountPaise: number): PayeeDetails => ({
  beneficiaryNumber: `BN/B/${n}`,
  name: `Payee ${n}`,
  accountNumber: `10000000000${n}`,
  ifsc: 'SBIN0000041',
  amountPaise,
  type: 'IND',
  mobile: '9000000000',
  address: 'Angul',
  lineItemIds: [`L${n}`],
});

/** A payment recorded as its workflow first records it: the read-model row and the bill's payees. */
async function newPayment(payees: PayeeDetails[]) {
  const billNumber = `B-${randomUUID().slice(0, 8)}`;
  const workflowId = `payment:${tenant.tenantId}:${billNumber}`;
  await createPaymentActivities({ db, pii: env.pii }).recordPayment({
    workflowId,
    tenantId: tenant.tenantId,
    billNumber,
    status: 'RECEIVED',
    transitions: 1,
    bill: { payees, totalPaise: 0, submittedAt: new Date().toISOString(), submittedBy: 'test', headOfAccountCodes: [] },
  });
  return { billNumber, workflowId, piNumber: `PI/${tenant.tenantId}/${billNumber}/1` };
}

describe('PI records', () => {
  it('re-prepares a PI after NO_FUNDS with the amount, count and rows of exactly what is sent now', async () => {
    const prepare = createPrepareActivities({ db, pii: env.pii });
    const p = await newPayment([beneficiary(1, 100_00), beneficiary(2, 250_00)]);
    const base = {
      tenantId: tenant.tenantId,
      billNumber: p.billNumber,
      paymentWorkflowId: p.workflowId,
      piNumber: p.piNumber,
      kind: 'ORIGINAL' as const,
      policy: DEFAULT_LIFECYCLE_POLICY,
    };
    await prepare.prepareInstruction({ ...base, beneficiaryNumbers: ['BN/B/1'], startedAt: '2026-06-01T10:00:00Z' });
    await db(LifecycleTable.instructions).where({ pi_number: p.piNumber }).update({ status: 'NO_FUNDS' });
    await prepare.prepareInstruction({
      ...base,
      beneficiaryNumbers: ['BN/B/1', 'BN/B/2'],
      startedAt: '2026-06-02T10:00:00Z',
    });
    const pi = (await db(LifecycleTable.instructions).where({ pi_number: p.piNumber }).first()) as {
      amount_paise: string;
      beneficiary_count: number;
      status: string;
    };
    const rows = (await db(LifecycleTable.piBeneficiaries)
      .where({ pi_number: p.piNumber })
      .select('amount_paise')) as Array<{
      amount_paise: string;
    }>;
    expect(pi.status).toBe('PREPARED');
    expect(Number(pi.amount_paise)).toBe(350_00);
    expect(pi.beneficiary_count).toBe(2);
    expect(rows.reduce((sum, r) => sum + Number(r.amount_paise), 0)).toBe(350_00);
  });

  it('never moves a PI backwards when a return races a stage transition', async () => {
    const prepare = createPrepareActivities({ db, pii: env.pii });
    const returns = createReturnsActivities({
      db,
      temporal: env.client,
      instructions: createInstructionRepository(db, env.pii),
    });
    const p = await newPayment([beneficiary(1, 100_00), beneficiary(2, 100_00)]);
    await prepare.prepareInstruction({
      tenantId: tenant.tenantId,
      billNumber: p.billNumber,
      paymentWorkflowId: p.workflowId,
      piNumber: p.piNumber,
      kind: 'ORIGINAL',
      policy: DEFAULT_LIFECYCLE_POLICY,
      beneficiaryNumbers: ['BN/B/1', 'BN/B/2'],
      startedAt: '2026-06-01T10:00:00Z',
    });
    await db(LifecycleTable.instructions).where({ pi_number: p.piNumber }).update({ status: 'IN_PROCESS' });
    // The disbursement poll commits SUCCESSFUL while the return is being recorded.
    const poll = await db.transaction();
    await poll(LifecycleTable.instructions).where({ pi_number: p.piNumber }).update({ status: 'SUCCESSFUL' });
    const returned = returns.recordReturns({
      piNumber: p.piNumber,
      returned: [{ beneficiaryNumber: 'BN/B/2', reason: 'Account does not exist' }],
      creditBack: false,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await poll.commit();
    await returned;
    const pi = (await db(LifecycleTable.instructions).where({ pi_number: p.piNumber }).first()) as { status: string };
    expect(pi.status).toBe('PARTIAL');
  });
});
