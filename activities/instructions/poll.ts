import type { Knex } from 'knex';
import type { ReturnedBeneficiary } from '../../contracts';
import { releaseFunds } from '../../db/funds/reservations';
import { toReturned } from '../returned-beneficiaries';
import type { PaidBeneficiary } from '../../jit/schemas';
import type { TreasuryGateway } from '../../treasury';
import type { FieldCipher } from '../../security/field-cipher';
import { ftfpsQuery, ftpsQuery, pisQuery } from './lookups';
import { loadBeneficiaries, loadInstruction, type InstructionRow } from './records';
import { transitionInstruction } from './transitions';
import { callTreasury, notReady, unexpectedWhilePolling } from './treasury-call';

const AT_OR_AFTER: Record<string, readonly string[]> = {
  APPROVED: ['APPROVED', 'IN_PROCESS', 'SUCCESSFUL', 'PARTIAL', 'COMPLETED'],
  IN_PROCESS: ['IN_PROCESS', 'SUCCESSFUL', 'PARTIAL', 'COMPLETED'],
  PAID: ['SUCCESSFUL', 'PARTIAL', 'COMPLETED'],
};

export interface PaidLine {
  beneficiaryNumber: string;
  utrNo: string;
}

/**
 * One activity per treasury stage. Each asks once: "not ready" is thrown as a benign failure and the
 * workflow's retry policy is the poll interval. Whatever a poll learns is committed before it
 * answers, and a stage already recorded is answered from the database without calling the treasury,
 * so a retry after a crash neither loses nor repeats a transition.
 */
export function createPollActivities(deps: { db: Knex; treasury: TreasuryGateway; pii: FieldCipher }) {
  const { db, treasury } = deps;

  return {
    /** PIS: has the SSU signed? A rejection fails the PI and credits its funds back. */
    async pollSanction(input: {
      piNumber: string;
    }): Promise<{ status: 'APPROVED' } | { status: 'REJECTED'; reason: string }> {
      const pi = await loadInstruction(db, input.piNumber);
      if (AT_OR_AFTER.APPROVED!.includes(pi.status)) return { status: 'APPROVED' };
      if (pi.status === 'REJECTED') {
        // A retry after the rejection was recorded but before the credit-back: release again (idempotent).
        const reason = pi.error ?? 'rejected by SSU';
        await releaseFunds(db, { reservationKey: pi.pi_number, releaseKey: `${pi.pi_number}:rejected`, reason });
        return { status: 'REJECTED', reason };
      }
      const result = await callTreasury((signal) => treasury.instructionStatus(pisQuery(pi), { signal }));
      if (result.kind === 'not_ready') throw notReady(`PI ${pi.pi_number} is not yet signed by the SSU`);
      if (result.kind === 'rejected') {
        await db.transaction((trx) =>
          transitionInstruction(trx, pi, 'REJECTED', {
            beneficiaryStatus: 'FAILED',
            failureReason: result.message,
            fields: { error: result.message },
            detail: { reason: result.message, ssuOffice: result.ssuOffice },
          }),
        );
        await releaseFunds(db, {
          reservationKey: pi.pi_number,
          releaseKey: `${pi.pi_number}:rejected`,
          reason: result.message,
        });
        return { status: 'REJECTED', reason: result.message };
      }
      if (result.kind !== 'ok' || !result.rows[0]) throw unexpectedWhilePolling(result);
      const row = result.rows[0];
      await db.transaction((trx) =>
        transitionInstruction(trx, pi, 'APPROVED', {
          fields: { pmt_inst_id: row.pmtInstId, pay_inst_date: row.payInstDate },
          detail: { pmtInstId: row.pmtInstId },
        }),
      );
      return { status: 'APPROVED' };
    },

    /** PAG: the payment advice, whose bill reference and token every later call needs. */
    async pollAdvice(input: { piNumber: string }): Promise<{ status: 'IN_PROCESS' }> {
      const pi = await loadInstruction(db, input.piNumber);
      if (AT_OR_AFTER.IN_PROCESS!.includes(pi.status)) return { status: 'IN_PROCESS' };
      const result = await callTreasury((signal) =>
        treasury.paymentAdvice(
          {
            pmtInstId: pi.pmt_inst_id ?? '',
            pmtInstDate: pi.pay_inst_date ?? '',
            billNo: pi.pi_number,
            billDate: pi.jit_bill_date.toISOString(),
            ssuIaId: pi.ssu_id ?? '',
          },
          { signal },
        ),
      );
      if (result.kind === 'not_ready') throw notReady(`no payment advice yet for PI ${pi.pi_number}`);
      if (result.kind !== 'ok' || !result.rows[0]) throw unexpectedWhilePolling(result);
      const advice = result.rows[0];
      await db.transaction((trx) =>
        transitionInstruction(trx, pi, 'IN_PROCESS', {
          beneficiaryStatus: 'IN_PROCESS',
          fields: {
            fin_year: advice.finYear,
            advice_id: advice.adviceId,
            advice_date: advice.adviceDate,
            bill_ref_no: advice.onlineBillRefNo,
            token_number: advice.tokenNumber,
            token_date: advice.tokenDate,
          },
          detail: { billRefNo: advice.onlineBillRefNo },
        }),
      );
      return { status: 'IN_PROCESS' };
    },

    /**
     * PD (original) or FTPS (revision): UTRs per beneficiary. Beneficiaries missing from the scroll
     * stay IN_PROCESS and the poll goes on until each is paid or returned (the legacy adapter marked
     * the PI paid and forgot them).
     */
    async pollDisbursement(input: { piNumber: string }): Promise<{ paid: PaidLine[] }> {
      const pi = await loadInstruction(db, input.piNumber);
      if (!AT_OR_AFTER.PAID!.includes(pi.status)) {
        const { lines, fields } = pi.kind === 'ORIGINAL' ? await debitScroll(pi) : await correctionScroll(pi);
        const outstanding = await settle(pi, lines, fields);
        if (outstanding > 0)
          throw notReady(`${outstanding} beneficiaries of PI ${pi.pi_number} not yet in the debit scroll`);
      }
      const rows = await loadBeneficiaries(db, pi.pi_number, deps.pii);
      return {
        paid: rows
          .filter((b) => b.status === 'SUCCESS')
          .map((b) => ({ beneficiaryNumber: b.beneficiary_number, utrNo: b.utr_no ?? '' })),
      };
    },

    /** FTFPS: failures of a revision (the treasury reports them only here, not in FD). */
    async pollCorrectionFailures(input: { piNumber: string }): Promise<{ returned: ReturnedBeneficiary[] }> {
      const pi = await loadInstruction(db, input.piNumber);
      // FTFPS is asked with the bill reference and token FTPS gives; until then there is nothing to ask.
      if (!pi.bill_ref_no || !pi.token_number || !pi.token_date)
        throw notReady(`revision ${pi.pi_number} has no bill reference from FTPS yet`);
      const result = await callTreasury((signal) => treasury.correctionFailureStatus(ftfpsQuery(pi), { signal }));
      if (result.kind === 'not_ready') throw notReady(`no failures reported for revision ${pi.pi_number}`);
      if (result.kind !== 'ok') throw unexpectedWhilePolling(result);
      // Only failures not yet recorded count as news: the revision keeps listening for later rounds.
      const failed = new Set(
        (await loadBeneficiaries(db, pi.pi_number, deps.pii))
          .filter((b) => b.status === 'FAILED')
          .map((b) => b.beneficiary_number),
      );
      const returned = result.rows
        .flatMap((row) => row.benfDtls ?? [])
        .flatMap(toReturned)
        .filter((r) => !failed.has(r.beneficiaryNumber));
      if (returned.length === 0) throw notReady(`no new failures reported for revision ${pi.pi_number}`);
      return { returned };
    },
  };

  async function debitScroll(pi: InstructionRow) {
    const result = await callTreasury((signal) =>
      treasury.paymentDetails(
        {
          finYear: pi.fin_year ?? '',
          billRefNo: pi.bill_ref_no ?? '',
          tokenNumber: pi.token_number ?? '',
          tokenDate: pi.token_date ?? '',
        },
        { signal, billNumber: pi.pi_number },
      ),
    );
    if (result.kind === 'not_ready') throw notReady(`no debit scroll yet for PI ${pi.pi_number}`);
    if (result.kind !== 'ok') throw unexpectedWhilePolling(result);
    const rows = result.rows.filter((r) => r.billNumber === undefined || r.billNumber === pi.pi_number);
    const first = rows[0];
    return {
      lines: rows.flatMap((r) => r.benfDtls ?? []),
      fields: first ? { voucher_no: first.voucherNo ?? null, voucher_date: first.voucherDate ?? null } : {},
    };
  }

  async function correctionScroll(pi: InstructionRow) {
    const original = await loadInstruction(db, pi.original_pi_number!);
    const result = await callTreasury((signal) =>
      treasury.correctionPaymentStatus(ftpsQuery(pi, original), { signal }),
    );
    if (result.kind === 'not_ready') throw notReady(`no payment status yet for revision ${pi.pi_number}`);
    if (result.kind !== 'ok') throw unexpectedWhilePolling(result);
    const first = result.rows[0];
    return {
      lines: result.rows.flatMap((r) => r.benfDtls ?? []),
      fields: first
        ? {
            bill_ref_no: first.billRefNo ?? null,
            token_number: first.tokenNumber ?? null,
            token_date: first.tokenDate ?? null,
            voucher_no: first.voucherNo ?? null,
            voucher_date: first.voucherDate ?? null,
          }
        : {},
    };
  }

  /** Records the paid lines; returns how many beneficiaries are neither paid nor returned yet. */
  async function settle(
    pi: InstructionRow,
    lines: PaidBeneficiary[],
    fields: Record<string, unknown>,
  ): Promise<number> {
    return db.transaction(async (trx) => {
      for (const line of lines) {
        if (!line.benfId) continue;
        await trx('pi_beneficiaries')
          .where({ pi_number: pi.pi_number, beneficiary_number: line.benfId })
          .whereNotIn('status', ['FAILED', 'SUCCESS'])
          .update({
            status: 'SUCCESS',
            utr_no: line.utrNo ?? null,
            utr_date: line.utrDate ?? null,
            end_to_end_id: line.endToEndId ?? null,
            voucher_no: (fields.voucher_no as string | null | undefined) ?? null,
            updated_at: trx.fn.now(),
          });
      }
      const counts = (await trx('pi_beneficiaries')
        .where({ pi_number: pi.pi_number })
        .select('status')
        .count({ n: '*' })
        .groupBy('status')) as Array<{ status: string; n: string }>;
      const count = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
      const outstanding = counts.reduce((sum, c) => sum + Number(c.n), 0) - count('SUCCESS') - count('FAILED');
      if (Object.keys(fields).length > 0)
        await trx('payment_instructions').where({ pi_number: pi.pi_number }).update(fields);
      if (outstanding === 0) {
        await transitionInstruction(trx, pi, count('FAILED') > 0 ? 'PARTIAL' : 'SUCCESSFUL', {
          detail: { paid: count('SUCCESS'), returned: count('FAILED') },
        });
      }
      return outstanding;
    });
  }
}
