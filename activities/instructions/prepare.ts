import type { Knex } from 'knex';
import type { InstructionInput } from '../../contracts';
import { reserveFunds } from '../../db/funds/reservations';
import {
  flagStuck,
  insertPreparedInstruction,
  loadInstruction,
  updateInstruction,
} from '../../db/lifecycle/instructions';
import { loadPayees } from '../../db/lifecycle/payments';
import { deleteBeneficiaries, insertBeneficiaries, loadBeneficiaries } from '../../db/lifecycle/pi-beneficiaries';
import { recordStatusChange } from '../../db/lifecycle/status-events';
import type { FieldCipher } from '../../security/field-cipher';

export interface PrepareInstructionInput extends InstructionInput {
  /** The PI workflow's start time: the bill date sent to the treasury, identical on every retry. */
  startedAt: string;
}

export function createPrepareActivities(deps: { db: Knex; pii: FieldCipher }) {
  const { db, pii } = deps;
  return {
    /**
     * Persists the PI before anything is sent: its number is the primary key, so a retry or a second
     * worker finds the row instead of creating another. A revision stores, per beneficiary, exactly
     * the original, current and corrected account/IFSC that COR will send, read from our own rows.
     */
    async prepareInstruction(input: PrepareInstructionInput): Promise<{ amountPaise: number }> {
      return db.transaction(async (trx) => {
        const payees = await loadPayees(trx, pii, input.paymentWorkflowId, input.beneficiaryNumbers);
        const amountPaise = payees.reduce((sum, b) => sum + Number(b.amount_paise), 0);
        const inserted = await insertPreparedInstruction(trx, {
          pi_number: input.piNumber,
          tenant_id: input.tenantId,
          bill_number: input.billNumber,
          payment_workflow_id: input.paymentWorkflowId,
          kind: input.kind,
          original_pi_number: input.originalPiNumber ?? null,
          corrects_pi_number: input.currentPiNumber ?? null,
          amount_paise: amountPaise,
          beneficiary_count: payees.length,
          jit_bill_date: input.startedAt,
        });
        // Only an instruction that never reached the treasury (no funds) is prepared again, and then
        // from exactly the rows sent now: the amount reserved must be the amount the treasury commits.
        const reprepared =
          !inserted &&
          (await updateInstruction(
            trx,
            input.piNumber,
            {
              status: 'PREPARED',
              jit_bill_date: input.startedAt,
              amount_paise: amountPaise,
              beneficiary_count: payees.length,
            },
            'NO_FUNDS',
          ));
        if (reprepared) await deleteBeneficiaries(trx, input.piNumber);
        const rows = [];
        for (const b of payees) {
          const history =
            input.kind === 'REVISED'
              ? await revisionHistory(trx, pii, input.originalPiNumber!, input.currentPiNumber!, b.beneficiary_number)
              : {};
          rows.push({ ...b, pi_number: input.piNumber, status: 'PENDING', ...history });
        }
        await insertBeneficiaries(trx, pii, rows);
        await recordStatusChange(trx, {
          tenantId: input.tenantId,
          subject: 'PI',
          subjectId: input.piNumber,
          status: 'PREPARED',
          eventKey: `PI:${input.piNumber}:PREPARED:${input.startedAt}`,
          detail: { kind: input.kind, billNumber: input.billNumber },
        });
        const stored = await loadInstruction(trx, input.piNumber);
        return { amountPaise: Number(stored.amount_paise) };
      });
    },

    /** Reserves the PI's amount under its own number (idempotent) and stores the sanction it names. */
    async reserveInstructionFunds(input: {
      piNumber: string;
      headOfAccountCodes?: string[];
    }): Promise<
      { outcome: 'RESERVED'; hoaCode: string } | { outcome: 'INSUFFICIENT_FUNDS'; largestAvailablePaise: number }
    > {
      const pi = await loadInstruction(db, input.piNumber);
      const result = await reserveFunds(db, {
        reservationKey: pi.pi_number,
        tenantId: pi.tenant_id,
        amountPaise: pi.amount_paise,
        headOfAccountCodes: input.headOfAccountCodes,
      });
      if (result.outcome === 'INSUFFICIENT_FUNDS') {
        await db.transaction(async (trx) => {
          await updateInstruction(trx, pi.pi_number, { status: 'NO_FUNDS' }, 'PREPARED');
          await recordStatusChange(trx, {
            tenantId: pi.tenant_id,
            subject: 'PI',
            subjectId: pi.pi_number,
            status: 'NO_FUNDS',
            eventKey: `PI:${pi.pi_number}:NO_FUNDS:${pi.jit_bill_date.toISOString()}`,
            detail: { amountPaise: pi.amount_paise, largestAvailablePaise: result.largestAvailablePaise },
          });
        });
        return { outcome: 'INSUFFICIENT_FUNDS', largestAvailablePaise: result.largestAvailablePaise };
      }
      await updateInstruction(db, pi.pi_number, {
        master_allotment_id: result.masterAllotmentId,
        hoa_code: result.hoaCode,
        ddo_code: result.ddoCode,
        ssu_id: result.ssuId,
        scheme_code: result.schemeCode,
        grantee_ag_code: result.granteeAgCode,
        ssu_allotment_id: result.ssuAllotmentId,
        allotment_txn_sl_no: result.allotmentTxnSlNo,
      });
      return { outcome: 'RESERVED', hoaCode: result.hoaCode };
    },

    /** Marks or clears a PI as stuck in a stage past its deadline (the inbox lists these). */
    async flagInstructionStuck(input: { piNumber: string; stage: string; stuck: boolean }): Promise<void> {
      await flagStuck(db, input);
    },
  };
}

/** COR's three account/IFSC pairs, from what our own rows say was sent then. */
async function revisionHistory(
  trx: Knex.Transaction,
  pii: FieldCipher,
  originalPiNumber: string,
  currentPiNumber: string,
  beneficiaryNumber: string,
): Promise<Record<string, string>> {
  const [original] = (await loadBeneficiaries(trx, originalPiNumber, pii)).filter(
    (b) => b.beneficiary_number === beneficiaryNumber,
  );
  const [current] = (await loadBeneficiaries(trx, currentPiNumber, pii)).filter(
    (b) => b.beneficiary_number === beneficiaryNumber,
  );
  if (!original || !current) {
    throw new Error(
      `beneficiary ${beneficiaryNumber} is missing from PI ${original ? currentPiNumber : originalPiNumber}`,
    );
  }
  return {
    cur_pi_number: currentPiNumber,
    org_account_number: original.account_number,
    org_ifsc: original.ifsc,
    cur_account_number: current.account_number,
    cur_ifsc: current.ifsc,
  };
}
