import type { Knex } from 'knex';
import type { InstructionInput } from '../../contracts';
import { reserveFunds } from '../../db/funds/reservations';
import { recordStatusChange } from '../read-model/status-events';
import { loadBeneficiaries, loadInstruction } from './records';

export interface PrepareInstructionInput extends InstructionInput {
  /** The PI workflow's start time: the bill date sent to the treasury, identical on every retry. */
  startedAt: string;
}

export function createPrepareActivities(deps: { db: Knex }) {
  const { db } = deps;
  return {
    /**
     * Persists the PI before anything is sent: its number is the primary key, so a retry or a second
     * worker finds the row instead of creating another. A revision stores, per beneficiary, exactly
     * the original, current and corrected account/IFSC that COR will send, read from our own rows.
     */
    async prepareInstruction(input: PrepareInstructionInput): Promise<void> {
      await db.transaction(async (trx) => {
        const inserted = await trx('payment_instructions')
          .insert({
            pi_number: input.piNumber,
            tenant_id: input.tenantId,
            bill_number: input.billNumber,
            payment_workflow_id: input.paymentWorkflowId,
            kind: input.kind,
            original_pi_number: input.originalPiNumber ?? null,
            corrects_pi_number: input.currentPiNumber ?? null,
            status: 'PREPARED',
            amount_paise: input.beneficiaries.reduce((sum, b) => sum + b.amountPaise, 0),
            beneficiary_count: input.beneficiaries.length,
            jit_bill_date: input.startedAt,
          })
          .onConflict('pi_number')
          .ignore()
          .returning('pi_number');
        // Only an instruction that never reached the treasury (no funds) is prepared again, and then
        // from exactly the rows sent now: the amount reserved must be the amount the treasury commits.
        const reprepared =
          inserted.length === 0 &&
          (await trx('payment_instructions')
            .where({ pi_number: input.piNumber, status: 'NO_FUNDS' })
            .update({ status: 'PREPARED', jit_bill_date: input.startedAt, updated_at: trx.fn.now() })) > 0;
        if (reprepared) await trx('pi_beneficiaries').where({ pi_number: input.piNumber }).delete();
        const rows = [];
        for (const b of input.beneficiaries) {
          const history =
            input.kind === 'REVISED'
              ? await revisionHistory(trx, input.originalPiNumber!, b.piNumber!, b.beneficiaryNumber)
              : {};
          rows.push({
            pi_number: input.piNumber,
            beneficiary_number: b.beneficiaryNumber,
            tenant_id: input.tenantId,
            name: b.name,
            account_number: b.accountNumber,
            ifsc: b.ifsc,
            amount_paise: b.amountPaise,
            type: b.type,
            mobile: b.mobile,
            address: b.address,
            line_item_ids: b.lineItemIds,
            status: 'PENDING',
            ...history,
          });
        }
        await trx('pi_beneficiaries').insert(rows).onConflict(['pi_number', 'beneficiary_number']).ignore();
        if (reprepared) {
          await trx('payment_instructions')
            .where({ pi_number: input.piNumber })
            .update({ amount_paise: rows.reduce((sum, r) => sum + r.amount_paise, 0), beneficiary_count: rows.length });
        }
        await recordStatusChange(trx, {
          tenantId: input.tenantId,
          subject: 'PI',
          subjectId: input.piNumber,
          status: 'PREPARED',
          eventKey: `PI:${input.piNumber}:PREPARED:${input.startedAt}`,
          detail: { kind: input.kind, billNumber: input.billNumber },
        });
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
          await trx('payment_instructions')
            .where({ pi_number: pi.pi_number, status: 'PREPARED' })
            .update({ status: 'NO_FUNDS', updated_at: trx.fn.now() });
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
      await db('payment_instructions').where({ pi_number: pi.pi_number }).update({
        master_allotment_id: result.masterAllotmentId,
        hoa_code: result.hoaCode,
        ddo_code: result.ddoCode,
        ssu_id: result.ssuId,
        scheme_code: result.schemeCode,
        grantee_ag_code: result.granteeAgCode,
        ssu_allotment_id: result.ssuAllotmentId,
        allotment_txn_sl_no: result.allotmentTxnSlNo,
        updated_at: db.fn.now(),
      });
      return { outcome: 'RESERVED', hoaCode: result.hoaCode };
    },

    /** Marks or clears a PI as stuck in a stage past its deadline (the inbox lists these). */
    async flagInstructionStuck(input: { piNumber: string; stage: string; stuck: boolean }): Promise<void> {
      await db('payment_instructions')
        .where({ pi_number: input.piNumber })
        .update(
          input.stuck
            ? { stuck_stage: input.stage, stuck_since: db.fn.now(), updated_at: db.fn.now() }
            : { stuck_stage: null, stuck_since: null, updated_at: db.fn.now() },
        );
    },
  };
}

/** COR's three account/IFSC pairs, from what our own rows say was sent then. */
async function revisionHistory(
  trx: Knex.Transaction,
  originalPiNumber: string,
  currentPiNumber: string,
  beneficiaryNumber: string,
): Promise<Record<string, string>> {
  const [original] = (await loadBeneficiaries(trx, originalPiNumber)).filter(
    (b) => b.beneficiary_number === beneficiaryNumber,
  );
  const [current] = (await loadBeneficiaries(trx, currentPiNumber)).filter(
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
