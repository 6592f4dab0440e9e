import { describe, expect, it } from 'vitest';
import { allotment, createTestTenant, GENERAL_HOA, SC_HOA, uniqueMasterAllotmentId } from '../../test/funds-fixtures';
import { applyAllotments } from './apply-allotments';
import { ledgerMismatches } from './register';
import { reserveFunds } from './reservations';
import { db, balanceOf, entriesOf, useLedgerDb } from './testing/ledger-db';

useLedgerDb();

describe('funds reservations', () => {
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
});
