import { activityInfo } from '@temporalio/activity';
import type { Db } from '../db/connection';
import type { PlatformProbeInput, PlatformProbeResult } from '../contracts';

export function createProbeActivities(deps: { db: Db }) {
  return {
    /** Idempotent by probe id: a retried attempt finds the row it already wrote. */
    async recordProbe(input: PlatformProbeInput): Promise<PlatformProbeResult> {
      const workflowId = activityInfo().workflowExecution?.workflowId ?? 'standalone-activity';
      await deps
        .db('platform_probes')
        .insert({ tenant_id: input.tenantId, probe_id: input.probeId, workflow_id: workflowId, note: input.note })
        .onConflict(['tenant_id', 'probe_id'])
        .ignore();
      const row: { recorded_at: Date } | undefined = await deps
        .db('platform_probes')
        .where({ tenant_id: input.tenantId, probe_id: input.probeId })
        .first('recorded_at');
      if (!row) throw new Error(`probe ${input.probeId} row vanished after insert`);
      return { probeId: input.probeId, recordedAt: row.recorded_at.toISOString() };
    },
  };
}
