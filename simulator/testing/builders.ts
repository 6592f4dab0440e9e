import type { PiParams } from '../requests';
import { ANGUL_GENERAL_ALLOTMENT, TEST_PAYEE } from './seeded-allotment';

/** A valid PI `params` for the seeded ANGUL MUNICIPALITY, General HOA, master allotment 1101. */
export function piParams(overrides: Partial<PiParams> = {}, benefCount = 2): PiParams {
  const beneficiaryDetails = Array.from({ length: benefCount }, (_, i) => ({
    benefId: `BN-${i + 1}`,
    benefName: `Beneficiary ${i + 1}`,
    benfAcctNo: `10000000000${i + 1}`,
    benfBankIfscCode: TEST_PAYEE.ifsc,
    benfMobileNo: TEST_PAYEE.mobile,
    benfEmailId: '',
    benfAddress: TEST_PAYEE.address,
    benfAccountType: TEST_PAYEE.accountType,
    benfAmount: '250.50',
    purpose: TEST_PAYEE.purpose,
  }));
  const { ddoCode, ...allotment } = ANGUL_GENERAL_ALLOTMENT;
  const total = (25_050 * benefCount) / 100;
  return {
    jitBillNo: 'PI-1013/2026-27/000001',
    jitBillDate: '2026-11-22 10:00:00',
    jitBillDdoCode: ddoCode,
    ...allotment,
    billGrossAmount: total.toFixed(2),
    billNetAmount: total.toFixed(2),
    billNumberOfBenf: String(benefCount),
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
