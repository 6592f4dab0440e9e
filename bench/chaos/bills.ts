import type { BillBeneficiary } from '../../contracts';
import { billTotal, generateBills } from '../lib/workload';
import type { PlannedBill } from './invariants';
import type { ChaosOptions } from './settings';

export interface Bill {
  billNumber: string;
  beneficiaries: BillBeneficiary[];
  total: number;
  rejected: boolean;
  returned: boolean;
}

export function planBills(options: ChaosOptions): Bill[] {
  return generateBills(options.payments, 20_261_122, options.returnsEvery).map((beneficiaries, i) => {
    const rejected = options.rejectEvery > 0 && i % options.rejectEvery === options.rejectEvery - 1;
    const n = String(i).padStart(4, '0');
    return {
      billNumber: rejected ? `CH-REJECT-${n}` : `CH-${n}`,
      beneficiaries,
      total: billTotal(beneficiaries),
      rejected,
      returned: beneficiaries.some((b) => b.accountNumber.endsWith('999')),
    };
  });
}

export const toPlanned = (b: Bill): PlannedBill => ({
  billNumber: b.billNumber,
  beneficiaryCount: b.beneficiaries.length,
  totalPaise: b.total,
  rejected: b.rejected,
  returned: b.returned,
});
