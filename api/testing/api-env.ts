import type { Express } from 'express';
import { afterAll, beforeAll } from 'vitest';
import { createTestTenant, type TestTenant } from '../../test/funds-fixtures';
import { openLifecycleEnv, type LifecycleEnv } from '../../test/lifecycle-env';
import { appForLifecycleEnv, bearer } from './harness';

/*
 * What the API's integration test files share: a lifecycle environment (worker, simulator, tenant),
 * the app over it, a second tenant, and a bearer token per role. The bindings are live: they are set
 * once the file's `useApiEnv` hook has run.
 */
export let env: LifecycleEnv;
export let app: Express;
export let other: TestTenant;
export let employee: string;
export let integrator: string;
export let ops: string;
export let auditor: string;
export let otherOps: string;
export let otherEmployee: string;

/** Opens the environment before the file's tests and closes it after them. */
export function useApiEnv(label: string): void {
  beforeAll(async () => {
    env = await openLifecycleEnv({ label });
    app = appForLifecycleEnv(env);
    other = await createTestTenant(env.db);
    employee = await bearer(env.tenant.tenantId, 'EMPLOYEE', 'emp-1');
    integrator = await bearer(env.tenant.tenantId, 'SYSTEM_INTEGRATOR', 'erp');
    ops = await bearer(env.tenant.tenantId, 'TREASURY_OPS', 'ops-3');
    auditor = await bearer(env.tenant.tenantId, 'AUDITOR', 'aud-1');
    otherOps = await bearer(other.tenantId, 'TREASURY_OPS');
    otherEmployee = await bearer(other.tenantId, 'EMPLOYEE');
  });
  afterAll(async () => {
    await env?.close();
  });
}

export const path = (b: string) => `/api/v1/payments/${encodeURIComponent(b)}`;
