import { PI_STATUSES_PAID, type CalendarPacing, type ReturnedBeneficiary } from '../../contracts';
import type { PaidLine as ScrollLine } from '../../db/lifecycle/repository';
import type { InstructionRow } from '../../db/lifecycle/rows';
import type { PaidBeneficiary } from '../../jit/schemas';
import { toReturned } from '../returned-beneficiaries';
import { pacedPoll } from './pacing';
import { ftfpsQuery, ftpsQuery, pisQuery } from './lookups';
import type { InstructionActivityDeps } from './send';
import { callTreasury, notReady, unexpectedWhilePolling } from './treasury-call';

const AT_OR_AFTER: Record<string, readonly string[]> = {
  APPROVED: ['APPROVED', 'IN_PROCESS', ...PI_STATUSES_PAID, 'COMPLETED'],
  IN_PROCESS: ['IN_PROCESS', ...PI_STATUSES_PAID, 'COMPLETED'],
  PAID: [...PI_STATUSES_PAID, 'COMPLETED'],
};

/** A stage poll's input: the PI, and the calendar plan pacing its "not yet" answers (if the policy has one). */
export interface StagePoll {
  piNumber: string;
  pace?: CalendarPacing;
}

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
export function createPollActivities(deps: InstructionActivityDeps) {
  const { instructions, treasury } = deps;

  const paced = <I extends { pace?: CalendarPacing }, R>(poll: (input: I) => Promise<R>) =>
    deps.pacing ? pacedPoll(deps.pacing, poll) : poll;

  return {
    /** PIS: has the SSU signed? A rejection fails the PI and credits its funds back. */
    pollSanction: paced(async function pollSanction(
      input: StagePoll,
    ): Promise<{ status: 'APPROVED' } | { status: 'REJECTED'; reason: string }> {
      const pi = await instructions.instruction(input.piNumber);
      if (AT_OR_AFTER.APPROVED!.includes(pi.status)) return { status: 'APPROVED' };
      if (pi.status === 'REJECTED') {
        // A retry after the rejection was recorded but before the credit-back: release again (idempotent).
        const reason = pi.error ?? 'rejected by SSU';
        await instructions.releaseFunds({
          reservationKey: pi.pi_number,
          releaseKey: `${pi.pi_number}:rejected`,
          reason,
        });
        return { status: 'REJECTED', reason };
      }
      const result = await callTreasury((signal) => treasury.instructionStatus(pisQuery(pi), { signal }));
      if (result.kind === 'not_ready') throw notReady(`PI ${pi.pi_number} is not yet signed by the SSU`);
      if (result.kind === 'rejected') {
        await instructions.transition(pi, 'REJECTED', {
          beneficiaryStatus: 'FAILED',
          failureReason: result.message,
          fields: { error: result.message },
          detail: { reason: result.message, ssuOffice: result.ssuOffice },
        });
        await instructions.releaseFunds({
          reservationKey: pi.pi_number,
          releaseKey: `${pi.pi_number}:rejected`,
          reason: result.message,
        });
        return { status: 'REJECTED', reason: result.message };
      }
      if (result.kind !== 'ok' || !result.rows[0]) throw unexpectedWhilePolling(result);
      const row = result.rows[0];
      await instructions.transition(pi, 'APPROVED', {
        fields: { pmt_inst_id: row.pmtInstId, pay_inst_date: row.payInstDate },
        detail: { pmtInstId: row.pmtInstId },
      });
      return { status: 'APPROVED' };
    }),

    /** PAG: the payment advice, whose bill reference and token every later call needs. */
    pollAdvice: paced(async function pollAdvice(input: StagePoll): Promise<{ status: 'IN_PROCESS' }> {
      const pi = await instructions.instruction(input.piNumber);
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
      await instructions.transition(pi, 'IN_PROCESS', {
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
      });
      return { status: 'IN_PROCESS' };
    }),

    /**
     * PD (original) or FTPS (revision): UTRs per beneficiary. Beneficiaries missing from the scroll
     * stay IN_PROCESS and the poll goes on until each is paid or returned (the legacy adapter marked
     * the PI paid and forgot them).
     */
    pollDisbursement: paced(async function pollDisbursement(input: StagePoll): Promise<{ paid: PaidLine[] }> {
      const pi = await instructions.instruction(input.piNumber);
      if (!AT_OR_AFTER.PAID!.includes(pi.status)) {
        const { lines, fields } = pi.kind === 'ORIGINAL' ? await debitScroll(pi) : await correctionScroll(pi);
        const outstanding = await instructions.recordScroll(pi, lines.flatMap(paidLine), fields);
        if (outstanding > 0)
          throw notReady(`${outstanding} beneficiaries of PI ${pi.pi_number} not yet in the debit scroll`);
      }
      const rows = await instructions.beneficiaries(pi.pi_number);
      return {
        paid: rows
          .filter((b) => b.status === 'SUCCESS')
          .map((b) => ({ beneficiaryNumber: b.beneficiary_number, utrNo: b.utr_no ?? '' })),
      };
    }),

    /** FTFPS: failures of a revision (the treasury reports them only here, not in FD). */
    async pollCorrectionFailures(input: { piNumber: string }): Promise<{ returned: ReturnedBeneficiary[] }> {
      const pi = await instructions.instruction(input.piNumber);
      // FTFPS is asked with the bill reference and token FTPS gives; until then there is nothing to ask.
      if (!pi.bill_ref_no || !pi.token_number || !pi.token_date)
        throw notReady(`revision ${pi.pi_number} has no bill reference from FTPS yet`);
      const result = await callTreasury((signal) => treasury.correctionFailureStatus(ftfpsQuery(pi), { signal }));
      if (result.kind === 'not_ready') throw notReady(`no failures reported for revision ${pi.pi_number}`);
      if (result.kind !== 'ok') throw unexpectedWhilePolling(result);
      // Only failures not yet recorded count as news: the revision keeps listening for later rounds.
      const failed = new Set(
        (await instructions.beneficiaries(pi.pi_number))
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
    const fields: Record<string, string | null> = first
      ? { voucher_no: first.voucherNo ?? null, voucher_date: first.voucherDate ?? null }
      : {};
    return { lines: rows.flatMap((r) => r.benfDtls ?? []), fields };
  }

  async function correctionScroll(pi: InstructionRow) {
    const original = await instructions.instruction(pi.original_pi_number!);
    const result = await callTreasury((signal) =>
      treasury.correctionPaymentStatus(ftpsQuery(pi, original), { signal }),
    );
    if (result.kind === 'not_ready') throw notReady(`no payment status yet for revision ${pi.pi_number}`);
    if (result.kind !== 'ok') throw unexpectedWhilePolling(result);
    const first = result.rows[0];
    const fields: Record<string, string | null> = first
      ? {
          bill_ref_no: first.billRefNo ?? null,
          token_number: first.tokenNumber ?? null,
          token_date: first.tokenDate ?? null,
          voucher_no: first.voucherNo ?? null,
          voucher_date: first.voucherDate ?? null,
        }
      : {};
    return { lines: result.rows.flatMap((r) => r.benfDtls ?? []), fields };
  }
}

/** A scroll line naming a beneficiary, as the repository records it. */
function paidLine(line: PaidBeneficiary): ScrollLine[] {
  if (!line.benfId) return [];
  return [
    {
      beneficiaryNumber: line.benfId,
      utrNo: line.utrNo ?? null,
      utrDate: line.utrDate ?? null,
      endToEndId: line.endToEndId ?? null,
    },
  ];
}
