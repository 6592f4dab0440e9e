import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { ReturnedBeneficiary } from '../../contracts';
import type { InstructionRepository } from '../../db/lifecycle/repository';
import { wakeFundsWaiters, type MoneyAvailable } from '../funds-waiters';

export function createReturnsActivities(deps: {
  db: Knex;
  temporal: Client;
  instructions: InstructionRepository;
  /** Tells payments waiting for funds of money credited back; signals them through `temporal` by default. */
  wake?: (money: MoneyAvailable) => Promise<unknown>;
}) {
  const { instructions } = deps;
  const wake = deps.wake ?? ((money: MoneyAvailable) => wakeFundsWaiters(deps, money));
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
      const pi = await instructions.instruction(input.piNumber);
      const newly = await instructions.recordReturns(pi, input.returned);
      // Everything asked about that is FAILED now, whether this attempt or a lost earlier one wrote it:
      // a retry after a lost completion must still tell the workflow, and still credit the money back.
      const failed = await instructions.failedAmong(
        pi.pi_number,
        input.returned.map((r) => r.beneficiaryNumber),
      );
      if (input.creditBack && pi.kind === 'ORIGINAL') {
        let creditedPaise = 0;
        for (const f of failed) {
          const released = await instructions.releaseFunds({
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
          await wake({
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
