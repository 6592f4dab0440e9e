import type { Knex } from 'knex';
import type { ReturnedBeneficiary } from '../../contracts';
import { releaseFunds } from '../../db/funds/reservations';
import { loadInstruction } from './records';
import { transitionInstruction } from './transitions';

export function createReturnsActivities(deps: { db: Knex }) {
  const { db } = deps;
  return {
    /**
     * Records beneficiaries the bank returned, whatever state the PI is in (the legacy adapter dropped
     * returns for PIs not yet SUCCESSFUL). Idempotent: a beneficiary already failed is not counted
     * again. Credits the returned amounts back when the payment's policy says so.
     */
    async recordReturns(input: {
      piNumber: string;
      returned: ReturnedBeneficiary[];
      creditBack: boolean;
    }): Promise<{ newlyReturned: ReturnedBeneficiary[] }> {
      const pi = await loadInstruction(db, input.piNumber);
      const newly: Array<ReturnedBeneficiary & { amountPaise: number }> = [];
      await db.transaction(async (trx) => {
        for (const r of input.returned) {
          const updated = (await trx('pi_beneficiaries')
            .where({ pi_number: pi.pi_number, beneficiary_number: r.beneficiaryNumber })
            .whereNot({ status: 'FAILED' })
            .update({
              status: 'FAILED',
              failure_reason: r.reason,
              challan_number: r.challanNumber ?? null,
              challan_date: r.challanDate ?? null,
              updated_at: trx.fn.now(),
            })
            .returning('amount_paise')) as Array<{ amount_paise: number }>;
          if (updated[0]) newly.push({ ...r, amountPaise: updated[0].amount_paise });
        }
        if (newly.length === 0) return;
        const numbers = newly.map((r) => r.beneficiaryNumber).sort();
        // Before the debit scroll completes, PD's own poll decides SUCCESSFUL or PARTIAL.
        const to = pi.status === 'SUCCESSFUL' || pi.status === 'PARTIAL' ? 'PARTIAL' : pi.status;
        await transitionInstruction(trx, pi, to, {
          detail: { returned: newly.map(({ beneficiaryNumber, reason }) => ({ beneficiaryNumber, reason })) },
          eventKeySuffix: `returned:${numbers.join(',')}`,
        });
      });
      if (input.creditBack && pi.kind === 'ORIGINAL') {
        for (const r of newly) {
          await releaseFunds(db, {
            reservationKey: pi.pi_number,
            releaseKey: `${pi.pi_number}:return:${r.beneficiaryNumber}`,
            amountPaise: r.amountPaise,
            reason: `returned: ${r.reason}`,
          });
        }
      }
      return { newlyReturned: newly.map(({ amountPaise: _amount, ...r }) => r) };
    },
  };
}
