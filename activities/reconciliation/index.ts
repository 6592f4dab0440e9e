import { Context, sleep } from '@temporalio/activity';
import type { Knex } from 'knex';
import { Counter, Registry } from 'prom-client';
import { PI_STATUSES_PAID } from '../../contracts/payments';
import type { ReconciliationInput, ReconciliationTotals } from '../../contracts/schedules';
import { amountToPaise } from '../../jit/formats';
import { describeTreasuryAnswer, type TreasuryGateway } from '../../treasury';
import { ftpsQuery, pisQuery } from '../instructions/lookups';
import { loadInstruction, sentInstructionsPage } from '../../db/lifecycle/instructions';
import type { InstructionRow } from '../../db/lifecycle/rows';
import { differences, type TreasuryView } from './compare';

/** Closed for good on our side: compared only within the look-back after they closed. */
const CLOSED = ['FAILED', 'REJECTED', 'COMPLETED', ...PI_STATUSES_PAID, 'NO_FUNDS'];
const DAY_MS = 86_400_000;

export type ReconciliationPage = ReconciliationTotals & { next?: string };

/**
 * Reconciliation: our PI records against the treasury's, one page of PIs per activity, lookups paced
 * to `callsPerSecond`. Differences go to `reconciliation_differences` (and from there the inbox and
 * the auditors' report) and a Prometheus counter; nothing here moves money or changes a PI.
 */
export function createReconciliationActivities(deps: { db: Knex; treasury: TreasuryGateway; registry?: Registry }) {
  const { db, treasury } = deps;
  const registry = deps.registry ?? new Registry();
  const found =
    (registry.getSingleMetric('reconciliation_differences_total') as Counter<'kind'> | undefined) ??
    new Counter({
      name: 'reconciliation_differences_total',
      help: 'Differences between our PI records and the treasury records, per sighting, by kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    });

  return {
    async reconcilePage(
      input: Pick<ReconciliationInput, 'lookbackDays' | 'pageSize' | 'callsPerSecond' | 'tenantIds' | 'after'>,
    ): Promise<ReconciliationPage> {
      const cutoff = new Date(Date.now() - input.lookbackDays * DAY_MS);
      const rows = await sentInstructionsPage(db, {
        openUnless: CLOSED,
        closedSince: cutoff,
        tenantIds: input.tenantIds,
        after: input.after,
        limit: input.pageSize,
      });
      const pace = pacer(input.callsPerSecond);
      const page: ReconciliationPage = { compared: 0, differences: 0, resolved: 0 };
      for (const pi of rows) {
        Context.current().heartbeat(pi.pi_number);
        const view = await viewOf(pi, pace);
        const diffs = differences({ status: pi.status, amountPaise: Number(pi.amount_paise) }, view);
        await db.transaction(async (trx) => {
          for (const d of diffs) {
            await trx('reconciliation_differences')
              .insert({
                tenant_id: pi.tenant_id,
                pi_number: pi.pi_number,
                bill_number: pi.bill_number,
                kind: d.kind,
                our_status: d.ourStatus,
                treasury_status: d.treasuryStatus,
                our_amount_paise: d.ourAmountPaise,
                treasury_amount_paise: d.treasuryAmountPaise,
              })
              .onConflict(['pi_number', 'kind'])
              .merge({
                our_status: d.ourStatus,
                treasury_status: d.treasuryStatus,
                our_amount_paise: d.ourAmountPaise,
                treasury_amount_paise: d.treasuryAmountPaise,
                last_seen_at: trx.fn.now(),
                resolved_at: null,
              });
            found.inc({ kind: d.kind });
          }
          // No answer proves nothing; otherwise what is no longer seen is resolved.
          if (view.state !== 'NO_ANSWER') {
            page.resolved += await trx('reconciliation_differences')
              .where({ pi_number: pi.pi_number })
              .whereNull('resolved_at')
              .whereNotIn(
                'kind',
                diffs.map((d) => d.kind),
              )
              .update({ resolved_at: trx.fn.now() });
          }
        });
        page.compared += 1;
        page.differences += diffs.length;
      }
      if (rows.length === input.pageSize) page.next = rows[rows.length - 1]!.pi_number;
      return page;
    },
  };

  /** The treasury's records of one number: PIS, then PAG and PD with PIS's own identifiers; FTPS for a COR. */
  async function viewOf(pi: InstructionRow, pace: () => Promise<void>): Promise<TreasuryView> {
    const signal = Context.current().cancellationSignal;
    try {
      if (pi.kind === 'REVISED') {
        const original = await loadInstruction(db, pi.original_pi_number!);
        await pace();
        const ftps = await treasury.correctionPaymentStatus(ftpsQuery(pi, original), { signal });
        if (ftps.kind === 'not_ready') return { state: 'NOT_SHOWN' };
        if (ftps.kind !== 'ok') return { state: 'UNKNOWN', answer: describeTreasuryAnswer(ftps) };
        return { state: ftps.rows.some((r) => (r.benfDtls ?? []).length > 0) ? 'PAID' : 'HELD' };
      }
      await pace();
      const pis = await treasury.instructionStatus(pisQuery(pi), { signal });
      if (pis.kind === 'rejected') return { state: 'REJECTED' };
      if (pis.kind === 'not_ready') return { state: 'NOT_SHOWN' };
      if (pis.kind !== 'ok' || !pis.rows[0]) return { state: 'UNKNOWN', answer: describeTreasuryAnswer(pis) };
      const sanction = pis.rows[0];
      const amountPaise = rupeesOrUndefined(sanction.billGrossAmount);
      await pace();
      const pag = await treasury.paymentAdvice(
        {
          pmtInstId: sanction.pmtInstId,
          pmtInstDate: sanction.payInstDate ?? '',
          billNo: pi.pi_number,
          billDate: pi.jit_bill_date.toISOString(),
          ssuIaId: pi.ssu_id ?? '',
        },
        { signal },
      );
      if (pag.kind !== 'ok' || !pag.rows[0]) return { state: 'HELD', amountPaise };
      const advice = pag.rows[0];
      await pace();
      const pd = await treasury.paymentDetails(
        {
          finYear: advice.finYear,
          billRefNo: advice.onlineBillRefNo,
          tokenNumber: advice.tokenNumber,
          tokenDate: advice.tokenDate,
        },
        { signal, billNumber: pi.pi_number },
      );
      const paid = pd.kind === 'ok' && pd.rows.some((r) => (r.benfDtls ?? []).length > 0);
      return { state: paid ? 'PAID' : 'HELD', amountPaise };
    } catch (err) {
      return { state: 'NO_ANSWER', answer: err instanceof Error ? err.message : String(err) };
    }
  }
}

function rupeesOrUndefined(amount: string | undefined): number | undefined {
  if (!amount) return undefined;
  try {
    return amountToPaise(amount);
  } catch {
    return undefined;
  }
}

/** Spaces treasury calls at least 1/callsPerSecond apart (the activity's share of the call budget). */
function pacer(callsPerSecond: number): () => Promise<void> {
  const gapMs = 1_000 / Math.max(callsPerSecond, 0.001);
  let next = 0;
  return async () => {
    const wait = next - Date.now();
    if (wait > 0) await sleep(wait);
    next = Math.max(Date.now(), next) + gapMs;
  };
}
