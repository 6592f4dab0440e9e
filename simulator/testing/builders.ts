import type { PiParams } from '../requests';

/** A valid PI `params` for the seeded ANGUL MUNICIPALITY, General HOA, master allotment 1101. */
export function piParams(overrides: Partial<PiParams> = {}, benefCount = 2): PiParams {
  const beneficiaryDetails = Array.from({ length: benefCount }, (_, i) => ({
    benefId: `BN-${i + 1}`,
    benefName: `Beneficiary ${i + 1}`,
    benfAcctNo: `10000000000${i + 1}`,
    benfBankIfscCode: 'SBIN0000041',
    benfMobileNo: '9000000000',
    benfEmailId: '',
    benfAddress: 'Angul',
    benfAccountType: 'Saving',
    benfAmount: '250.50',
    purpose: 'Mukta Payment',
  }));
  const total = (25_050 * benefCount) / 100;
  return {
    jitBillNo: 'PI-1013/2026-27/000001',
    jitBillDate: '2026-11-22 10:00:00',
    jitBillDdoCode: 'OLSHUD001',
    granteeAgCode: 'GOHUDULBMPL0036',
    schemeCode: '13145',
    hoa: '221705800358641045908',
    ssuIaId: '1621',
    mstAllotmentDistId: '1101',
    ssuAllotmentId: '5001',
    allotmentTxnSlNo: '0',
    billGrossAmount: total.toFixed(2),
    billNetAmount: total.toFixed(2),
    billNumberOfBenf: String(benefCount),
    purpose: 'MUKTA',
    beneficiaryDetails,
    ...overrides,
  };
}

/** PI params whose beneficiaries have the given account numbers (250 rupees each). */
export function piWithAccounts(jitBillNo: string, accounts: string[]): PiParams {
  const base = piParams({ jitBillNo }, accounts.length);
  const beneficiaryDetails = base.beneficiaryDetails.map((b, i) => ({
    ...b,
    benfAcctNo: accounts[i]!,
    benfAmount: '250',
  }));
  const total = String(250 * accounts.length);
  return { ...base, beneficiaryDetails, billGrossAmount: total, billNetAmount: total };
}
