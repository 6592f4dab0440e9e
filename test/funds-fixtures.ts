import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { istToday } from '../db/funds/ist-date';
import type { TreasuryAllotment } from '../db/funds/types';

export const GENERAL_HOA = '221705800358641045908';
export const SC_HOA = '221705789358641045908';

/** A tenant and spending unit of its own, so test files sharing the database never see each other's funds. */
export interface TestTenant {
  tenantId: string;
  ssuId: string;
  ddoCode: string;
  granteeAgCode: string;
}

export async function createTestTenant(db: Knex): Promise<TestTenant> {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 10);
  const tenant = {
    tenantId: `test.t${suffix}`,
    ssuId: String(Math.floor(Math.random() * 1e9)),
    ddoCode: `DDO${suffix}`,
    granteeAgCode: `GRANTEE${suffix}`,
  };
  await db('tenants').insert({ tenant_id: tenant.tenantId, name: `Test tenant ${suffix}` });
  await db('spending_units').insert({
    tenant_id: tenant.tenantId,
    ssu_id: tenant.ssuId,
    ddo_code: tenant.ddoCode,
    grantee_ag_code: tenant.granteeAgCode,
    grantee_name: 'TEST MUNICIPALITY',
    office: 'test_op',
    effective_from: '2023-04-01',
  });
  return tenant;
}

let sequence = 0;
export function uniqueMasterAllotmentId(): string {
  sequence += 1;
  return `T${Date.now()}${process.pid}${sequence}`;
}

export function allotment(
  tenant: { ssuId: string; ddoCode: string },
  fields: Partial<TreasuryAllotment> & Pick<TreasuryAllotment, 'masterAllotmentId' | 'type' | 'amountPaise'>,
): TreasuryAllotment {
  return {
    ssuAllotmentId: `S-${fields.masterAllotmentId}-${fields.allotmentTxnSlNo ?? '0'}`,
    allotmentTxnSlNo: '0',
    availableBalancePaise: 0,
    // Today (IST): PIs charge only sanctions of the financial year they are made in.
    allotmentDate: istToday(),
    ddoCode: tenant.ddoCode,
    ssuId: tenant.ssuId,
    hoaCode: GENERAL_HOA,
    schemeCode: '13145',
    ...fields,
  };
}
