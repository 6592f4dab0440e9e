import type { Client } from '@temporalio/client';
import type { Db } from '../db/connection';

export interface DependencyState {
  status: 'up' | 'down';
  latencyMs: number;
  detail?: string;
}

export type HealthCheck = () => Promise<DependencyState>;

async function timed(check: () => Promise<string | undefined>, timeoutMs: number): Promise<DependencyState> {
  const started = performance.now();
  try {
    const detail = await Promise.race([
      check(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started), ...(detail ? { detail } : {}) };
  } catch (err) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), detail: (err as Error).message };
  }
}

export function databaseCheck(db: Db, timeoutMs = 2_000): HealthCheck {
  return () =>
    timed(async () => {
      await db.raw('select 1');
      return undefined;
    }, timeoutMs);
}

export function temporalCheck(client: Client, timeoutMs = 2_000): HealthCheck {
  return () =>
    timed(async () => {
      const info = await client.workflowService.getSystemInfo({});
      return `server ${info.serverVersion}`;
    }, timeoutMs);
}

/** Reachability only: any HTTP answer from the treasury host counts as up; authentication is not attempted. */
export function treasuryCheck(baseUrl: string, timeoutMs = 2_000): HealthCheck {
  return () =>
    timed(async () => {
      const res = await fetch(baseUrl, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
      await res.body?.cancel();
      return `HTTP ${res.status}`;
    }, timeoutMs);
}
