import type { Server } from 'node:http';
import { createTestTenant } from '../../test/funds-fixtures';
import { openIntegrationEnv } from '../../test/integration-env';
import { FAST_POLICY } from '../../test/lifecycle-env';
import { testApp } from './harness';
import { LifecycleTable } from '../../db/lifecycle/tables';

/** Every row a request could leave behind for a tenant: read model, keys, events, probes, flags. */
const TENANT_TABLES = {
  payments: LifecycleTable.payments,
  instructions: LifecycleTable.instructions,
  idempotencyKeys: 'api_idempotency_keys',
  webhookEvents: 'webhook_inbound_events',
  probes: 'platform_probes',
  flags: 'payment_flags',
} as const;

export const EMPTY_FOOTPRINT = {
  payments: 0,
  instructions: 0,
  idempotencyKeys: 0,
  webhookEvents: 0,
  probes: 0,
  flags: 0,
};

/**
 * The real app listening on a free port, on a task queue no worker polls (a workflow started by
 * mistake stays visible to `workflows()`), with a fresh tenant: for tests that send what must be refused.
 */
export async function openIdleApi(label: string) {
  const env = await openIntegrationEnv();
  const tenant = await createTestTenant(env.db);
  const app = testApp({
    temporal: env.client,
    db: env.db,
    taskQueue: env.uniqueTaskQueue(label),
    lifecycle: FAST_POLICY,
    rateLimitPerMinute: 1_000_000,
  });
  const server: Server = app.listen(0, '127.0.0.1');
  const count = async (table: string) =>
    Number(((await env.db(table).where({ tenant_id: tenant.tenantId }).count({ n: '*' }).first()) as { n: string }).n);
  return {
    env,
    tenant,
    server,
    async footprint(): Promise<typeof EMPTY_FOOTPRINT> {
      const entries = await Promise.all(
        Object.entries(TENANT_TABLES).map(async ([name, table]) => [name, await count(table)] as const),
      );
      return Object.fromEntries(entries) as typeof EMPTY_FOOTPRINT;
    },
    /** The tenant's payment workflows and probe workflows, as Temporal's visibility sees them. */
    async workflows(): Promise<number> {
      const query = `TenantId = "${tenant.tenantId}" OR WorkflowId STARTS_WITH "probe:${tenant.tenantId}:"`;
      return (await env.client.workflow.count(query)).count;
    },
    async close(): Promise<void> {
      await new Promise((resolve) => server.close(resolve));
      await env.close();
    },
  };
}

export type IdleApi = Awaited<ReturnType<typeof openIdleApi>>;
