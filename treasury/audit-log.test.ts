import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/connection';
import { createAuditCipher } from '../security/audit-cipher';
import { createAuditLog } from './audit-log';
import { createTreasuryMetrics } from './metrics';

describe('audit log writer', () => {
  it('a failing write is counted and logged, never thrown into the treasury call', async () => {
    const registry = new Registry();
    const metrics = createTreasuryMetrics(registry);
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (l: string) => lines.push(l) });
    const db = { transaction: () => Promise.reject(new Error('relation "treasury_request_log" does not exist')) };
    const audit = createAuditLog({
      db: db as unknown as Db,
      cipher: createAuditCipher({ id: 'k', key: randomBytes(32) }),
      log,
      metrics,
    });
    await expect(
      audit.record({
        id: '00000000-0000-4000-8000-000000000000',
        serviceId: 'PI',
        billNumber: 'B-1',
        request: '{"params":{"benfAcctNo":"123456789012"}}',
        response: null,
        statusCode: 200,
        durationMs: 12,
      }),
    ).resolves.toBeUndefined();
    expect(await registry.getSingleMetricAsString('treasury_audit_log_failures_total')).toContain(
      'treasury_audit_log_failures_total{table="treasury_request_log"} 1',
    );
    expect(lines.join('')).toContain('audit log write failed');
    expect(lines.join('')).not.toContain('123456789012');
  });

  it('metrics can be created twice on one registry (two gateways in one process)', () => {
    const registry = new Registry();
    expect(createTreasuryMetrics(registry).calls).toBe(createTreasuryMetrics(registry).calls);
  });
});
