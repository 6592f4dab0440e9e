import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { PiStatus } from '../../../contracts';
import { loadConfig } from '../../../config';
import { createFieldCipher, type FieldCipher } from '../../../security/field-cipher';
import { createTestTenant } from '../../../test/funds-fixtures';
import { createDb } from '../../connection';
import { insertPreparedInstruction, loadInstruction, updateInstruction } from '../instructions';
import { insertPayment, payeeRow } from '../payments';
import { insertBeneficiaries } from '../pi-beneficiaries';
import type { InstructionRow } from '../rows';

export interface LifecycleTestDb {
  db: Knex;
  pii: FieldCipher;
  tenantId: string;
  close(): Promise<void>;
}

/** The migrated test database, the test PII keys, and a fresh tenant. */
export async function openLifecycleTestDb(): Promise<LifecycleTestDb> {
  const db = createDb(inject('databaseUrl'), 5);
  const pii = createFieldCipher(loadConfig({ NODE_ENV: 'test' }).pii);
  const { tenantId } = await createTestTenant(db);
  return { db, pii, tenantId, close: () => db.destroy() };
}

/** A payment with one PI in `status`, whose beneficiaries are in the given statuses (BN/1, BN/2, …). */
export async function seedInstruction(
  t: LifecycleTestDb,
  options: {
    status: PiStatus;
    beneficiaryStatuses?: string[];
    kind?: 'ORIGINAL' | 'REVISED';
    originalPiNumber?: string;
    paymentWorkflowId?: string;
  },
): Promise<InstructionRow> {
  const statuses = options.beneficiaryStatuses ?? ['PENDING'];
  const suffix = randomUUID().slice(0, 8);
  const paymentWorkflowId = options.paymentWorkflowId ?? `payment-${suffix}`;
  const billNumber = `BILL/${suffix}`;
  const payees = statuses.map((_, i) => ({
    beneficiaryNumber: `BN/${i + 1}`,
    name: `Payee ${i + 1}`,
    accountNumber: `1000000000${i + 1}`,
    ifsc: 'SBIN0000041',
    amountPaise: 100_00,
    type: 'IND' as const,
    mobile: '9000000000',
    address: 'Bhubaneswar',
    lineItemIds: [],
  }));
  if (!options.paymentWorkflowId) {
    await insertPayment(t.db, t.pii, {
      workflowId: paymentWorkflowId,
      tenantId: t.tenantId,
      billNumber,
      status: 'IN_PROGRESS',
      totalPaise: 100_00 * payees.length,
      headOfAccountCodes: [],
      submittedBy: 'test',
      submittedAt: new Date().toISOString(),
      payees,
    });
  }
  const piNumber = `PI/${suffix}`;
  await insertPreparedInstruction(t.db, {
    pi_number: piNumber,
    tenant_id: t.tenantId,
    bill_number: billNumber,
    payment_workflow_id: paymentWorkflowId,
    kind: options.kind ?? 'ORIGINAL',
    original_pi_number: options.originalPiNumber ?? null,
    corrects_pi_number: options.originalPiNumber ?? null,
    amount_paise: 100_00 * payees.length,
    beneficiary_count: payees.length,
    jit_bill_date: new Date().toISOString(),
  });
  await insertBeneficiaries(
    t.db,
    t.pii,
    payees.map((p, i) => {
      const { payment_workflow_id: _payment, ...payee } = payeeRow(paymentWorkflowId, t.tenantId, p);
      return {
        ...payee,
        pi_number: piNumber,
        status: statuses[i],
        ...(options.originalPiNumber ? { cur_pi_number: options.originalPiNumber } : {}),
      };
    }),
  );
  await updateInstruction(t.db, piNumber, { status: options.status });
  return loadInstruction(t.db, piNumber);
}
