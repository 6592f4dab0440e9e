import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Knex } from 'knex';
import pino from 'pino';
import { Registry } from 'prom-client';
import { inject } from 'vitest';
import { loadConfig } from '../../config';
import { createDb } from '../../db/connection';
import { JIT_PATHS } from '../../jit/service-ids';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator/server';
import { createTreasuryGateway, type TreasuryGateway } from '..';

/**
 * An in-process treasury simulator plus gateways wired to the integration test database, with every
 * secret the client handles captured on the side (keys from the injected random source, tokens and
 * SEK ciphertexts from a fetch wrapper, all log output), so tests can prove none of it was stored.
 * Each harness uses its own client id: session rows and simulator sessions never collide between files.
 */
export interface HarnessOptions {
  label: string;
  simulator?: Omit<SimulatorOptions, 'clientId' | 'clientSecret' | 'port'>;
  env?: Record<string, string>;
}

export interface CapturedSecrets {
  /** Every appKey and REK the gateways generated (copies: the client zeroes its own after use). */
  keys: Buffer[];
  authTokens: string[];
  /** The `sek` field of every authenticate answer (base64 of AES(appKey, SEK)). */
  sekCiphertexts: string[];
  /** Every line the gateways logged, at debug level. */
  logLines: string[];
}

export async function startHarness(options: HarnessOptions) {
  const clientId = `it-${options.label}-${randomUUID().slice(0, 8)}`;
  const clientSecret = randomBytes(12).toString('hex');
  const simulator: RunningSimulator = await startSimulator({ clientId, clientSecret, ...options.simulator });
  const db: Knex = createDb(inject('databaseUrl'), 8);
  const auditKey = randomBytes(32);
  const captured: CapturedSecrets = { keys: [], authTokens: [], sekCiphertexts: [], logLines: [] };
  const gateways: TreasuryGateway[] = [];

  const config = loadConfig({
    NODE_ENV: 'test',
    TREASURY_BASE_URL: simulator.url,
    TREASURY_CLIENT_ID: clientId,
    TREASURY_CLIENT_SECRET: clientSecret,
    TREASURY_SESSION_KEY: randomBytes(32).toString('base64'),
    AUDIT_LOG_KEY: auditKey.toString('base64'),
    AUDIT_LOG_KEY_ID: `it-${options.label}`,
    ...options.env,
  });

  const randomKey = () => {
    const key = randomBytes(32);
    captured.keys.push(Buffer.from(key));
    return key;
  };
  const spyingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = input instanceof Request ? input.url : input.toString();
    if (url.endsWith(JIT_PATHS.authenticate) && response.ok) {
      try {
        const body = JSON.parse(await response.clone().text()) as { authToken?: string; sek?: string };
        if (body.authToken) captured.authTokens.push(body.authToken);
        if (body.sek) captured.sekCiphertexts.push(body.sek);
      } catch {
        // not JSON: the client will classify it; nothing to capture
      }
    }
    return response;
  };
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      captured.logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = pino({ level: 'debug' }, logStream);

  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${simulator.url}/admin${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`admin ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  return {
    clientId,
    config,
    auditKey,
    db,
    simulator,
    captured,
    log,
    /** A gateway as one worker process would build it; `overrides` tune the treasury config. */
    gateway(overrides: Partial<typeof config.treasury> = {}, registry = new Registry()): TreasuryGateway {
      const gateway = createTreasuryGateway({
        config: { ...config.treasury, ...overrides },
        audit: config.audit,
        db,
        log,
        registry,
        fetch: spyingFetch,
        publicKeyPem: simulator.publicKeyPem,
        randomKey,
      });
      gateways.push(gateway);
      return gateway;
    },
    received: () =>
      admin<{
        PI: Record<string, number>;
        COR: Record<string, number>;
        auth: number;
        byService: Record<string, number>;
        faults: Record<string, number>;
      }>('GET', '/received'),
    faults: (config: Record<string, unknown>) => admin('POST', '/faults', config),
    clearFaults: () => admin('DELETE', '/faults'),
    expireSessions: () => admin<{ expired: number }>('POST', '/sessions/expire'),
    async close() {
      await Promise.all(gateways.map((g) => g.close()));
      await simulator.close();
      await db.destroy();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
