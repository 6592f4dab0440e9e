/** The four services of a Temporal server; `split` runs each as a process of its own. */
export const TEMPORAL_SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

export interface ServicePorts {
  grpc: number;
  membership: number;
  /** Prometheus listener of the process running this service (in `single` all share the frontend's). */
  metrics: number;
}

export interface EnginePorts {
  services: Record<TemporalService, ServicePorts>;
  /** The frontend's HTTP API (also what Nexus callbacks use). */
  frontendHttp: number;
  ui: number;
}

/** Ports a layout takes from `base` upwards (see `enginePorts`). */
export const PORTS_FROM_BASE = 12;
/** The server keeps membership ports in a PostgreSQL smallint: a larger port kills it at start. */
export const MAX_SERVER_PORT = 32_767;

/**
 * Every port of the engine from two numbers in config: the frontend's gRPC port (TEMPORAL_ADDRESS,
 * what clients dial) and a base for the internal ones, laid out consecutively so a free block of
 * PORTS_FROM_BASE ports is all a test run needs to find.
 */
export function enginePorts(frontendPort: number, base: number, uiPort: number): EnginePorts {
  const at = (offset: number) => base + offset;
  const ports: EnginePorts = {
    services: {
      frontend: { grpc: frontendPort, membership: at(0), metrics: at(7) },
      history: { grpc: at(1), membership: at(2), metrics: at(8) },
      matching: { grpc: at(3), membership: at(4), metrics: at(9) },
      worker: { grpc: at(5), membership: at(6), metrics: at(10) },
    },
    frontendHttp: at(11),
    ui: uiPort,
  };
  const stored = [frontendPort, ...Object.values(ports.services).flatMap((s) => [s.grpc, s.membership])];
  const tooHigh = stored.filter((p) => p > MAX_SERVER_PORT);
  if (tooHigh.length)
    throw new Error(`Temporal server ports must stay below 32768 (stored as smallint): ${tooHigh.join(', ')}`);
  return ports;
}
