import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Knex } from 'knex';
import { paymentWorkflowId, type LifecyclePolicy, type PaymentInput } from '../../contracts';
import { ApiError, errorBody } from '../errors';
import type { ApiMetrics } from '../http/metrics';
import { paymentLinks } from '../read-model/links';
import type { BillInput, PaymentAccepted } from '../schemas/payments';
import type { PublicUrls } from '../context';
import { headOfAccountNames } from '../temporal/payment-metadata';
import { startPayment } from '../temporal/start-payment';
import { workflowStatus } from '../temporal/workflow-state';
import { claimKey, completeKey, paymentExists, releaseKey, requestHash } from './idempotency';

export interface SubmitDeps {
  temporal: Client;
  db: Knex;
  lifecycle: LifecyclePolicy;
  metrics: ApiMetrics;
  taskQueue?: string;
  publicUrls?: PublicUrls;
}

export interface Submission {
  tenantId: string;
  submittedBy: string;
  idempotencyKey: string;
  bill: BillInput;
  /** For the workflow-starts metric: which door the bill came through. */
  source: 'api' | 'webhook';
}

export interface SubmitOutcome {
  status: number;
  body: unknown;
  replayed: boolean;
}

/**
 * The one way a bill becomes a payment, for POST /payments and the inbound webhook alike: refuse an
 * unknown tenant (422 UNKNOWN_TENANT, before anything is written), claim the
 * idempotency key, refuse a bill that already has a payment (409 PAYMENT_EXISTS, whichever way it
 * came in), start the workflow, and store the answer so a retry gets exactly the same one.
 */
export async function submitPayment(deps: SubmitDeps, s: Submission): Promise<SubmitOutcome> {
  // A tenant without master data could never be paid: its payment would wait for funds forever.
  const tenant = (await deps.db('tenants').where({ tenant_id: s.tenantId }).first('tenant_id')) as unknown;
  if (!tenant) throw new ApiError(422, 'UNKNOWN_TENANT', `tenant ${s.tenantId} is not known`);
  const ref = { tenantId: s.tenantId, key: s.idempotencyKey };
  const claim = await claimKey(deps.db, ref, s.bill.billNumber, requestHash(s.bill));
  if (claim.kind === 'replay') return { status: claim.status, body: claim.body, replayed: true };

  const workflowId = paymentWorkflowId(s.tenantId, s.bill.billNumber);
  let outcome: SubmitOutcome;
  try {
    // A payment started some other way (another tool, before this API) has no key row: look for it.
    const exists = claim.kind === 'new' && (await workflowStatus(deps.temporal.workflow.getHandle(workflowId)));
    if (exists) {
      outcome = refused(paymentExists(s.tenantId, s.bill.billNumber));
    } else {
      const input = paymentInput(deps, s);
      await startPayment(deps.temporal, input, deps.taskQueue, {
        ...(deps.publicUrls ? { apiBaseUrl: deps.publicUrls.api } : {}),
        headOfAccountNames: await headOfAccountNames(deps.db, input.headOfAccountCodes ?? []),
      });
      deps.metrics.workflowStarts.inc({ workflow: 'paymentWorkflow', source: s.source });
      outcome = { status: 202, body: accepted(workflowId, s.bill.billNumber), replayed: false };
    }
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      // Closed already. A resumed claim started it itself before failing to record the answer.
      outcome =
        claim.kind === 'resume'
          ? { status: 202, body: accepted(workflowId, s.bill.billNumber), replayed: false }
          : refused(paymentExists(s.tenantId, s.bill.billNumber));
    } else {
      await releaseKey(deps.db, ref);
      throw err;
    }
  }
  await completeKey(deps.db, ref, outcome.status, outcome.body);
  return outcome;
}

function paymentInput(deps: SubmitDeps, s: Submission): PaymentInput {
  return {
    tenantId: s.tenantId,
    billNumber: s.bill.billNumber,
    beneficiaries: s.bill.beneficiaries,
    ...(s.bill.headOfAccountCodes ? { headOfAccountCodes: s.bill.headOfAccountCodes } : {}),
    submittedAt: new Date().toISOString(),
    submittedBy: s.submittedBy,
    policy: deps.lifecycle,
  };
}

const accepted = (workflowId: string, billNumber: string): PaymentAccepted => ({
  paymentId: workflowId,
  workflowId,
  billNumber,
  status: 'RECEIVED',
  links: paymentLinks(billNumber),
});

const refused = (e: ApiError): SubmitOutcome => ({
  status: e.status,
  body: errorBody(e.code, e.message, e.details),
  replayed: false,
});
