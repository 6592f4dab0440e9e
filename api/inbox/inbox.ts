import type { Knex } from 'knex';
import { instructionWorkflowId } from '../../contracts';
import { paymentLinks, instructionLinks, webUiWorkflowLink, type WebUi } from '../read-model/links';
import { failureReasons, fundsOverdueReason, stuckReason } from './reasons';
import { LifecycleTable } from '../../db/lifecycle/tables';

/** One inbox section: up to `limit` items, oldest problem first, and whether more are waiting. */
export interface Section<T> {
  items: T[];
  more: boolean;
}

const section = <T>(rows: T[], limit: number): Section<T> => ({
  items: rows.slice(0, limit),
  more: rows.length > limit,
});

/**
 * What needs a person, for one tenant: payments whose beneficiaries failed (awaiting corrections),
 * payments waiting for funds past their deadline, PIs stuck in a stage past its deadline, webhook
 * deliveries given up on, bank returns that arrived after their payment closed, payments flagged
 * because an activity can never succeed on their input, and treasury breakers not closed
 * (platform-wide: every tenant is affected). Each item says why it is there (`reason`) and, given the
 * Web UI's address, links to its workflow there (`links.workflowUi`).
 */
export async function readInbox(db: Knex, tenantId: string, limit: number, ui?: WebUi) {
  const onUi = (workflowId: string) => webUiWorkflowLink(ui, workflowId);
  const [awaitingCorrection, fundsOverdue, stuck, deadLetters, breakers, unrouted, flagged] = await Promise.all([
    db(LifecycleTable.payments)
      .where('tenant_id', tenantId)
      .whereIn('status', ['PARTIAL', 'FAILED'])
      .orderBy('updated_at')
      .limit(limit + 1)
      .select('workflow_id', 'bill_number', 'status', 'total_paise', 'updated_at') as Promise<
      Array<{ workflow_id: string; bill_number: string; status: string; total_paise: number; updated_at: Date }>
    >,
    db('funds_waiters as w')
      .join('payments as p', 'p.workflow_id', 'w.payment_workflow_id')
      .where('w.tenant_id', tenantId)
      .andWhere('w.deadline_at', '<', db.fn.now())
      .orderBy('w.deadline_at')
      .limit(limit + 1)
      .select(
        'p.workflow_id',
        'p.bill_number',
        'p.head_of_account_codes',
        'w.amount_paise',
        'w.since',
        'w.deadline_at',
      ) as Promise<
      Array<{
        workflow_id: string;
        bill_number: string;
        head_of_account_codes: string[];
        amount_paise: number;
        since: Date;
        deadline_at: Date;
      }>
    >,
    db(LifecycleTable.instructions)
      .where('tenant_id', tenantId)
      .whereNotNull('stuck_stage')
      .orderBy('stuck_since')
      .limit(limit + 1)
      .select(
        'pi_number',
        'bill_number',
        'status',
        'stuck_stage',
        'stuck_since',
        'stuck_reason',
        'stuck_evidence',
      ) as Promise<
      Array<{
        pi_number: string;
        bill_number: string;
        status: string;
        stuck_stage: string;
        stuck_since: Date | null;
        stuck_reason: string | null;
        stuck_evidence: unknown;
      }>
    >,
    db('webhook_deliveries')
      .where({ tenant_id: tenantId, status: 'DEAD_LETTER' })
      .orderBy('updated_at')
      .limit(limit + 1)
      .select(
        'event_id',
        'event_type',
        'subscriber_url',
        'attempts',
        'last_status_code',
        'last_error',
        'updated_at',
      ) as Promise<
      Array<{
        event_id: string;
        event_type: string;
        subscriber_url: string;
        attempts: number;
        last_status_code: number | null;
        last_error: string | null;
        updated_at: Date;
      }>
    >,
    db('treasury_breaker_states')
      .whereNot('state', 'closed')
      .orderBy('changed_at')
      .select('service_id', 'state', 'changed_at') as Promise<
      Array<{ service_id: string; state: string; changed_at: Date }>
    >,
    // Returns the failure sweep could not hand to a running workflow (the PI and its payment had
    // both closed): money came back, and only a person can decide what to do with it.
    db('treasury_returns as r')
      .join('payment_instructions as i', 'i.pi_number', 'r.pi_number')
      .where('i.tenant_id', tenantId)
      .andWhere('r.routed_to', 'UNROUTED')
      .orderBy('r.received_at')
      .limit(limit + 1)
      .select('r.pi_number', 'i.bill_number', 'r.beneficiary_number', 'r.failure_reason', 'r.received_at') as Promise<
      Array<{
        pi_number: string;
        bill_number: string;
        beneficiary_number: string;
        failure_reason: string;
        received_at: Date;
      }>
    >,
    // Payments whose workflow stopped because an activity can never succeed on its input.
    db('payment_flags')
      .where('tenant_id', tenantId)
      .orderBy('flagged_at')
      .limit(limit + 1)
      .select('workflow_id', 'bill_number', 'activity', 'reason', 'flagged_at') as Promise<
      Array<{ workflow_id: string; bill_number: string; activity: string; reason: string; flagged_at: Date }>
    >,
  ]);
  const failures = await failureReasons(
    db,
    awaitingCorrection.slice(0, limit).map((r) => r.workflow_id),
  );
  // What reconciliation found the treasury's records disagree with ours about, still open.
  const differences = (await db('reconciliation_differences')
    .where({ tenant_id: tenantId })
    .whereNull('resolved_at')
    .orderBy('first_seen_at')
    .limit(limit + 1)
    .select(
      'pi_number',
      'bill_number',
      'kind',
      'our_status',
      'treasury_status',
      'first_seen_at',
      'last_seen_at',
    )) as Array<{
    pi_number: string;
    bill_number: string;
    kind: string;
    our_status: string;
    treasury_status: string;
    first_seen_at: Date;
    last_seen_at: Date;
  }>;
  return {
    reconciliationDifferences: section(
      differences.map((r) => ({
        piNumber: r.pi_number,
        billNumber: r.bill_number,
        kind: r.kind,
        ourStatus: r.our_status,
        treasuryStatus: r.treasury_status,
        firstSeenAt: r.first_seen_at.toISOString(),
        lastSeenAt: r.last_seen_at.toISOString(),
        links: {
          ...instructionLinks(r.pi_number, r.bill_number),
          ...onUi(instructionWorkflowId(tenantId, r.pi_number)),
        },
      })),
      limit,
    ),
    awaitingCorrection: section(
      awaitingCorrection.map((r) => ({
        paymentId: r.workflow_id,
        billNumber: r.bill_number,
        status: r.status,
        totalPaise: r.total_paise,
        since: r.updated_at.toISOString(),
        reason: failures.get(r.workflow_id)?.reason || `payment is ${r.status}`,
        failures: failures.get(r.workflow_id)?.failures ?? [],
        links: { ...paymentLinks(r.bill_number), ...onUi(r.workflow_id) },
      })),
      limit,
    ),
    fundsOverdue: section(
      fundsOverdue.map((r) => ({
        paymentId: r.workflow_id,
        billNumber: r.bill_number,
        amountPaise: r.amount_paise,
        waitingSince: r.since.toISOString(),
        deadlineAt: r.deadline_at.toISOString(),
        reason: fundsOverdueReason({ ...r, hoaCodes: r.head_of_account_codes }),
        links: { ...paymentLinks(r.bill_number), ...onUi(r.workflow_id) },
      })),
      limit,
    ),
    stuckInstructions: section(
      stuck.map((r) => ({
        piNumber: r.pi_number,
        billNumber: r.bill_number,
        status: r.status,
        stuckStage: r.stuck_stage,
        stuckSince: r.stuck_since?.toISOString() ?? null,
        // Why it is flagged (an error the treasury answered), and for an UNCONFIRMED PI what was tried.
        reason: r.stuck_reason ?? stuckReason(r),
        evidence: r.status === 'UNCONFIRMED' ? r.stuck_evidence : null,
        links: {
          ...instructionLinks(r.pi_number, r.bill_number),
          ...onUi(instructionWorkflowId(tenantId, r.pi_number)),
        },
      })),
      limit,
    ),
    deadLetteredWebhooks: section(
      deadLetters.map((r) => ({
        eventId: r.event_id,
        eventType: r.event_type,
        subscriberUrl: r.subscriber_url,
        attempts: r.attempts,
        lastStatusCode: r.last_status_code,
        lastError: r.last_error,
        at: r.updated_at.toISOString(),
      })),
      limit,
    ),
    returnsAfterClose: section(
      unrouted.map((r) => ({
        piNumber: r.pi_number,
        billNumber: r.bill_number,
        beneficiaryNumber: r.beneficiary_number,
        reason: r.failure_reason,
        receivedAt: r.received_at.toISOString(),
        links: {
          ...instructionLinks(r.pi_number, r.bill_number),
          ...onUi(instructionWorkflowId(tenantId, r.pi_number)),
        },
      })),
      limit,
    ),
    flaggedPayments: section(
      flagged.map((r) => ({
        paymentId: r.workflow_id,
        billNumber: r.bill_number,
        activity: r.activity,
        reason: r.reason,
        flaggedAt: r.flagged_at.toISOString(),
        links: { ...paymentLinks(r.bill_number), ...onUi(r.workflow_id) },
      })),
      limit,
    ),
    openBreakers: breakers.map((r) => ({ serviceId: r.service_id, state: r.state, since: r.changed_at.toISOString() })),
  };
}
