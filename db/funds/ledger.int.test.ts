import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { allotment, createTestTenant, GENERAL_HOA, SC_HOA, uniqueMasterAllotmentId } from '../../test/funds-fixtures';
import { createDb } from '../connection';
import { applyAllotments } from './apply-allotments';
import { fundRegister, ledgerMismatches } from './register';
import { releaseFunds, reserveFunds } from './reservations';

let db: Knex;
beforeAll(() => {
  db = createDb(inject('databaseUrl'), 20);
});
afterAll(async () => {
  await db.destroy();
});

async function balanceOf(masterAllotmentId: string) {
  return (await db('sanctions as s')
    .join('sanction_balances as b', 'b.sanction_id', 's.id')
    .where('s.master_allotment_id', masterAllotmentId)
    .first('b.*')) as { available_paise: number; debited_paise: number; reversed_paise: number; in_deficit: boolean };
}

async function entriesOf(masterAllotmentId: string) {
  return (await db('ledger_entries as e')
    .join('sanctions as s', 's.id', 'e.sanction_id')
    .where('s.master_allotment_id', masterAllotmentId)
    .select('e.kind', 'e.amount_paise')) as Array<{ kind: string; amount_paise: number }>;
}

describe('funds ledger', () => {
  it('lets exactly 150 of 200 concurrent reservations through when the balance covers 150', async () => {
    const tenant = await createTestTenant(db);
    const master = uniqueMasterAllotmentId();
    await applyAllotments(db, tenant.tenantId, [
      allotment(tenant, { masterAllotmentId: master, type: 'INITIAL', amountPaise: 150 * 1_000_00 }),
    ]);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        reserveFunds(db, { reservationKey: `${master}-PI-${i}`, tenantId: tenant.tenantId, amountPaise: 1_000_00 }),
      ),
    );
    expect(results.filter((r) => r.outcome === 'RESERVED')).toHaveLength(150);
    expect(results.filter((r) => r.outcome === 'INSUFFICIENT_FUNDS')).toHaveLength(50);
    const balance = await balanceOf(master);
    expect(balance.available_paise).toBe(0);
    expect(balance.debited_paise).toBe(150 * 1_000_00);
    const debits = (await entriesOf(master)).filter((e) => e.kind === 'DEBIT');
    expect(debits).toHaveLength(150);
    expect(await ledgerMismatches(db)).toEqual([]);
  });

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

  it('returns the original reservation when retried after a crash between debit and acknowledgement', async () => {
    const tenant = await createTestTenant(db);
    const master = uniqueMasterAllotmentId();
    await applyAllotments(db, tenant.tenantId, [
      allotment(tenant, { masterAllotmentId: master, type: 'INITIAL', amountPaise: 1_000_00 }),
    ]);
    const key = `${master}-PI-retry`;
    const first = await reserveFunds(db, { reservationKey: key, tenantId: tenant.tenantId, amountPaise: 400_00 });
    // The activity died before reporting `first`; Temporal retries it with the same PI number.
    const retried = await reserveFunds(db, { reservationKey: key, tenantId: tenant.tenantId, amountPaise: 400_00 });
    const racing = await Promise.all(
      Array.from({ length: 10 }, () =>
        reserveFunds(db, { reservationKey: key, tenantId: tenant.tenantId, amountPaise: 400_00 }),
      ),
    );
    expect(first.outcome).toBe('RESERVED');
    expect(retried).toEqual({ ...first, outcome: 'ALREADY_RESERVED' });
    expect(racing.every((r) => r.outcome === 'ALREADY_RESERVED')).toBe(true);
    expect((await balanceOf(master)).available_paise).toBe(600_00);
    expect((await entriesOf(master)).filter((e) => e.kind === 'DEBIT')).toHaveLength(1);
  });

  it('names the PI header fields from the sanction and its latest non-withdrawal allotment', async () => {
    const tenant = await createTestTenant(db);
    const master = uniqueMasterAllotmentId();
    await applyAllotments(db, tenant.tenantId, [
      allotment(tenant, { masterAllotmentId: master, type: 'INITIAL', amountPaise: 1_000_00, ssuAllotmentId: 'A0' }),
      allotment(tenant, {
        masterAllotmentId: master,
        type: 'ADDITIONAL',
        amountPaise: 10_00,
        allotmentTxnSlNo: '1',
        ssuAllotmentId: 'A1',
      }),
      allotment(tenant, {
        masterAllotmentId: master,
        type: 'WITHDRAWAL',
        amountPaise: 10_00,
        allotmentTxnSlNo: '2',
        ssuAllotmentId: 'A2',
      }),
    ]);
    const reserved = await reserveFunds(db, {
      reservationKey: `${master}-hdr`,
      tenantId: tenant.tenantId,
      amountPaise: 1_00,
    });
    expect(reserved).toMatchObject({
      outcome: 'RESERVED',
      masterAllotmentId: master,
      hoaCode: GENERAL_HOA,
      ddoCode: tenant.ddoCode,
      ssuId: tenant.ssuId,
      schemeCode: '13145',
      ssuAllotmentId: 'A1',
      allotmentTxnSlNo: '1',
    });
  });

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

  it('tries heads of account in the preferred order, else in master-data sequence', async () => {
    const tenant = await createTestTenant(db);
    const general = uniqueMasterAllotmentId();
    const sc = uniqueMasterAllotmentId();
    await applyAllotments(db, tenant.tenantId, [
      allotment(tenant, { masterAllotmentId: sc, type: 'INITIAL', amountPaise: 100_00, hoaCode: SC_HOA }),
      allotment(tenant, { masterAllotmentId: general, type: 'INITIAL', amountPaise: 100_00 }),
    ]);
    const byDefault = await reserveFunds(db, {
      reservationKey: `${general}-1`,
      tenantId: tenant.tenantId,
      amountPaise: 60_00,
    });
    const preferSc = await reserveFunds(db, {
      reservationKey: `${general}-2`,
      tenantId: tenant.tenantId,
      amountPaise: 60_00,
      headOfAccountCodes: [SC_HOA, GENERAL_HOA],
    });
    const spillsOver = await reserveFunds(db, {
      reservationKey: `${general}-3`,
      tenantId: tenant.tenantId,
      amountPaise: 40_00,
    });
    expect(byDefault).toMatchObject({ outcome: 'RESERVED', hoaCode: GENERAL_HOA });
    expect(preferSc).toMatchObject({ outcome: 'RESERVED', hoaCode: SC_HOA });
    expect(spillsOver).toMatchObject({ outcome: 'RESERVED', hoaCode: GENERAL_HOA });
  });

  it('charges the newest sanction of the financial year the PI is made in, judged in IST', async () => {
    const tenant = await createTestTenant(db);
    const [lastYear, thisYear, thisYearNewer] = [
      uniqueMasterAllotmentId(),
      uniqueMasterAllotmentId(),
      uniqueMasterAllotmentId(),
    ];
    await applyAllotments(db, tenant.tenantId, [
      allotment(tenant, {
        masterAllotmentId: lastYear,
        type: 'INITIAL',
        amountPaise: 1_000_00,
        allotmentDate: '2026-03-31',
      }),
      allotment(tenant, {
        masterAllotmentId: thisYear,
        type: 'INITIAL',
        amountPaise: 1_000_00,
        allotmentDate: '2026-04-01',
      }),
    ]);
    await applyAllotments(db, tenant.tenantId, [
      allotment(tenant, {
        masterAllotmentId: thisYearNewer,
        type: 'INITIAL',
        amountPaise: 1_000_00,
        allotmentDate: '2026-04-02',
      }),
    ]);
    const reserve = (key: string, at: string) =>
      reserveFunds(
        db,
        { reservationKey: `${lastYear}-${key}`, tenantId: tenant.tenantId, amountPaise: 100_00 },
        Date.parse(at),
      );
    // 31 March 23:30 IST is still 2025-26; 1 April 00:01 IST (18:31 UTC the day before) is 2026-27.
    expect(await reserve('march', '2026-03-31T18:00:00Z')).toMatchObject({
      outcome: 'RESERVED',
      masterAllotmentId: lastYear,
    });
    expect(await reserve('april', '2026-03-31T18:31:00Z')).toMatchObject({
      outcome: 'RESERVED',
      masterAllotmentId: thisYearNewer,
    });
    // Last year's money is not spent in a new year, even when this year's cannot cover the PI.
    expect(
      await reserveFunds(
        db,
        { reservationKey: `${lastYear}-big`, tenantId: tenant.tenantId, amountPaise: 950_00 },
        Date.parse('2026-04-10T10:00:00+05:30'),
      ),
    ).toMatchObject({ outcome: 'RESERVED', masterAllotmentId: thisYear });
  });

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
