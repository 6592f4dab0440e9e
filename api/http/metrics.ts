import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestHandler } from 'express';
import { routeLabel } from './route-label';

export interface ApiMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  workflowStarts: Counter<'workflow' | 'source'>;
  codecPayloads: Counter<'operation' | 'outcome'>;
}

/**
 * The API process's Prometheus metrics on a registry of its own (tests build one per app). Treasury
 * call latency and breaker states are the workers' metrics (their own /metrics), where the gateway runs.
 */
export function createApiMetrics(registry = new Registry()): ApiMetrics {
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency in seconds by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const workflowStarts = new Counter({
    name: 'workflow_starts_total',
    help: 'Workflows started by the API, by workflow type and the door the request came through',
    labelNames: ['workflow', 'source'] as const,
    registers: [registry],
  });
  const codecPayloads = new Counter({
    name: 'codec_payloads_total',
    help: 'Payloads the codec server decoded or encoded (outcome ok, refused for another tenant, undecodable)',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  return { registry, httpDuration, workflowStarts, codecPayloads };
}

export function observeHttp(metrics: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.httpDuration.startTimer();
    res.once('finish', () => stop({ method: req.method, route: routeLabel(req), status: String(res.statusCode) }));
    next();
  };
}
