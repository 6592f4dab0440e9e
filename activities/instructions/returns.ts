import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { ReturnedBeneficiary } from '../../contracts';
import { releaseFunds } from '../../db/funds/reservations';
import { wakeFundsWaiters } from '../funds-waiters';
import { loadInstruction } from './records';
import { transitionInstruction } from './transitions';

export function createReturnsActivities(deps: { db: Knex; temporal: Client }) {
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
    }): Promise<{ newlyReturned: ReturnedBeneficiary[]; returned: ReturnedBeneficiary[] }> {
      const pi = await loadInstruction(db, input.piNumber);
      const newly: ReturnedBeneficiary[] = [];
      await db.transaction(async (trx) => {
        // The status is read under the row lock, so a poll committing meanwhile is seen, not overwritten.
        const { status } = await loadInstruction(trx, input.piNumber, { forUpdate: true });
        for (const r of input.returned) {
          const updated = await trx('pi_beneficiaries')
            .where({ pi_number: pi.pi_number, beneficiary_number: r.beneficiaryNumber })
            .whereNot({ status: 'FAILED' })
            .update({
              status: 'FAILED',
              failure_reason: r.reason,
              challan_number: r.challanNumber ?? null,
              challan_date: r.challanDate ?? null,
              updated_at: trx.fn.now(),
            });
          if (updated > 0) newly.push(r);
        }
        if (newly.length === 0) return;
        const numbers = newly.map((r) => r.beneficiaryNumber).sort();
        // Before the debit scroll completes, PD's own poll decides SUCCESSFUL or PARTIAL.
        const to = status === 'SUCCESSFUL' || status === 'PARTIAL' ? 'PARTIAL' : status;
        await transitionInstruction(trx, pi, to, {
          from: status,
          detail: { returned: newly.map(({ beneficiaryNumber, reason }) => ({ beneficiaryNumber, reason })) },
          eventKeySuffix: `returned:${numbers.join(',')}`,
        });
      });
      // Everything asked about that is FAILED now, whether this attempt or a lost earlier one wrote it:
      // a retry after a lost completion must still tell the workflow, and still credit the money back.
      const failed = (await db('pi_beneficiaries')
        .where({ pi_number: pi.pi_number, status: 'FAILED' })
        .whereIn(
          'beneficiary_number',
          input.returned.map((r) => r.beneficiaryNumber),
        )
        .select('beneficiary_number', 'failure_reason', 'amount_paise', 'challan_number', 'challan_date')) as Array<{
        beneficiary_number: string;
        failure_reason: string | null;
        amount_paise: number;
        challan_number: string | null;
        challan_date: string | null;
      }>;
      if (input.creditBack && pi.kind === 'ORIGINAL') {
        let creditedPaise = 0;
        for (const f of failed) {
          const released = await releaseFunds(db, {
            reservationKey: pi.pi_number,
            releaseKey: `${pi.pi_number}:return:${f.beneficiary_number}`,
            amountPaise: f.amount_paise,
            reason: `returned: ${f.failure_reason ?? ''}`,
          });
          if (released.outcome === 'RELEASED' || released.outcome === 'ALREADY_RELEASED') {
            creditedPaise += Number(released.amountPaise);
          }
        }
        // Credited money is new money for whoever waits for funds (a retry re-sends the wake-up: harmless).
        if (creditedPaise > 0) {
          await wakeFundsWaiters(deps, {
            tenantId: pi.tenant_id,
            hoaCode: pi.hoa_code ?? '',
            availablePaise: creditedPaise,
          });
        }
      }
      return {
        newlyReturned: newly,
        returned: failed.map((f) => ({
          beneficiaryNumber: f.beneficiary_number,
          reason: f.failure_reason ?? 'returned by the bank',
          challanNumber: f.challan_number ?? undefined,
          challanDate: f.challan_date ?? undefined,
        })),
      };
    },
  };
}
