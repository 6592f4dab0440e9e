import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import {
  beneficiariesReturnedSignal,
  instructionWorkflowId,
  type FailureSweepResult,
  type ReturnedBeneficiary,
} from '../contracts';
import { findInstructionRow } from '../db/lifecycle/instructions';
import { formatIstDate } from '../jit/formats';
import type { TreasuryGateway } from '../treasury';
import { reopenPayment } from './reopen-payment';
import { toReturned } from './returned-beneficiaries';
import { callTreasury, unexpectedWhilePolling } from './instructions/treasury-call';

const MARK = 'FD';
/** The legacy adapter's production look-back (`numberofdays.to.fetch.failed.payments=100`). */
export const MIN_LOOKBACK_DAYS = 100;

export function createFailureSweepActivities(deps: {
  db: Knex;
  treasury: TreasuryGateway;
  temporal: Client;
  /** How far back the very first sweep reads (never less than MIN_LOOKBACK_DAYS). */
  firstSweepLookbackDays: number;
}) {
  const { db, treasury, temporal } = deps;

  /**
   * Signals the PI's workflow; if it has closed, its payment's; if that has closed too, reopens the
   * payment with the returns as its first message. Returns where they went.
   */
  async function route(piNumber: string, returned: ReturnedBeneficiary[]): Promise<string> {
    const pi = await findInstructionRow(db, piNumber);
    if (!pi) return 'UNKNOWN_PI';
    const targets = [instructionWorkflowId(pi.tenant_id, piNumber), pi.payment_workflow_id];
    for (const workflowId of targets) {
      try {
        await temporal.workflow.getHandle(workflowId).signal(beneficiariesReturnedSignal, { piNumber, returned });
        return workflowId;
      } catch (err) {
        if ((err as Error).name !== 'WorkflowNotFoundError') throw err;
      }
    }
    const reopened = await reopenPayment(temporal, pi.payment_workflow_id, { piNumber, returned });
    return reopened ? pi.payment_workflow_id : 'UNROUTED';
  }

  return {
    /**
     * One bulk FD read from the persisted high-water mark (an IST date, inclusive), replacing the
     * legacy daily FD cron and its 5-day look-back: a missed run loses nothing, a re-run duplicates
     * nothing (returns are keyed by PI, beneficiary and challan). Each new return is routed by signal
     * to its PI's workflow, whatever state that PI is in.
     */
    async sweepFailures(): Promise<FailureSweepResult> {
      const startedAt = Date.now();
      const mark = (await db('failure_sweep_marks')
        .where({ name: MARK })
        .first(db.raw(`to_char(read_from, 'YYYY-MM-DD') as read_from`))) as { read_from: string } | undefined;
      // Returns come dated by the payment's voucher, often weeks after it was paid: whatever the mark
      // says, each sweep reads as far back as the legacy adapter did (100 days), re-reads cost
      // nothing (returns are keyed), and a return for a long-closed payment is still seen.
      const lookbackDays = Math.max(deps.firstSweepLookbackDays, MIN_LOOKBACK_DAYS);
      const earliest = formatIstDate(startedAt - lookbackDays * 86_400_000);
      const readFrom = mark && mark.read_from < earliest ? mark.read_from : earliest;
      const result = await callTreasury((signal) =>
        treasury.failureDetails({ since: `${readFrom}T00:00:00+05:30` }, { signal }),
      );
      if (result.kind !== 'ok' && result.kind !== 'not_ready') throw unexpectedWhilePolling(result);
      const rows = result.kind === 'ok' ? result.rows : [];
      const byPi = new Map<string, ReturnedBeneficiary[]>();
      for (const row of rows) {
        const piNumber = row.billNumber;
        if (!piNumber) continue;
        const returned = (row.benfDtls ?? []).flatMap(toReturned);
        if (returned.length > 0) byPi.set(piNumber, [...(byPi.get(piNumber) ?? []), ...returned]);
      }
      const summary: FailureSweepResult = {
        readFrom,
        rows: rows.length,
        newReturns: 0,
        routedToInstruction: 0,
        routedToPayment: 0,
        unrouted: 0,
      };
      for (const [piNumber, returned] of byPi) {
        const inserted = await db('treasury_returns')
          .insert(
            returned.map((r) => ({
              pi_number: piNumber,
              beneficiary_number: r.beneficiaryNumber,
              challan_number: r.challanNumber ?? '',
              failure_reason: r.reason,
              challan_date: r.challanDate ?? null,
            })),
          )
          .onConflict(['pi_number', 'beneficiary_number', 'challan_number'])
          .ignore()
          .returning('beneficiary_number');
        summary.newReturns += inserted.length;
        // Route what is not routed yet, including rows a crashed earlier attempt stored but never sent.
        const unsent = (await db('treasury_returns')
          .where({ pi_number: piNumber })
          .whereNull('routed_to')
          .select('beneficiary_number')) as Array<{ beneficiary_number: string }>;
        if (unsent.length === 0) continue;
        const numbers = new Set(unsent.map((u) => u.beneficiary_number));
        const target = await route(
          piNumber,
          returned.filter((r) => numbers.has(r.beneficiaryNumber)),
        );
        if (target.startsWith('pi:')) summary.routedToInstruction += 1;
        else if (target.startsWith('payment:')) summary.routedToPayment += 1;
        else summary.unrouted += 1;
        await db('treasury_returns')
          .where({ pi_number: piNumber })
          .whereIn('beneficiary_number', [...numbers])
          .update({ routed_to: target });
      }
      await db('failure_sweep_marks')
        .insert({ name: MARK, read_from: formatIstDate(startedAt) })
        .onConflict('name')
        .merge({ read_from: formatIstDate(startedAt), updated_at: db.fn.now() });
      return summary;
    },
  };
}
