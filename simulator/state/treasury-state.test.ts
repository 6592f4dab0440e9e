import { describe, expect, it } from 'vitest';
import { formatIstDateTime } from '../ist';
import { piParams, piWithAccounts } from '../testing/builders';
import { ADVISE, APPROVE, DISBURSE, TEST_START, testTreasury } from '../testing/state';

describe('a payment instruction through its life', () => {
  it('is approved, advised and disbursed on the clock, each poll empty until its stage', () => {
    const { clock, call } = testTreasury();
    const p = piParams();
    expect(call('PI', p)).toMatchObject({ errorMsg: null, data: [{ jitBillNo: p.jitBillNo, successCode: '0' }] });

    const pis = { jitBillNo: p.jitBillNo, jitBillDate: '2026-11-22', ssuIaId: '1621' };
    clock.advance(APPROVE - 1);
    expect(call('PIS', pis)).toEqual({ serviceId: 'PIS', errorMsg: null, data: [] });
    clock.advance(1);
    const approved = call('PIS', pis);
    expect(approved.data[0]).toMatchObject({
      payInstDate: formatIstDateTime(TEST_START + APPROVE),
      jitBillNumber: p.jitBillNo,
      billNetAmount: '501',
      billGrossAmount: '501',
      totalNumberOfBeneficiary: '2',
      schemeCode: '13145',
      ssuIaId: '1621',
    });
    const { pmtInstId } = approved.data[0] as { pmtInstId: string };

    const pag = { pmtInstId, billNo: p.jitBillNo, billDate: '2026-11-22', ssuIaId: '1621' };
    expect(call('PAG', pag)).toMatchObject({ errorMsg: null, data: [] });
    clock.advance(ADVISE);
    const advice = call('PAG', pag).data[0] as Record<string, string>;
    expect(advice).toMatchObject({ billNo: p.jitBillNo, finYear: '2026', adviceDate: '2026-11-22' });
    expect(advice.onlineBillRefNo).toMatch(/^\d{12}$/);

    const pd = { finYear: advice.finYear, billRefNo: advice.onlineBillRefNo, tokenNumber: advice.tokenNumber };
    expect(call('PD', pd)).toMatchObject({ errorMsg: null, data: [] });
    clock.advance(DISBURSE);
    const paid = call('PD', pd).data[0] as { benfDtls: Array<Record<string, string>> };
    expect(paid).toMatchObject({
      billNumber: p.jitBillNo,
      billRefNo: advice.onlineBillRefNo,
      voucherDate: '2026-11-22',
    });
    expect(paid.benfDtls.map((b) => b.benfId)).toEqual(['BN-1', 'BN-2']);
    expect(new Set(paid.benfDtls.map((b) => b.utrNo)).size).toBe(2);
    expect(new Set(paid.benfDtls.map((b) => b.endToEndId)).size).toBe(2);
  });

  it('hands out unique online bill references and tokens', () => {
    const { clock, state, call } = testTreasury();
    for (let i = 0; i < 50; i++) call('PI', piParams({ jitBillNo: `PI-U-${i}` }));
    clock.advance(APPROVE + ADVISE);
    const refs = [...state.allPaymentInstructions()].map((pi) => pi.onlineBillRefNo);
    expect(new Set(refs).size).toBe(50);
    expect(new Set([...state.allPaymentInstructions()].map((pi) => pi.tokenNumber)).size).toBe(50);
  });

  it('answers an unknown bill with a business error, not a crash', () => {
    const { call } = testTreasury();
    expect(call('PIS', { jitBillNo: 'NOPE' })).toEqual({
      serviceId: 'PIS',
      errorMsg: 'No payment instruction found for Bill Number NOPE',
      data: [],
    });
    expect(call('PD', { billRefNo: '202600000000', tokenNumber: '1' }).errorMsg).toMatch(/No bill found/);
  });
});

describe('duplicates and what was received', () => {
  it('rejects a second PI with the same number with its own error, and counts every post', () => {
    const { state, call } = testTreasury();
    const p = piParams();
    call('PI', p);
    expect(call('PI', p)).toEqual({
      serviceId: 'PI',
      errorMsgs: [{ errorCode: 'DUPLICATE', errorMsg: `Duplicate payment instruction ID ${p.jitBillNo}` }],
      data: [],
    });
    call('PI', { ...piParams({ jitBillNo: 'PI-BAD' }), billNumberOfBenf: '9' });
    call('PI', { jitBillNo: 'PI-BROKEN' });
    expect(state.received.snapshot()).toMatchObject({
      PI: { [p.jitBillNo]: 2, 'PI-BAD': 1, 'PI-BROKEN': 1 },
      byService: { PI: 4 },
    });
  });

  it('lets a number rejected by validation be posted again once fixed', () => {
    const { call } = testTreasury();
    expect(call('PI', piParams({ billNumberOfBenf: '3' })).errorMsgs).toHaveLength(1);
    expect(call('PI', piParams()).data).toHaveLength(1);
  });
});

describe('SSU rejection', () => {
  it('rejects bills matching the pattern with the treasury wording, once the SSU decides', () => {
    const { clock, call } = testTreasury();
    const p = piParams({ jitBillNo: 'PI-REJECT-7' });
    call('PI', p);
    expect(call('PIS', { jitBillNo: p.jitBillNo })).toMatchObject({ errorMsg: null, data: [] });
    clock.advance(APPROVE);
    const rejection = { errorMsg: 'This Bill Number PI-REJECT-7 is rejected by SSU angul_op', data: [] };
    expect(call('PIS', { jitBillNo: p.jitBillNo })).toEqual({ serviceId: 'PIS', ...rejection });
    clock.advance(ADVISE + DISBURSE);
    expect(call('PAG', { billNo: p.jitBillNo })).toEqual({ serviceId: 'PAG', ...rejection });
  });

  it('uses a configurable pattern, and none when disabled', () => {
    const custom = testTreasury({ rejectBillPattern: /\/9\d\d$/ });
    custom.call('PI', piParams({ jitBillNo: 'PI/950' }));
    custom.call('PI', piParams({ jitBillNo: 'PI-REJECT' }));
    custom.clock.advance(APPROVE);
    expect(custom.call('PIS', { jitBillNo: 'PI/950' }).errorMsg).toMatch(/rejected by SSU/);
    expect(custom.call('PIS', { jitBillNo: 'PI-REJECT' }).data).toHaveLength(1);
  });

  it('takes an admin override before the decision, or before the bill arrives, but not after', () => {
    const { clock, state, call } = testTreasury();
    call('PI', piParams({ jitBillNo: 'PI-A' }));
    expect(state.rejectPaymentInstruction('PI-A')).toBe('REJECTED');
    expect(state.rejectPaymentInstruction('PI-B')).toBe('WILL_REJECT');
    call('PI', piParams({ jitBillNo: 'PI-B' }));
    call('PI', piParams({ jitBillNo: 'PI-C' }));
    clock.advance(APPROVE);
    expect(state.rejectPaymentInstruction('PI-C')).toBe('ALREADY_DECIDED');
    expect(call('PIS', { jitBillNo: 'PI-A' }).errorMsg).toMatch(/rejected/);
    expect(call('PIS', { jitBillNo: 'PI-B' }).errorMsg).toMatch(/rejected/);
    expect(call('PIS', { jitBillNo: 'PI-C' }).data).toHaveLength(1);
  });
});

describe('funds', () => {
  it('commits a PI against its master allotment and credits a rejected one back when the SSU rejects it', () => {
    const { clock, state, call } = testTreasury();
    const before = state.availablePaise('1101');
    call('PI', piParams({ jitBillNo: 'PI-1' }));
    call('PI', piParams({ jitBillNo: 'PI-REJECT-1' }));
    expect(state.availablePaise('1101')).toBe(before - 2 * 50_100);
    clock.advance(APPROVE);
    expect(state.availablePaise('1101')).toBe(before - 50_100);
  });

  it('refuses a PI larger than what is available, and accepts it once funds arrive', () => {
    const { state, call } = testTreasury();
    const hoa = '221705796358641045908';
    const available = state.availablePaise('1103');
    const big = { ...piWithAccounts('PI-BIG', ['100000000001']), hoa, mstAllotmentDistId: '1103' };
    const rupees = String(available / 100 + 250);
    big.beneficiaryDetails[0]!.benfAmount = rupees;
    Object.assign(big, { billGrossAmount: rupees, billNetAmount: rupees });
    expect(call('PI', big).errorMsgs).toEqual([expect.objectContaining({ errorCode: '308' })]);
    state.addAllotment({
      ddoCode: 'OLSHUD001',
      hoa,
      mstAllotmentDistId: '1103',
      type: 'Additional allotment',
      amountPaise: 25_000,
    });
    expect(call('PI', big).data).toHaveLength(1);
    expect(state.availablePaise('1103')).toBe(0);
  });
});
