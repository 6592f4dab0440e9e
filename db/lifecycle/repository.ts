import type { Knex } from 'knex';
import { paidInstructionStatus, PI_STATUSES_PAID, type PiStatus, type ReturnedBeneficiary } from '../../contracts';
import type { FieldCipher } from '../../security/field-cipher';
import { releaseFunds } from '../funds/reservations';
import type { ReleaseFundsInput, ReleaseFundsResult } from '../funds/types';
import {
  findInstructionRow,
  flagStuck,
  loadInstruction,
  markPosting,
  otherRevisionIn,
  unmarkPosting,
  updateInstruction,
} from './instructions';
import {
  beneficiaryStatusCounts,
  failedBeneficiariesAmong,
  loadBeneficiaries,
  markBeneficiaryPaid,
  markBeneficiaryReturned,
  type FailedBeneficiary,
} from './pi-beneficiaries';
import type { BeneficiaryRow, InstructionRow } from './rows';
import { transitionInstruction, type TransitionOptions } from './transitions';

type PiRef = Pick<InstructionRow, 'pi_number' | 'tenant_id' | 'bill_number'>;

export interface PaidLine {
  beneficiaryNumber: string;
  utrNo: string | null;
  utrDate: string | null;
  endToEndId: string | null;
}

/**
 * What the PI activities need of the lifecycle tables, each operation one transaction. Activities get
 * it through their deps, so they can be exercised without a database.
 */
export interface InstructionRepository {
  instruction(piNumber: string): Promise<InstructionRow>;
  beneficiaries(piNumber: string): Promise<BeneficiaryRow[]>;
  otherRevisionIn(pi: InstructionRow, statuses: readonly string[]): Promise<string | undefined>;
  markPosting(piNumber: string): Promise<void>;
  unmarkPosting(piNumber: string): Promise<void>;
  transition(pi: PiRef, to: PiStatus, options?: TransitionOptions): Promise<boolean>;
  /** INITIATED (a revision's workflow then tells each PI it re-pays that it is superseded). */
  accept(pi: InstructionRow, how: string): Promise<void>;
  /**
   * A paid PI (SUCCESSFUL, PARTIAL or RETURNED) whose failures an accepted revision re-pays becomes COMPLETED;
   * any other status is left alone. Answers whether it is superseded now (true again when it already was).
   */
  supersede(piNumber: string, supersededBy: string): Promise<{ superseded: boolean }>;
  /** Records paid lines and columns of a scroll; settles the PI once no beneficiary is outstanding. */
  recordScroll(pi: InstructionRow, lines: PaidLine[], fields: Record<string, string | null>): Promise<number>;
  /** Marks returned beneficiaries FAILED (each once); answers those newly failed. */
  recordReturns(pi: InstructionRow, returned: ReturnedBeneficiary[]): Promise<ReturnedBeneficiary[]>;
  failedAmong(piNumber: string, numbers: string[]): Promise<FailedBeneficiary[]>;
  /** Replaces an UNCONFIRMED instruction's evidence; false (nothing written) once it is no longer UNCONFIRMED. */
  writeEvidence(piNumber: string, evidence: unknown): Promise<boolean>;
  /**
   * FAILED with its beneficiaries, under the row lock, only from UNCONFIRMED; answers the row as it was,
   * or undefined (nothing written) when the PI is missing or in another status.
   */
  failUnconfirmed(
    piNumber: string,
    reason: string,
    detail: (row: InstructionRow) => Record<string, unknown>,
  ): Promise<InstructionRow | undefined>;
  flagStuck(input: { piNumber: string; stage: string; stuck: boolean; reason?: string | null }): Promise<void>;
  releaseFunds(input: ReleaseFundsInput): Promise<ReleaseFundsResult>;
}

/** A PI's beneficiaries paid, returned and in all. */
async function settledCounts(trx: Knex.Transaction, piNumber: string) {
  const counts = await beneficiaryStatusCounts(trx, piNumber);
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return { paid: counts.get('SUCCESS') ?? 0, returned: counts.get('FAILED') ?? 0, total };
}

export function createInstructionRepository(db: Knex, pii: FieldCipher): InstructionRepository {
  return {
    instruction: (piNumber) => loadInstruction(db, piNumber),
    beneficiaries: (piNumber) => loadBeneficiaries(db, piNumber, pii),
    otherRevisionIn: (pi, statuses) => otherRevisionIn(db, pi, statuses),
    markPosting: (piNumber) => markPosting(db, piNumber),
    unmarkPosting: (piNumber) => unmarkPosting(db, piNumber),
    transition: (pi, to, options) => db.transaction((trx) => transitionInstruction(trx, pi, to, options)),

    accept: (pi, how) =>
      db.transaction(async (trx) => {
        await transitionInstruction(trx, pi, 'INITIATED', {
          beneficiaryStatus: 'INITIATED',
          fields: { stuck_stage: null, stuck_since: null, stuck_reason: null },
          detail: { how },
        });
      }),

    supersede: (piNumber, supersededBy) =>
      db.transaction(async (trx) => {
        const pi = await loadInstruction(trx, piNumber, { forUpdate: true });
        if (!PI_STATUSES_PAID.has(pi.status)) return { superseded: pi.status === 'COMPLETED' };
        await transitionInstruction(trx, pi, 'COMPLETED', { detail: { supersededBy } });
        return { superseded: true };
      }),

    recordScroll: (pi, lines, fields) =>
      db.transaction(async (trx) => {
        // Under the row lock, as recordReturns: a return recorded meanwhile is counted, never lost.
        await loadInstruction(trx, pi.pi_number, { forUpdate: true });
        for (const line of lines) await markBeneficiaryPaid(trx, pi.pi_number, line, fields.voucher_no ?? null);
        const { paid, returned, total } = await settledCounts(trx, pi.pi_number);
        const outstanding = total - paid - returned;
        if (Object.keys(fields).length > 0) await updateInstruction(trx, pi.pi_number, fields);
        if (outstanding === 0) {
          await transitionInstruction(trx, pi, paidInstructionStatus(returned, total), { detail: { paid, returned } });
        }
        return outstanding;
      }),

    recordReturns: (pi, returned) =>
      db.transaction(async (trx) => {
        // The status is read under the row lock, so a poll committing meanwhile is seen, not overwritten.
        const { status } = await loadInstruction(trx, pi.pi_number, { forUpdate: true });
        const newly: ReturnedBeneficiary[] = [];
        for (const r of returned) if (await markBeneficiaryReturned(trx, pi.pi_number, r)) newly.push(r);
        // A paid PI's status follows its beneficiaries (all returned: RETURNED). Before the debit scroll
        // completes, PD's own poll (recordScroll) decides, counting these returns.
        const counts = PI_STATUSES_PAID.has(status) ? await settledCounts(trx, pi.pi_number) : undefined;
        const to = counts ? paidInstructionStatus(counts.returned, counts.total) : status;
        if (newly.length === 0 && to === status) return newly;
        const numbers = newly.map((r) => r.beneficiaryNumber).sort();
        await transitionInstruction(trx, pi, to, {
          from: status,
          detail: { returned: newly.map(({ beneficiaryNumber, reason }) => ({ beneficiaryNumber, reason })) },
          eventKeySuffix: `returned:${numbers.join(',')}`,
        });
        return newly;
      }),

    failedAmong: (piNumber, numbers) => failedBeneficiariesAmong(db, piNumber, numbers),
    writeEvidence: (piNumber, evidence) =>
      updateInstruction(db, piNumber, { stuck_evidence: JSON.stringify(evidence) }, 'UNCONFIRMED'),
    failUnconfirmed: (piNumber, reason, detail) =>
      db.transaction(async (trx) => {
        const row = await findInstructionRow(trx, piNumber, { forUpdate: true });
        if (!row || row.status !== 'UNCONFIRMED') return undefined;
        await transitionInstruction(trx, row, 'FAILED', {
          from: 'UNCONFIRMED',
          beneficiaryStatus: 'FAILED',
          failureReason: reason,
          fields: { error: reason, stuck_stage: null, stuck_since: null, stuck_reason: null },
          detail: detail(row),
        });
        return row;
      }),
    flagStuck: (input) => flagStuck(db, input),
    releaseFunds: (input) => releaseFunds(db, input),
  };
}
