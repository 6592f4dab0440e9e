import { describe, expect, it } from 'vitest';
import type { CorParams } from '../requests';
import { piWithAccounts } from '../testing/builders';
import { ADVISE, APPROVE, DISBURSE, RETURN, testTreasury } from '../testing/state';

type Row = Record<string, string> & { benfDtls: Array<Record<string, string>> };

/** An original PI whose second beneficiary (account …999) has been returned. */
function withReturnedBeneficiary() {
  const t = testTreasury();
  t.call('PI', piWithAccounts('PI-ORG', ['100000000001', '100000000999']));
  t.clock.advance(APPROVE + ADVISE + DISBURSE + RETURN);
  const billRefNo = t.state.paymentInstruction('PI-ORG')!.onlineBillRefNo;
  return { ...t, billRefNo };
}

function cor(no: string, billRefNo: string, benef: Partial<CorParams['beneficiaryDetails'][number]> = {}) {
  return {
    jitCorBillNo: no,
    jitCorBillDate: '2026-11-23 10:00:00',
    jitCorBillDeptCode: 'MUKTA',
    jitOrgBillRefNo: billRefNo,
    jitOrgBillNo: 'PI-ORG',
    jitOrgBillDate: '2026-11-22 10:00:00',
    beneficiaryDetails: [
      {
        benefId: 'BN-2',
        jitCurBillRefNo: billRefNo,
        orgAccountNo: '100000000999',
        orgIfsc: 'SBIN0000041',
        curAccountNo: '100000000999',
        curIfsc: 'SBIN0000041',
        correctedAccountNo: '100000000123',
        correctedIfsc: 'SBIN0000041',
        ...benef,
      },
    ],
  };
}

describe('corrections (COR, FTPS, FTFPS)', () => {
  it('accepts a correction of a returned beneficiary and pays it after the disbursement delay', () => {
    const { clock, call, billRefNo } = withReturnedBeneficiary();
    expect(call('COR', cor('COR-1', billRefNo))).toMatchObject({
      errorMsg: null,
      data: [{ jitCorBillNo: 'COR-1', jitCorBillDate: '2026-11-23 10:00:00', successCode: '0' }],
    });
    const ftps = { jitCorBillNo: 'COR-1', jitOrgBillNo: 'PI-ORG', jitOrgBillRefNo: billRefNo };
    expect(call('FTPS', ftps)).toEqual({ serviceId: 'FTPS', errorMsg: null, data: [] });
    clock.advance(DISBURSE);
    const [row] = call('FTPS', ftps).data as Row[];
    expect(row).toMatchObject({ jitCorBillNo: 'COR-1', jitOrgBillRefNo: billRefNo });
    expect(row!.billRefNo).toMatch(/^\d{12}$/);
    expect(row!.billRefNo).not.toBe(billRefNo);
    expect(row!.benfDtls).toEqual([expect.objectContaining({ benfId: 'BN-2', benfAcctNo: '100000000123' })]);
    clock.advance(RETURN);
    expect(call('FTFPS', { jitCorBillNo: 'COR-1', billRefNo: row!.billRefNo })).toEqual({
      serviceId: 'FTFPS',
      errorMsg: null,
      data: [],
    });
  });

  it('reports a corrected account that fails again through FTFPS, and allows a second correction', () => {
    const { clock, call, billRefNo } = withReturnedBeneficiary();
    call('COR', cor('COR-1', billRefNo, { correctedAccountNo: '100000000998' }));
    clock.advance(DISBURSE);
    const [paid] = call('FTPS', { jitCorBillNo: 'COR-1' }).data as Row[];
    expect(paid!.benfDtls).toHaveLength(1);
    const ftfps = { jitCorBillNo: 'COR-1', billRefNo: paid!.billRefNo, tokenNumber: paid!.tokenNumber };
    expect(call('FTFPS', ftfps).data).toEqual([]);
    // Still in flight: the same beneficiary cannot be corrected again yet.
    expect(call('COR', cor('COR-2', billRefNo, { curAccountNo: '100000000998' })).errorMsgs).toEqual([
      expect.objectContaining({ errorCode: '324' }),
    ]);
    clock.advance(RETURN);
    const [failed] = call('FTFPS', ftfps).data as Row[];
    expect(failed).toMatchObject({ jitCorBillNo: 'COR-1', billRefNo: paid!.billRefNo });
    expect(failed!.benfDtls).toEqual([
      expect.objectContaining({ benfId: 'BN-2', failedReason: 'Account is Dormant', orgBillRefNumber: billRefNo }),
    ]);
    // FD reports only original bills; the correction's failure is FTFPS's.
    expect((call('FD', { voucherDate: '2026-11-01' }).data as Row[]).map((r) => r.billNumber)).toEqual(['PI-ORG']);
    expect(call('COR', cor('COR-3', billRefNo, { curAccountNo: '100000000998' })).data).toHaveLength(1);
  });

  it('refuses beneficiaries that were paid, unknown or sent with other original details', () => {
    const { call, billRefNo } = withReturnedBeneficiary();
    const paidOne = { benefId: 'BN-1', orgAccountNo: '100000000001', curAccountNo: '100000000001' };
    expect(call('COR', cor('COR-1', billRefNo, paidOne)).errorMsgs).toEqual([
      expect.objectContaining({ errorCode: '324' }),
    ]);
    expect(call('COR', cor('COR-2', billRefNo, { benefId: 'BN-9' }))).toEqual({
      serviceId: 'COR',
      errorMsgs: [
        { errorCode: '321', errorMsg: 'The beneficiary BN-9 was not present in the original payment instruction' },
      ],
      data: [],
    });
    expect(call('COR', cor('COR-3', billRefNo, { correctedIfsc: 'SBIN00041' })).errorMsgs).toEqual([
      { errorCode: '322', errorMsg: 'Wrong IFSC provided in Beneficiary Details for BenefId BN-2' },
    ]);
  });

  it('rejects a duplicate correction number and counts every COR received', () => {
    const { state, call, billRefNo } = withReturnedBeneficiary();
    call('COR', cor('COR-1', billRefNo));
    expect(call('COR', cor('COR-1', billRefNo)).errorMsgs).toEqual([
      { errorCode: 'DUPLICATE', errorMsg: 'Duplicate payment instruction ID COR-1' },
    ]);
    call('COR', { jitCorBillNo: 'COR-BROKEN' });
    expect(state.received.snapshot().COR).toEqual({ 'COR-1': 2, 'COR-BROKEN': 1 });
  });

  it('answers polls for unknown corrections with a business error', () => {
    const { call } = testTreasury();
    expect(call('FTPS', { jitCorBillNo: 'X' }).errorMsg).toBe('No correction bill found for X');
    expect(call('FTFPS', { jitCorBillNo: 'X' }).errorMsg).toBe('No correction bill found for X');
  });
});
