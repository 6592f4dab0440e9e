import type { PaymentInstructionInput } from '../../contracts/treasury';
import { ANGUL_GENERAL_ALLOTMENT, TEST_PAYEE } from '../../simulator/testing/seeded-allotment';

/** A unique bill number per call, so test files sharing the simulator seed never collide. */
export const billNo = (label: string) =>
  `PI-IT/${label}/${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();

/** A PI for the simulator's seeded ANGUL MUNICIPALITY, General head of account, master allotment 1101. */
export function piInput(
  jitBillNo: string,
  accounts: string[],
  overrides: Partial<PaymentInstructionInput> = {},
): PaymentInstructionInput {
  return {
    jitBillNo,
    jitBillDate: Date.now(),
    ...ANGUL_GENERAL_ALLOTMENT,
    beneficiaries: accounts.map((accountNumber, i) => ({
      benefId: `BN-${i + 1}`,
      name: `Beneficiary ${i + 1}`,
      accountNumber,
      ...TEST_PAYEE,
      amountPaise: 25_050,
    })),
    ...overrides,
  };
}

/** A random account number (9-18 digits) ending in `suffix`; the simulator returns payments to x999 / x998. */
export const accountNo = (suffix = '4321') => `${Math.floor(10_000_000 + Math.random() * 89_999_999)}${suffix}`;
