import type { Client } from '@temporalio/client';
import type { Express } from 'express';
import type { Knex } from 'knex';
import request from 'supertest';
import { expect } from 'vitest';
import { bearer } from '../api/testing/harness';
import {
  instructionStateQuery,
  instructionWorkflowId,
  paymentStateQuery,
  paymentWorkflowId,
  SearchAttr,
} from '../contracts';
import { waitFor } from './wait-for';

/** One status as each place an operator can look shows it; a stuck PI reads STUCK_<stage> everywhere. */
interface Views {
  searchAttribute: string | undefined;
  query: string | undefined;
  readModel: string | undefined;
  api: string | undefined;
}
type Subject = { kind: 'payment' | 'PI'; id: string; views: Views };

const stuck = (status: string | undefined, stage: string | null | undefined) => (stage ? `STUCK_${stage}` : status);
const agree = (v: Views) => new Set(Object.values(v)).size === 1 && v.query !== undefined;

export interface StatusSources {
  client: Client;
  db: Knex;
  app: Express;
  tenantId: string;
}

/** What the Web UI's list shows: visibility, which lags the workflow by a moment. */
async function searchAttribute(client: Client, workflowId: string, key: typeof SearchAttr.paymentStatus) {
  for await (const w of client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) {
    return w.typedSearchAttributes.get(key);
  }
  return undefined;
}

async function read(s: StatusSources, billNumber: string): Promise<Subject[]> {
  const auth = await bearer(s.tenantId, 'TREASURY_OPS', 'status-agreement');
  const workflowId = paymentWorkflowId(s.tenantId, billNumber);
  const state = await s.client.workflow.getHandle(workflowId).query(paymentStateQuery);
  const row = (await s.db('payments').where({ tenant_id: s.tenantId, bill_number: billNumber }).first()) as
    { status: string } | undefined;
  const api = await request(s.app)
    .get(`/api/v1/payments/${encodeURIComponent(billNumber)}`)
    .set('Authorization', auth);
  const subjects: Subject[] = [
    {
      kind: 'payment',
      id: billNumber,
      views: {
        searchAttribute: await searchAttribute(s.client, workflowId, SearchAttr.paymentStatus),
        query: state.status,
        readModel: row?.status,
        api: (api.body as { status?: string }).status,
      },
    },
  ];
  for (const { piNumber } of state.instructions) {
    const piId = instructionWorkflowId(s.tenantId, piNumber);
    const pi = await s.client.workflow.getHandle(piId).query(instructionStateQuery);
    const piRow = (await s.db('payment_instructions').where({ pi_number: piNumber }).first()) as
      { status: string; stuck_stage: string | null } | undefined;
    const piApi = await request(s.app)
      .get(`/api/v1/payment-instructions/${encodeURIComponent(piNumber)}`)
      .set('Authorization', auth);
    const body = piApi.body as { status?: string; stuckStage?: string | null };
    subjects.push({
      kind: 'PI',
      id: piNumber,
      views: {
        searchAttribute: await searchAttribute(s.client, piId, SearchAttr.piStatus),
        query: stuck(pi.status, pi.stuckStage),
        readModel: stuck(piRow?.status, piRow?.stuck_stage),
        api: stuck(body.status, body.stuckStage),
      },
    });
  }
  return subjects;
}

/**
 * The one status story: for a payment and each of its PIs, the search attribute (the Web UI's list),
 * the workflow's query, the read model and the REST API say the same. Visibility and the read model
 * trail the workflow by a moment, so it looks again until they agree or `timeoutMs` passes, then
 * fails showing every view. Returns the agreed statuses (payment first) for the caller's own checks.
 */
export async function expectStatusesAgree(
  sources: StatusSources,
  billNumber: string,
  timeoutMs = 15_000,
): Promise<Array<{ kind: string; id: string; status: string }>> {
  let last: Subject[] = [];
  await waitFor(
    async () => {
      last = await read(sources, billNumber);
      return last.every((s) => agree(s.views));
    },
    `the four views of ${billNumber} and its PIs to agree`,
    timeoutMs,
  ).catch(() => undefined);
  for (const subject of last) {
    expect(
      new Set(Object.values(subject.views)).size,
      `${subject.kind} ${subject.id}: ${JSON.stringify(subject.views)}`,
    ).toBe(1);
  }
  return last.map((s) => ({ kind: s.kind, id: s.id, status: s.views.query! }));
}
