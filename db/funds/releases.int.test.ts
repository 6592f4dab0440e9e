import { describe, expect, it } from 'vitest';
import { allotment, createTestTenant, uniqueMasterAllotmentId } from '../../test/funds-fixtures';
import { applyAllotments } from './apply-allotments';
import { ledgerMismatches } from './register';
import { releaseFunds, reserveFunds } from './reservations';
import { db, balanceOf, entriesOf, useLedgerDb } from './testing/ledger-db';

useLedgerDb();

describe('funds releases', () => {
  it('releases a reservation once, however often it is asked', async () => {
    const tenant = await createTestTenant(db);
    const master = uniqueMasterAllotmentId();
    await applyAllotments(db, tenant.tenantId, [
      allotment(tenant, { masterAllotmentId: master, type: 'INITIAL', amountPaise: 1_000_00 }),
    ]);
    const key = `${master}-PI-rel`;
    await reserveFunds(db, { reservationKey: key, tenantId: tenant.tenantId, amountPaise: 300_00 });
    const release = { reservationKey: key, releaseKey: `${key}:rejected`, reason: 'PIS rejected' };
    const results = await Promise.all([1, 2, 3].map(() => releaseFunds(db, release)));
    expect(results.map((r) => r.outcome).sort()).toEqual(['ALREADY_RELEASED', 'ALREADY_RELEASED', 'RELEASED']);
    expect((await balanceOf(master)).available_paise).toBe(1_000_00);
    expect((await entriesOf(master)).filter((e) => e.kind === 'REVERSAL')).toHaveLength(1);
    expect(await releaseFunds(db, { ...release, releaseKey: 'other' })).toEqual({
      outcome: 'NOTHING_TO_RELEASE',
      remainingPaise: 0,
    });
    expect(await releaseFunds(db, { ...release, reservationKey: 'no-such-key' })).toEqual({ outcome: 'NOT_FOUND' });
  });

  it('credits back part of a reservation per returned beneficiary, never more than was reserved', async () => {
    const tenant = await createTestTenant(db);
    const master = uniqueMasterAllotmentId();
    await applyAllotments(db, tenant.tenantId, [
      allotment(tenant, { masterAllotmentId: master, type: 'INITIAL', amountPaise: 1_000_00 }),
    ]);
    const key = `${master}-PI-part`;
    await reserveFunds(db, { reservationKey: key, tenantId: tenant.tenantId, amountPaise: 300_00 });
    const part = (releaseKey: string, amountPaise: number) =>
      releaseFunds(db, { reservationKey: key, releaseKey, amountPaise, reason: 'returned' });
    const first = await part(`${key}:return:BN1`, 100_00);
    const again = await part(`${key}:return:BN1`, 100_00);
    const rest = await part(`${key}:return:BN2`, 500_00);
    expect(first).toMatchObject({ outcome: 'RELEASED', amountPaise: 100_00, remainingPaise: 200_00 });
    expect(again).toMatchObject({ outcome: 'ALREADY_RELEASED', amountPaise: 100_00 });
    expect(rest).toMatchObject({ outcome: 'RELEASED', amountPaise: 200_00, remainingPaise: 0 });
    expect((await balanceOf(master)).available_paise).toBe(1_000_00);
    expect(await ledgerMismatches(db)).toEqual([]);
  });
});
