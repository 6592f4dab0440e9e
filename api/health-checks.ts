import type { Client } from '@temporalio/client';
import type { Db } from '../db/connection';

export interface DependencyState {
  status: 'up' | 'down';
  latencyMs: number;
  detail?: string;
  /** Temporal only: what the cluster says it runs on (the dev server: sqlite, one shard). */
  engine?: TemporalEngineDescription;
}

export interface TemporalEngineDescription {
  persistence: string;
  visibility: string;
  historyShards: number;
}

export type HealthCheck = () => Promise<DependencyState>;

type CheckResult = string | undefined | Pick<DependencyState, 'detail' | 'engine'>;

async function timed(check: () => Promise<CheckResult>, timeoutMs: number): Promise<DependencyState> {
  const started = performance.now();
  try {
    const result = await Promise.race([
      check(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    const extra = typeof result === 'string' ? { detail: result } : (result ?? {});
    return { status: 'up', latencyMs: Math.round(performance.now() - started), ...extra };
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
      // The cluster's own description, as `temporal operator cluster describe` shows it.
      const info = await client.workflowService.getClusterInfo({});
      const engine: TemporalEngineDescription = {
        persistence: info.persistenceStore ?? 'unknown',
        visibility: info.visibilityStore ?? 'unknown',
        historyShards: info.historyShardCount ?? 0,
      };
      const shards = `${engine.historyShards} history shard${engine.historyShards === 1 ? '' : 's'}`;
      return {
        detail: `server ${info.serverVersion}, ${engine.persistence} / ${engine.visibility}, ${shards}`,
        engine,
      };
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
