import type { Knex } from 'knex';
import { applyAllotments } from '../db/funds/apply-allotments';
import { istToday } from '../db/funds/ist-date';
import type { TreasurySeed } from '../simulator/seed/schema';
import { allotment, createTestTenant, GENERAL_HOA, uniqueMasterAllotmentId, type TestTenant } from './funds-fixtures';

export interface FundedTenant {
  tenant: TestTenant;
  /** The master allotment (sanction) id, at the treasury and in our ledger. */
  master: string;
  /** The simulator's seed: this tenant's spending unit and its one sanction, nothing else. */
  seed: TreasurySeed;
}

/**
 * A tenant of its own with one sanction of `allottedPaise` (sanctioned ten times that, so more can be
 * allotted later), described both as a simulator seed and — unless `fundLedger` is false, leaving it
 * for VA sync to bring — in our ledger. Tests and benchmarks run side by side without sharing money.
 */
export async function createFundedTenant(db: Knex, allottedPaise: number, fundLedger = true): Promise<FundedTenant> {
  const tenant = await createTestTenant(db);
  const master = uniqueMasterAllotmentId();
  const seed: TreasurySeed = {
    ssus: [
      {
        ddoCode: tenant.ddoCode,
        granteeAgCode: tenant.granteeAgCode,
        granteeName: 'TEST MUNICIPALITY',
        ssuId: tenant.ssuId,
        ssuOffice: 'test_op',
      },
    ],
    headsOfAccount: [{ code: GENERAL_HOA, name: 'General' }],
    masterAllotments: [
      {
        mstAllotmentDistId: master,
        ddoCode: tenant.ddoCode,
        hoa: GENERAL_HOA,
        schemeCode: '13145',
        schemeName: 'Mukhyamantri Karma Tatpara Abhiyan (MUKTA)',
        sanctionedPaise: allottedPaise * 10,
        transactions: [
          {
            allotmentTxnSlNo: '0',
            ssuAllotmentId: `S-${master}-0`,
            recordedAt: `${istToday()} 00:00:01`, // this financial year, whenever the tests run
            type: 'Initial Allotment',
            amountPaise: allottedPaise,
            availableBalancePaise: allottedPaise * 9,
          },
        ],
      },
    ],
  };
  if (fundLedger) {
    await applyAllotments(db, tenant.tenantId, [
      allotment(tenant, {
        masterAllotmentId: master,
        type: 'INITIAL',
        amountPaise: allottedPaise,
        availableBalancePaise: allottedPaise * 9,
        ssuAllotmentId: `S-${master}-0`,
      }),
    ]);
  }
  return { tenant, master, seed };
}
