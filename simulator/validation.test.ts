import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './error-codes';
import type { CorParams, PiParams } from './requests';
import { piParams } from './testing/builders';
import {
  validateCorrection,
  validatePaymentInstruction,
  type CorValidationContext,
  type PiValidationContext,
} from './validation';

const ssu = {
  ddoCode: 'OLSHUD001',
  granteeAgCode: 'GOHUDULBMPL0036',
  granteeName: 'ANGUL MUNICIPALITY',
  ssuId: '1621',
  ssuOffice: 'angul_op',
};

function piContext(availablePaise = 10_000_000): PiValidationContext {
  return {
    ssuByDdo: (ddo) => (ddo === ssu.ddoCode ? ssu : undefined),
    master: (id) => (id === '1101' ? { ddoCode: 'OLSHUD001', hoa: '221705800358641045908' } : undefined),
    availablePaise: () => availablePaise,
  };
}

function codes(p: PiParams, ctx = piContext()): string[] {
  const result = validatePaymentInstruction(p, ctx);
  return result.ok ? [] : result.errors.map((e) => e.errorCode);
}

function withBenef(p: PiParams, index: number, patch: Partial<PiParams['beneficiaryDetails'][number]>): PiParams {
  const beneficiaryDetails = p.beneficiaryDetails.map((b, i) => (i === index ? { ...b, ...patch } : b));
  return { ...p, beneficiaryDetails };
}

describe('PI validation', () => {
  it('accepts a valid PI and computes paise', () => {
    const result = validatePaymentInstruction(piParams(), piContext());
    expect(result).toMatchObject({ ok: true, value: { grossPaise: 50_100, netPaise: 50_100 } });
    if (result.ok) expect(result.value.payees.map((p) => p.amountPaise)).toEqual([25_050, 25_050]);
  });

  it('trims a leading space off the IFSC before checking it (a sample quirk)', () => {
    expect(codes(withBenef(piParams(), 0, { benfBankIfscCode: ' SBIN0000041' }))).toEqual([]);
  });

  it('rejects a wrong IFSC with code 340 and the treasury wording', () => {
    const result = validatePaymentInstruction(
      withBenef(piParams(), 1, { benfBankIfscCode: 'SBIN1000041' }),
      piContext(),
    );
    expect(result).toEqual({
      ok: false,
      errors: [{ errorCode: '340', errorMsg: 'Wrong IFSC provided in Beneficiary Details for BenefId BN-2' }],
    });
    for (const ifsc of ['sbin0000041', 'SBI00000041', 'SBIN000004', 'SBIN00000411']) {
      expect(codes(withBenef(piParams(), 0, { benfBankIfscCode: ifsc })), ifsc).toEqual([ERROR_CODES.WRONG_IFSC]);
    }
  });

  it('requires account numbers of 9 to 18 digits', () => {
    expect(codes(withBenef(piParams(), 0, { benfAcctNo: '123456789' }))).toEqual([]);
    expect(codes(withBenef(piParams(), 0, { benfAcctNo: '123456789012345678' }))).toEqual([]);
    for (const acct of ['12345678', '1234567890123456789', '12345678A', '']) {
      expect(codes(withBenef(piParams(), 0, { benfAcctNo: acct })), acct).toEqual([ERROR_CODES.WRONG_ACCOUNT]);
    }
  });

  it('requires the beneficiary count to match the header', () => {
    expect(codes(piParams({ billNumberOfBenf: '3' }))).toEqual([ERROR_CODES.BENEFICIARY_COUNT_MISMATCH]);
    expect(codes(piParams({ billNumberOfBenf: 'two' }))).toEqual([ERROR_CODES.INVALID_FIELD]);
  });

  it('requires the beneficiary amounts to add up to the net amount', () => {
    expect(codes(piParams({ billNetAmount: '502.00', billGrossAmount: '502.00' }))).toEqual([
      ERROR_CODES.NET_AMOUNT_MISMATCH,
    ]);
  });

  it('requires gross >= net > 0', () => {
    expect(codes(piParams({ billGrossAmount: '500' }))).toEqual([ERROR_CODES.GROSS_NET_INVALID]);
    expect(codes(piParams({ billGrossAmount: '600' }))).toEqual([]);
    const zero = piParams({ billGrossAmount: '0', billNetAmount: '0', beneficiaryDetails: [], billNumberOfBenf: '0' });
    expect(codes(zero)).toEqual([ERROR_CODES.NO_BENEFICIARY, ERROR_CODES.GROSS_NET_INVALID]);
  });

  it('requires at least one beneficiary', () => {
    expect(codes(piParams({ beneficiaryDetails: [], billNumberOfBenf: '0' }))).toContain(ERROR_CODES.NO_BENEFICIARY);
  });

  it('rejects amounts with more than two decimals, zero or negative', () => {
    expect(codes(piParams({ billNetAmount: '501.001' }))).toContain(ERROR_CODES.INVALID_AMOUNT);
    expect(codes(withBenef(piParams(), 0, { benfAmount: '0' }))).toContain(ERROR_CODES.INVALID_AMOUNT);
    expect(codes(withBenef(piParams(), 0, { benfAmount: '-250.50' }))).toContain(ERROR_CODES.INVALID_AMOUNT);
  });

  it('rejects a duplicate account + IFSC, and a duplicate BenefId', () => {
    const p = piParams();
    expect(codes(withBenef(p, 1, { benfAcctNo: p.beneficiaryDetails[0]!.benfAcctNo }))).toEqual([
      ERROR_CODES.DUPLICATE_ACCOUNT,
    ]);
    // Same account at another bank is a different account.
    expect(
      codes(withBenef(withBenef(p, 1, { benfAcctNo: '100000000001' }), 1, { benfBankIfscCode: 'ICIC0003892' })),
    ).toEqual([]);
    expect(codes(withBenef(p, 1, { benefId: 'BN-1' }))).toEqual([ERROR_CODES.DUPLICATE_BENEF_ID]);
  });

  it('requires a known DDO and SSU that belong together', () => {
    expect(codes(piParams({ jitBillDdoCode: 'OLSHUD999' }))).toContain(ERROR_CODES.UNKNOWN_DDO_OR_SSU);
    expect(codes(piParams({ ssuIaId: '1622' }))).toEqual([ERROR_CODES.UNKNOWN_DDO_OR_SSU]);
    expect(codes(piParams({ granteeAgCode: 'GOHUDULBMPL0037' }))).toEqual([ERROR_CODES.UNKNOWN_DDO_OR_SSU]);
  });

  it('requires the master allotment to belong to the DDO and HOA', () => {
    expect(codes(piParams({ mstAllotmentDistId: '9999' }))).toEqual([ERROR_CODES.UNKNOWN_MASTER_ALLOTMENT]);
    expect(codes(piParams({ hoa: '221705789358641045908' }))).toEqual([ERROR_CODES.UNKNOWN_MASTER_ALLOTMENT]);
  });

  it('requires the bill amount to fit in what the master allotment has available', () => {
    expect(codes(piParams(), piContext(50_100))).toEqual([]);
    const result = validatePaymentInstruction(piParams(), piContext(50_099));
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          errorCode: ERROR_CODES.INSUFFICIENT_FUNDS,
          errorMsg: 'Insufficient balance in master allotment 1101: available 500.99, required 501',
        },
      ],
    });
  });

  it('rejects a malformed bill date', () => {
    expect(codes(piParams({ jitBillDate: '22/11/2026' }))).toEqual([ERROR_CODES.INVALID_FIELD]);
  });

  it('reports every problem at once', () => {
    const p = withBenef(piParams({ billNumberOfBenf: '5' }), 0, { benfBankIfscCode: 'bad', benfAcctNo: '1' });
    expect(codes(p)).toEqual([
      ERROR_CODES.BENEFICIARY_COUNT_MISMATCH,
      ERROR_CODES.WRONG_IFSC,
      ERROR_CODES.WRONG_ACCOUNT,
    ]);
  });
});

describe('COR validation', () => {
  const original = {
    onlineBillRefNo: '202211033261',
    advised: true,
    beneficiaries: [
      { benefId: 'B1', name: 'A', accountNo: '100000000005', ifsc: 'SBIN0000041', amountPaise: 10_000 },
      { benefId: 'B2', name: 'B', accountNo: '100000000999', ifsc: 'SBIN0000041', amountPaise: 20_000 },
    ],
  };
  const returned = new Set(['B2']);
  const ctx: CorValidationContext = {
    original: (no) => (no === 'MUKTA2399' ? original : undefined),
    latestAttempt: (_no, id) => {
      const b = original.beneficiaries.find((x) => x.benefId === id);
      return b && { accountNo: b.accountNo, ifsc: b.ifsc, returnVisible: returned.has(id) };
    },
  };
  function cor(
    benef: Partial<CorParams['beneficiaryDetails'][number]> = {},
    header: Partial<CorParams> = {},
  ): CorParams {
    return {
      jitCorBillNo: 'COR/1',
      jitCorBillDate: '2023-03-30 16:26:42',
      jitOrgBillRefNo: '202211033261',
      jitOrgBillNo: 'MUKTA2399',
      beneficiaryDetails: [
        {
          benefId: 'B2',
          orgAccountNo: '100000000999',
          orgIfsc: ' SBIN0000041',
          curAccountNo: '100000000999',
          curIfsc: 'SBIN0000041',
          correctedAccountNo: '100000000006',
          correctedIfsc: 'SBIN0000041',
          ...benef,
        },
      ],
      ...header,
    };
  }
  const corCodes = (p: CorParams) => {
    const r = validateCorrection(p, ctx);
    return r.ok ? [] : r.errors.map((e) => e.errorCode);
  };

  it('accepts a returned beneficiary with its original account, paying the original amount to the corrected one', () => {
    expect(validateCorrection(cor(), ctx)).toEqual({
      ok: true,
      value: [{ benefId: 'B2', name: 'B', accountNo: '100000000006', ifsc: 'SBIN0000041', amountPaise: 20_000 }],
    });
  });

  it('rejects beneficiaries not in the original PI, or with other original account details', () => {
    const message = 'The beneficiary B9 was not present in the original payment instruction';
    expect(validateCorrection(cor({ benefId: 'B9' }), ctx)).toEqual({
      ok: false,
      errors: [{ errorCode: ERROR_CODES.COR_NOT_IN_ORIGINAL, errorMsg: message }],
    });
    expect(corCodes(cor({ orgAccountNo: '100000000998' }))).toEqual([ERROR_CODES.COR_NOT_IN_ORIGINAL]);
    expect(corCodes(cor({ orgIfsc: 'ICIC0003892' }))).toEqual([ERROR_CODES.COR_NOT_IN_ORIGINAL]);
  });

  it('rejects a wrong corrected IFSC with code 322, and a wrong corrected account', () => {
    expect(corCodes(cor({ correctedIfsc: 'SBIN000004' }))).toEqual([ERROR_CODES.COR_WRONG_IFSC]);
    expect(corCodes(cor({ correctedAccountNo: '12' }))).toEqual([ERROR_CODES.COR_WRONG_ACCOUNT]);
  });

  it('only corrects beneficiaries whose latest payment was returned', () => {
    expect(corCodes(cor({ benefId: 'B1', orgAccountNo: '100000000005', curAccountNo: '100000000005' }))).toEqual([
      ERROR_CODES.COR_NOT_RETURNED,
    ]);
  });

  it('checks the current account details against the latest payment', () => {
    expect(corCodes(cor({ curAccountNo: '100000000123' }))).toEqual([ERROR_CODES.COR_CURRENT_MISMATCH]);
  });

  it('requires the original bill and its bill reference to match', () => {
    expect(corCodes(cor({}, { jitOrgBillNo: 'NOPE' }))).toEqual([ERROR_CODES.COR_ORIGINAL_NOT_FOUND]);
    expect(corCodes(cor({}, { jitOrgBillRefNo: '202211039999' }))).toEqual([ERROR_CODES.COR_ORIGINAL_NOT_FOUND]);
  });

  it('requires at least one beneficiary, each at most once', () => {
    expect(corCodes(cor({}, { beneficiaryDetails: [] }))).toEqual([ERROR_CODES.NO_BENEFICIARY]);
    const twice = cor();
    twice.beneficiaryDetails.push(twice.beneficiaryDetails[0]!);
    expect(corCodes(twice)).toEqual([ERROR_CODES.DUPLICATE_BENEF_ID]);
  });
});
