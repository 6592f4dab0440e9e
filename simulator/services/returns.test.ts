import { describe, expect, it } from 'vitest';
import { formatIstDate } from '../ist';
import { piWithAccounts } from '../testing/builders';
import { ADVISE, APPROVE, DISBURSE, RETURN, TEST_START, testTreasury } from '../testing/state';

const TO_DISBURSED = APPROVE + ADVISE + DISBURSE;
const DAY = 86_400_000;

type Row = Record<string, string> & { benfDtls: Array<Record<string, string>> };

function advised(call: ReturnType<typeof testTreasury>['call'], billNo: string) {
  const row = call('PAG', { billNo }).data[0] as Record<string, string>;
  return { finYear: row.finYear!, billRefNo: row.onlineBillRefNo!, tokenNumber: row.tokenNumber!, extAppName: 'MUKTA' };
}

describe('per-beneficiary outcomes by account number', () => {
  it('pays every account, reports 999 and 998 as returned later, and shows 997 late in the debit scroll', () => {
    const { clock, call } = testTreasury();
    call('PI', piWithAccounts('PI-1', ['100000000001', '100000000999', '100000000998', '100000000997']));
    clock.advance(TO_DISBURSED);
    const pd = advised(call, 'PI-1');
    const ids = () => (call('PD', pd).data[0] as Row).benfDtls.map((b) => b.benfAcctNo);
    expect(ids()).toEqual(['100000000001', '100000000999', '100000000998']);
    const fd = { finYear: '2026', extAppName: 'MUKTA', voucherDate: formatIstDate(TEST_START) };
    expect(call('FD', fd)).toEqual({ serviceId: 'FD', errorMsg: null, data: [] });

    clock.advance(DISBURSE);
    expect(ids()).toEqual(['100000000001', '100000000999', '100000000998', '100000000997']);

    clock.advance(RETURN - DISBURSE - 1);
    expect(call('FD', fd).data).toEqual([]);
    clock.advance(1);
    const [row] = call('FD', fd).data as Row[];
    expect(row).toMatchObject({ billNumber: 'PI-1', billRefNo: pd.billRefNo, tokenNumber: pd.tokenNumber });
    expect(row!.benfDtls.map((b) => [b.benfId, b.failedReason, b.orgBillRefNumber])).toEqual([
      ['BN-2', 'Account does not exist', pd.billRefNo],
      ['BN-3', 'Account is Dormant', pd.billRefNo],
    ]);
    expect(row!.benfDtls[0]!.challanNumber).not.toBe(row!.benfDtls[1]!.challanNumber);
  });

  it('follows configured rules instead of the defaults', () => {
    const { clock, call } = testTreasury({
      failureRules: [
        { accountSuffix: '0001', outcome: 'return', reason: 'Failed to Pay by RBI(Through e-Kuber) Late Ret' },
      ],
    });
    call('PI', piWithAccounts('PI-1', ['100000000001', '100000000999']));
    clock.advance(TO_DISBURSED + RETURN);
    const [row] = call('FD', { voucherDate: formatIstDate(TEST_START) }).data as Row[];
    expect(row!.benfDtls.map((b) => [b.benfAcctNo, b.failedReason])).toEqual([
      ['100000000001', 'Failed to Pay by RBI(Through e-Kuber) Late Ret'],
    ]);
  });

  it('answers the older per-bill FD form for one bill', () => {
    const { clock, call } = testTreasury();
    call('PI', piWithAccounts('PI-1', ['100000000001', '100000000999']));
    call('PI', piWithAccounts('PI-2', ['100000000002']));
    clock.advance(TO_DISBURSED + RETURN);
    const one = call('FD', advised(call, 'PI-1')).data as Row[];
    expect(one.map((r) => r.billNumber)).toEqual(['PI-1']);
    expect(call('FD', advised(call, 'PI-2'))).toEqual({ serviceId: 'FD', errorMsg: null, data: [] });
  });
});

describe('FD date filtering', () => {
  it('returns the returns that became visible on or after the voucher date (IST), grouped per bill', () => {
    const { clock, call } = testTreasury();
    call('PI', piWithAccounts('PI-DAY1', ['100000000999', '100000000998']));
    clock.advance(DAY);
    call('PI', piWithAccounts('PI-DAY2', ['100000000999']));
    clock.advance(TO_DISBURSED + RETURN);
    const day1 = formatIstDate(TEST_START + TO_DISBURSED + RETURN);
    const day2 = formatIstDate(TEST_START + DAY + TO_DISBURSED + RETURN);
    const bills = (voucherDate: string) =>
      (call('FD', { finYear: '2026', extAppName: 'MUKTA', voucherDate }).data as Row[]).map((r) => [
        r.billNumber,
        r.benfDtls.length,
      ]);
    expect(bills(formatIstDate(TEST_START - DAY))).toEqual([
      ['PI-DAY1', 2],
      ['PI-DAY2', 1],
    ]);
    expect(bills(day1)).toEqual([
      ['PI-DAY1', 2],
      ['PI-DAY2', 1],
    ]);
    expect(bills(day2)).toEqual([['PI-DAY2', 1]]);
    expect(bills(formatIstDate(TEST_START + 3 * DAY))).toEqual([]);
  });

  it('uses the IST calendar day: a return at 00:10 IST belongs to that day, not the UTC one', () => {
    const { clock, call } = testTreasury();
    // TEST_START is 10:00 IST; move so the return lands at 00:10 IST the next day (18:40 UTC the day before).
    clock.advance(14 * 3_600_000 + 10 * 60_000 - TO_DISBURSED - RETURN);
    call('PI', piWithAccounts('PI-MIDNIGHT', ['100000000999']));
    clock.advance(TO_DISBURSED + RETURN);
    expect(call('FD', { voucherDate: '2026-11-23' }).data).toHaveLength(1);
    const [row] = call('FD', { voucherDate: '2026-11-23' }).data as Row[];
    expect(row!.benfDtls[0]!.challanDate).toBe('2026-11-23');
  });

  it('rejects a malformed voucher date', () => {
    expect(testTreasury().call('FD', { voucherDate: '23/11/2026' }).errorMsg).toMatch(/Invalid voucherDate/);
  });
});
