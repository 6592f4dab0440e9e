/**
 * The platform probe: a trivial workflow started through the API whose activity writes one row.
 * Operators use it to prove the whole path (API → Temporal → worker → PostgreSQL) end to end.
 */
export interface PlatformProbeInput {
  /** Probe ids are the caller's choice, unique within its tenant only. */
  tenantId: string;
  probeId: string;
  note: string;
}

export interface PlatformProbeResult {
  probeId: string;
  recordedAt: string;
}

export const probeWorkflowId = (tenantId: string, probeId: string): string => `probe:${tenantId}:${probeId}`;
