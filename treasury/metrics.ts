import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The gateway's Prometheus metrics on a registry the process owns (the worker exposes it). Getting an
 * existing metric instead of registering twice lets several gateways share one registry (tests run
 * two "worker processes" in one).
 */
export interface TreasuryMetrics {
  /** Wall time of one service call (including a re-authentication if one was needed), by outcome. */
  callDuration: Histogram<'service_id' | 'outcome'>;
  calls: Counter<'service_id' | 'outcome'>;
  /** 0 closed, 1 half-open, 2 open. */
  breakerState: Gauge<'service_id'>;
  /** Handshakes done by this process, and sessions adopted from another process's handshake. */
  sessions: Counter<'source'>;
  /** Audit rows that could not be written; the treasury call itself went on. */
  auditFailures: Counter<'table'>;
}

export const BREAKER_STATE_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

// Fine at the low end for p50 of a healthy treasury, up to the 10 s default timeout for p99.
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 30];

export function createTreasuryMetrics(registry: Registry): TreasuryMetrics {
  const get = <M>(name: string, make: () => M): M => (registry.getSingleMetric(name) as M | undefined) ?? make();
  return {
    callDuration: get(
      'treasury_call_duration_seconds',
      () =>
        new Histogram({
          name: 'treasury_call_duration_seconds',
          help: 'Treasury service call latency in seconds, per service id and outcome',
          labelNames: ['service_id', 'outcome'] as const,
          buckets: LATENCY_BUCKETS,
          registers: [registry],
        }),
    ),
    calls: get(
      'treasury_calls_total',
      () =>
        new Counter({
          name: 'treasury_calls_total',
          help: 'Treasury service calls per service id and outcome (result kind or error type)',
          labelNames: ['service_id', 'outcome'] as const,
          registers: [registry],
        }),
    ),
    breakerState: get(
      'treasury_breaker_state',
      () =>
        new Gauge({
          name: 'treasury_breaker_state',
          help: 'Circuit breaker state per service id: 0 closed, 1 half-open, 2 open',
          labelNames: ['service_id'] as const,
          registers: [registry],
        }),
    ),
    sessions: get(
      'treasury_sessions_total',
      () =>
        new Counter({
          name: 'treasury_sessions_total',
          help: 'Treasury sessions obtained: handshake (this process authenticated) or shared (adopted from PostgreSQL)',
          labelNames: ['source'] as const,
          registers: [registry],
        }),
    ),
    auditFailures: get(
      'treasury_audit_log_failures_total',
      () =>
        new Counter({
          name: 'treasury_audit_log_failures_total',
          help: 'Treasury audit log rows that could not be written (the call itself was not failed)',
          labelNames: ['table'] as const,
          registers: [registry],
        }),
    ),
  };
}
