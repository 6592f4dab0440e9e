import { describe, expect, it } from 'vitest';
import { allotment, createTestTenant, SC_HOA, uniqueMasterAllotmentId } from '../../test/funds-fixtures';
import { applyAllotments } from './apply-allotments';
import { fundRegister } from './register';
import { releaseFunds, reserveFunds } from './reservations';
import { db, useLedgerDb } from './testing/ledger-db';

useLedgerDb();

describe('fund register', () => {
  it('produces a register whose figures match the entries, with the financial year judged in IST', async () => {
    const tenant = await createTestTenant(db);
    const master = uniqueMasterAllotmentId();
    await applyAllotments(db, tenant.tenantId, [
      allotment(tenant, {
        masterAllotmentId: master,
        type: 'INITIAL',
        amountPaise: 1_000_00,
        availableBalancePaise: 4_000_00,
        allotmentDate: '2026-01-15',
      }),
      allotment(tenant, {
        masterAllotmentId: master,
        type: 'ADDITIONAL',
        amountPaise: 500_00,
        allotmentTxnSlNo: '1',
        allotmentDate: '2026-02-01',
      }),
      allotment(tenant, {
        masterAllotmentId: master,
        type: 'WITHDRAWAL',
        amountPaise: 200_00,
        allotmentTxnSlNo: '2',
        allotmentDate: '2026-02-10',
      }),
    ]);
    const inFebruary = Date.parse('2026-02-15T10:00:00+05:30'); // PIs charge a sanction of their own year
    await reserveFunds(
      db,
      { reservationKey: `${master}-r1`, tenantId: tenant.tenantId, amountPaise: 300_00 },
      inFebruary,
    );
    await reserveFunds(
      db,
      { reservationKey: `${master}-r2`, tenantId: tenant.tenantId, amountPaise: 100_00 },
      inFebruary,
    );
    await releaseFunds(
      db,
      { reservationKey: `${master}-r2`, releaseKey: `${master}-r2:rejected`, reason: 'rejected' },
      inFebruary,
    );
    const [row] = await fundRegister(db, { tenantId: tenant.tenantId });
    expect(row).toMatchObject({
      masterAllotmentId: master,
      financialYear: '2025-26',
      sanctionedPaise: 5_000_00,
      allottedPaise: 1_500_00,
      withdrawnPaise: 200_00,
      debitedPaise: 400_00,
      reversedPaise: 100_00,
      availablePaise: 1_000_00,
      inDeficit: false,
    });
    expect(row!.entries.map((e) => e.kind)).toEqual([
      'ALLOTMENT',
      'ADDITIONAL',
      'WITHDRAWAL',
      'DEBIT',
      'DEBIT',
      'REVERSAL',
    ]);
    const february = await fundRegister(db, {
      tenantId: tenant.tenantId,
      fromDate: '2026-02-01',
      toDate: '2026-02-28',
    });
    expect(february[0]!.entries.map((e) => e.kind)).toEqual(['ADDITIONAL', 'WITHDRAWAL', 'DEBIT', 'DEBIT', 'REVERSAL']);
    expect(await fundRegister(db, { tenantId: tenant.tenantId, hoaCode: SC_HOA })).toEqual([]);
  });
});
