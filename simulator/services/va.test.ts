import { describe, expect, it } from 'vitest';
import { formatIstDateTime, parseIst } from '../ist';
import { TEST_START, testTreasury } from '../testing/state';

const GENERAL = '221705800358641045908';
type Row = Record<string, string>;

describe('VA', () => {
  const va = (fromDate: string, over: Record<string, string> = {}) => ({
    hoa: GENERAL,
    ddoCode: 'OLSHUD001',
    granteCode: 'GOHUDULBMPL0036',
    fromDate,
    ...over,
  });

  it('returns the seeded allotment transactions of the SSU x HOA, in rupees, oldest first', () => {
    const { call } = testTreasury();
    const rows = call('VA', va('2026-04-01 00:00:00')).data as Row[];
    expect(rows.map((r) => [r.allotmentTxnSlNo, r.allotmentTxnType, r.allotmentAmount, r.availableBalance])).toEqual([
      ['0', 'Initial Allotment', '200000000', '800000000'],
      ['1', 'Additional allotment', '100000000', '700000000'],
      ['2', 'Allotment withdrawal', '10000000', '710000000'],
      ['3', 'Additional allotment', '50000000', '660000000'],
    ]);
    expect(rows[0]).toMatchObject({
      ddoCode: 'OLSHUD001',
      granteeName: 'ANGUL MUNICIPALITY',
      ssuId: '1621',
      ssuOffice: 'angul_op',
      mstAllotmentDistId: '1101',
      schemeCode: '13145',
      allotmentDate: '2026-04-01',
    });
  });

  it('includes transactions recorded exactly at fromDate and excludes earlier ones', () => {
    const { call } = testTreasury();
    expect((call('VA', va('2026-06-15 11:30:00')).data as Row[]).map((r) => r.allotmentTxnSlNo)).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect((call('VA', va('2026-06-15 11:30:01')).data as Row[]).map((r) => r.allotmentTxnSlNo)).toEqual(['2', '3']);
  });

  it('reports allotments added at runtime (funds arriving), numbered after the last serial', () => {
    const { clock, state, call } = testTreasury();
    clock.advance(60_000);
    state.addAllotment({
      ddoCode: 'OLSHUD001',
      hoa: GENERAL,
      mstAllotmentDistId: '1101',
      type: 'Additional allotment',
      amountPaise: 123_450,
    });
    const rows = call('VA', va(formatIstDateTime(TEST_START))).data as Row[];
    expect(rows).toEqual([
      expect.objectContaining({ allotmentTxnSlNo: '4', allotmentAmount: '1234.50', availableBalance: '659998765.50' }),
    ]);
  });

  it('creates a new master allotment from an Initial Allotment', () => {
    const { state, call } = testTreasury();
    const txn = state.addAllotment({
      ddoCode: 'OLSHUD002',
      hoa: GENERAL,
      type: 'Initial Allotment',
      amountPaise: 100_000,
      sanctionedPaise: 500_000,
    });
    expect(txn).toMatchObject({ allotmentTxnSlNo: '0', availableBalancePaise: 400_000 });
    expect(state.availablePaise(txn.mstAllotmentDistId)).toBe(100_000);
    const rows = call('VA', va(formatIstDateTime(TEST_START), { ddoCode: 'OLSHUD002', granteCode: 'GOHUDULBMPL0037' }));
    expect(rows.data).toEqual([
      expect.objectContaining({ granteeName: 'CUTTACK MUNICIPAL CORPORATION', ssuId: '1622' }),
    ]);
  });

  it('refuses allotments that do not add up', () => {
    const { state } = testTreasury();
    const base = { ddoCode: 'OLSHUD001', hoa: GENERAL, mstAllotmentDistId: '1101' } as const;
    expect(() => state.addAllotment({ ...base, type: 'Allotment withdrawal', amountPaise: 1e15 })).toThrow(/larger/);
    expect(() => state.addAllotment({ ...base, type: 'Additional allotment', amountPaise: 1e15 })).toThrow(/exceed/);
    expect(() => state.addAllotment({ ...base, type: 'Initial Allotment', amountPaise: 1 })).toThrow(/exists/);
    expect(() =>
      state.addAllotment({ ...base, hoa: '221705789358641045908', type: 'Additional allotment', amountPaise: 1 }),
    ).toThrow(/another DDO or HOA/);
  });

  it('does not report allotments recorded after now', () => {
    const { call, clock } = testTreasury();
    clock.set(parseIst('2026-06-01 00:00:00')!);
    expect((call('VA', va('2026-01-01 00:00:00')).data as Row[]).map((r) => r.allotmentTxnSlNo)).toEqual(['0']);
  });

  it('answers an unknown SSU or a bad date with an error, an unallotted HOA with no rows', () => {
    const { call } = testTreasury();
    expect(call('VA', va('2026-04-01 00:00:00', { granteCode: 'GOHUDULBMPL0037' })).errorMsg).toMatch(
      /Invalid DDO Code/,
    );
    expect(call('VA', va('2026-04-01 00:00:00', { ddoCode: 'X' })).errorMsg).toMatch(/Invalid DDO Code/);
    expect(call('VA', va('01-04-2026')).errorMsg).toMatch(/Invalid fromDate/);
    expect(
      call(
        'VA',
        va('2026-04-01 00:00:00', {
          hoa: '132217058003586410459082112',
          ddoCode: 'OLSHUD002',
          granteCode: 'GOHUDULBMPL0037',
        }),
      ),
    ).toEqual({
      serviceId: 'VA',
      errorMsg: null,
      data: [],
    });
  });
});
