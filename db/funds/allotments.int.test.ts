import { describe, expect, it } from 'vitest';
import { allotment, createTestTenant, uniqueMasterAllotmentId } from '../../test/funds-fixtures';
import { applyAllotments } from './apply-allotments';
import { ledgerMismatches } from './register';
import { reserveFunds } from './reservations';
import { db, balanceOf, entriesOf, useLedgerDb } from './testing/ledger-db';

useLedgerDb();

describe('funds allotments', () => {
  it('applies the same VA response twice without changing anything the second time', async () => {
    const tenant = await createTestTenant(db);
    const master = uniqueMasterAllotmentId();
    const response = [
      allotment(tenant, {
        masterAllotmentId: master,
        type: 'INITIAL',
        amountPaise: 500_00,
        availableBalancePaise: 9_500_00,
      }),
      allotment(tenant, { masterAllotmentId: master, type: 'ADDITIONAL', amountPaise: 250_00, allotmentTxnSlNo: '1' }),
      allotment(tenant, { masterAllotmentId: master, type: 'WITHDRAWAL', amountPaise: 100_00, allotmentTxnSlNo: '2' }),
    ];
    const first = await applyAllotments(db, tenant.tenantId, response);
    expect(first).toMatchObject({ applied: 3, duplicates: 0, newSanctions: [master] });
    const before = { balance: await balanceOf(master), entries: await entriesOf(master) };
    const second = await applyAllotments(db, tenant.tenantId, response);
    expect(second).toMatchObject({ applied: 0, duplicates: 3, newSanctions: [] });
    expect(await balanceOf(master)).toEqual(before.balance);
    expect(await entriesOf(master)).toEqual(before.entries);
    expect(before.balance.available_paise).toBe(650_00);
    const sanction = await db('sanctions').where({ master_allotment_id: master }).first();
    expect(sanction.sanctioned_paise).toBe(10_000_00);
  });

  it('parks an allotment for an unknown sanction and applies it when the sanction appears', async () => {
    const tenant = await createTestTenant(db);
    const master = uniqueMasterAllotmentId();
    const early = await applyAllotments(db, tenant.tenantId, [
      allotment(tenant, { masterAllotmentId: master, type: 'ADDITIONAL', amountPaise: 70_00, allotmentTxnSlNo: '1' }),
    ]);
    expect(early).toMatchObject({ applied: 0, pending: 1 });
    const late = await applyAllotments(db, tenant.tenantId, [
      allotment(tenant, { masterAllotmentId: master, type: 'INITIAL', amountPaise: 30_00 }),
    ]);
    expect(late).toMatchObject({ applied: 2, pending: 0, newSanctions: [master] });
    expect((await balanceOf(master)).available_paise).toBe(100_00);
  });

  it('records a withdrawal beyond the balance as a deficit that blocks reservations until money arrives', async () => {
    const tenant = await createTestTenant(db);
    const master = uniqueMasterAllotmentId();
    await applyAllotments(db, tenant.tenantId, [
      allotment(tenant, { masterAllotmentId: master, type: 'INITIAL', amountPaise: 100_00 }),
    ]);
    await reserveFunds(db, { reservationKey: `${master}-a`, tenantId: tenant.tenantId, amountPaise: 80_00 });
    const withdrawal = await applyAllotments(db, tenant.tenantId, [
      allotment(tenant, { masterAllotmentId: master, type: 'WITHDRAWAL', amountPaise: 50_00, allotmentTxnSlNo: '1' }),
    ]);
    expect(withdrawal.sanctionsInDeficit).toEqual([master]);
    expect(await balanceOf(master)).toMatchObject({ available_paise: -30_00, in_deficit: true });
    const blocked = await reserveFunds(db, {
      reservationKey: `${master}-b`,
      tenantId: tenant.tenantId,
      amountPaise: 1,
    });
    expect(blocked).toEqual({ outcome: 'INSUFFICIENT_FUNDS', largestAvailablePaise: 0 });
    await applyAllotments(db, tenant.tenantId, [
      allotment(tenant, { masterAllotmentId: master, type: 'ADDITIONAL', amountPaise: 40_00, allotmentTxnSlNo: '2' }),
    ]);
    expect(await balanceOf(master)).toMatchObject({ available_paise: 10_00, in_deficit: false });
    expect(await ledgerMismatches(db)).toEqual([]);
  });
});
