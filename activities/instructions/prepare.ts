import type { Knex } from 'knex';
import { ApplicationFailure } from '@temporalio/common';
import { LifecycleErrorType, type InstructionInput } from '../../contracts';
import { reserveFunds } from '../../db/funds/reservations';
import { recordStatusChange } from '../read-model/status-events';
import type { FieldCipher } from '../../security/field-cipher';
import { sealBeneficiary } from '../../db/pii/beneficiaries';
import { openPayee } from '../../db/pii/payees';
import { loadBeneficiaries, loadInstruction } from './records';

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
            amount_paise: amountPaise,
            beneficiary_count: payees.length,
            jit_bill_date: input.startedAt,
          })
          .onConflict('pi_number')
          .ignore()
          .returning('pi_number');
        // Only an instruction that never reached the treasury (no funds) is prepared again, and then
        // from exactly the rows sent now: the amount reserved must be the amount the treasury commits.
        const reprepared =
          inserted.length === 0 &&
          (await trx('payment_instructions').where({ pi_number: input.piNumber, status: 'NO_FUNDS' }).update({
            status: 'PREPARED',
            jit_bill_date: input.startedAt,
            amount_paise: amountPaise,
            beneficiary_count: payees.length,
            updated_at: trx.fn.now(),
          })) > 0;
        if (reprepared) await trx('pi_beneficiaries').where({ pi_number: input.piNumber }).delete();
        const rows = [];
        for (const b of payees) {
          const history =
            input.kind === 'REVISED'
              ? await revisionHistory(trx, pii, input.originalPiNumber!, input.currentPiNumber!, b.beneficiary_number)
              : {};
          rows.push(sealBeneficiary(pii, { ...b, pi_number: input.piNumber, status: 'PENDING', ...history }));
        }
        await trx('pi_beneficiaries').insert(rows).onConflict(['pi_number', 'beneficiary_number']).ignore();
        await recordStatusChange(trx, {
          tenantId: input.tenantId,
          subject: 'PI',
          subjectId: input.piNumber,
          status: 'PREPARED',
          eventKey: `PI:${input.piNumber}:PREPARED:${input.startedAt}`,
          detail: { kind: input.kind, billNumber: input.billNumber },
        });
        const stored = (await trx('payment_instructions')
          .where({ pi_number: input.piNumber })
          .first('amount_paise')) as {
          amount_paise: string | number;
        };
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

/** The payees to send, with the bank details last recorded for them, as `pi_beneficiaries` columns. */
async function loadPayees(trx: Knex.Transaction, pii: FieldCipher, paymentWorkflowId: string, numbers: string[]) {
  const sealed = (await trx('payment_beneficiaries')
    .where({ payment_workflow_id: paymentWorkflowId })
    .whereIn('beneficiary_number', numbers)
    .orderBy('beneficiary_number')
    .select('payment_workflow_id', 'beneficiary_number', 'tenant_id', 'name', 'account_number', 'ifsc')
    .select('amount_paise', 'type', 'mobile', 'address', 'line_item_ids')) as Array<{
    payment_workflow_id: string;
    beneficiary_number: string;
    amount_paise: string | number;
  }>;
  if (sealed.length !== new Set(numbers).size) {
    throw ApplicationFailure.create({
      type: LifecycleErrorType.InconsistentRecord,
      message: `payment ${paymentWorkflowId} has no record of some of ${numbers.length} beneficiaries`,
      nonRetryable: true,
    });
  }
  // Opened here to be sealed again under the PI row's own binding (sealBeneficiary).
  return sealed.map((row) => {
    const { payment_workflow_id: _payment, ...payee } = openPayee(pii, row);
    return payee;
  });
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
