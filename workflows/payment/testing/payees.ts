import type { PayeeDetails } from '../../../contracts';

/** Beneficiary `n` of bill B of tenant t: ₹100, a valid IFSC, synthetic personal data. */
export const payee = (n: number): PayeeDetails => ({
  beneficiaryNumber: `BN/t/B/${n}`,
  name: `Payee ${n}`,
  accountNumber: `10000000000${n}`,
  ifsc: 'SBIN0000041',
  amountPaise: 100_00,
  type: 'IND',
  mobile: '9000000000',
  address: 'Angul',
  lineItemIds: [`L${n}`],
});
