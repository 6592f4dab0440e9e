import type { BillBeneficiary } from '../../contracts';
import { Prng } from '../../lib/prng';

/**
 * N bills of 3–20 payees with amounts from ₹100 to ₹2,000 in whole paise, from a fixed seed. Account
 * numbers avoid the simulator's failure suffixes (997–999) unless `returnsEvery` asks for some.
 */
export function generateBills(n: number, seed = 20_261_122, returnsEvery = 0): BillBeneficiary[][] {
  const prng = new Prng(seed);
  const random = () => prng.next();
  let account = 100_000_000_000;
  return Array.from({ length: n }, (_, billIndex) => {
    const size = 3 + Math.floor(random() * 18);
    return Array.from({ length: size }, (_, i) => {
      account += 1;
      if (account % 1000 >= 997) account += 4;
      const returned = returnsEvery > 0 && i === 0 && billIndex % returnsEvery === 0;
      const accountNumber = returned ? `${String(account).slice(0, -3)}999` : String(account);
      return {
        name: `Payee ${billIndex}-${i}`,
        accountNumber,
        ifsc: 'SBIN0000041',
        amountPaise: 100_00 + Math.floor(random() * 1_900_00),
        type: 'IND' as const,
        mobile: '9000000000',
        address: 'Angul',
        lineItemIds: [`L-${billIndex}-${i}`],
      };
    });
  });
}

export const billTotal = (bill: BillBeneficiary[]): number => bill.reduce((sum, b) => sum + b.amountPaise, 0);
