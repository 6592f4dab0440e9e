import type { Knex } from 'knex';
import type { Registry } from 'prom-client';
import type { AppConfig } from '../config';
import type { Logger } from '../config/logger';
import type { BreakerState, TreasuryResult } from '../contracts/treasury';
import { TreasuryErrorType } from '../contracts/treasury-errors';
import { generateAesKey } from '../jit/crypto';
import type { JitRow } from '../jit/schemas';
import type { JitServiceId } from '../jit/service-ids';
import { createAuditCipher } from '../security/audit-cipher';
import { createAuditLog } from './audit-log';
import { createBreakers } from './breakers';
import { TreasuryCancelledError, TreasuryError, TreasuryHttpError, TreasurySessionStoreError } from './errors';
import { exchange, type ExchangeDeps } from './exchange';
import { performHandshake, publicKeyLoader } from './handshake';
import { BREAKER_STATE_VALUE, createTreasuryMetrics } from './metrics';
import { auditOutcomeOf } from './outcomes';
import { validWireParams } from './params';
import { parseServiceResponse } from './response';
import { createSessionManager } from './session';
import { createPgSessionStore } from './session-store';

export interface TreasuryGatewayDeps {
  config: AppConfig['treasury'];
  audit: AppConfig['audit'];
  db: Knex;
  log: Logger;
  /** The process's Prometheus registry. */
  registry: Registry;
  fetch?: typeof fetch;
  /** The treasury's RSA public key; read from `config.publicKeyFile` at the first handshake otherwise. */
  publicKeyPem?: string;
  /** Source of appKeys and REKs (tests inject one to prove that none of them leaks). */
  randomKey?: () => Buffer;
  now?: () => number;
  /** Told of every breaker transition (the worker records them for the operator inbox). */
  onBreakerStateChange?: (serviceId: JitServiceId, state: BreakerState) => void;
}

export interface CallOptions {
  /** The caller's cancellation, e.g. the activity's `cancellationSignal`. */
  signal?: AbortSignal;
  /** The bill this call is about, for the audit log (PD, for example, only carries a bill reference). */
  billNumber?: string;
}

interface CallSpec<S extends JitServiceId> {
  serviceId: S;
  params: () => unknown;
  billNumber: string | null;
  jitBillNo?: string;
}

/** Does the call's work for one service; the typed per-service functions are thin wrappers. */
export type ServiceCaller = <S extends JitServiceId>(
  spec: CallSpec<S>,
  options?: CallOptions,
) => Promise<TreasuryResult<JitRow<S>>>;

/**
 * Builds the machinery once per process (habit 2): breakers, session manager, audit log, metrics.
 * The returned caller validates params, runs the exchange under the service's breaker, and records
 * latency and outcome. It never retries: Temporal's activity retry policy does.
 */
export function createServiceCaller(deps: TreasuryGatewayDeps) {
  const { log } = deps;
  const config = { ...deps.config, baseUrl: deps.config.baseUrl.replace(/\/+$/, '') };
  const now = deps.now ?? Date.now;
  const randomKey = deps.randomKey ?? generateAesKey;
  const metrics = createTreasuryMetrics(deps.registry);
  const auditLog = createAuditLog({
    db: deps.db,
    cipher: createAuditCipher({ id: deps.audit.keyId, key: deps.audit.key }, deps.audit.oldKeys),
    log,
    metrics,
  });
  const publicKeyPem = deps.publicKeyPem
    ? () => Promise.resolve(deps.publicKeyPem as string)
    : publicKeyLoader(config.publicKeyFile);
  const http = deps.fetch ?? fetch;

  const sessions = createSessionManager({
    store: createPgSessionStore({
      db: deps.db,
      cipher: createAuditCipher(config.sessionKey),
      clientId: config.clientId,
      lockTimeoutMs: config.timeoutMs * 2,
    }),
    handshake: () =>
      performHandshake({
        baseUrl: config.baseUrl,
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        publicKeyPem,
        fetch: http,
        timeoutMs: config.timeoutMs,
        randomKey,
        audit: auditLog,
        now,
      }),
    ttlMs: config.sessionTtlMs,
    refreshMarginMs: config.sessionRefreshMarginMs,
    now,
    onSession: (source) => {
      metrics.sessions.inc({ source });
      log.info({ source }, source === 'handshake' ? 'treasury session obtained' : 'treasury session shared from store');
    },
  });

  const breakers = createBreakers({
    failureThreshold: config.breaker.failureThreshold,
    resetTimeoutMs: config.breaker.resetTimeoutMs,
    trialWaitMs: config.timeoutMs,
    isAnswer: (err) => err instanceof TreasuryHttpError && err.type === TreasuryErrorType.RequestRefused,
    isNeutral: (err) => err instanceof TreasurySessionStoreError || err instanceof TreasuryCancelledError,
    onStateChange: (serviceId, state) => {
      metrics.breakerState.set({ service_id: serviceId }, BREAKER_STATE_VALUE[state]);
      if (state !== 'closed') log.warn({ serviceId, state }, 'treasury circuit breaker state changed');
      deps.onBreakerStateChange?.(serviceId, state);
    },
    now,
  });

  const exchangeDeps: ExchangeDeps = {
    baseUrl: config.baseUrl,
    fetch: http,
    timeoutMs: config.timeoutMs,
    randomKey,
    sessions,
    audit: auditLog,
    now,
  };

  const call: ServiceCaller = async (spec, options = {}) => {
    const { serviceId } = spec;
    const billNumber = options.billNumber ?? spec.billNumber;
    const started = now();
    let outcome: string = TreasuryErrorType.Unexpected;
    try {
      const params = validWireParams(serviceId, spec.params);
      const result = await breakers.run(serviceId, () =>
        exchange(exchangeDeps, {
          serviceId,
          params,
          billNumber,
          signal: options.signal,
          read: (text) => parseServiceResponse(serviceId, text, { jitBillNo: spec.jitBillNo }),
          auditOutcome: auditOutcomeOf,
        }),
      );
      outcome = result.kind;
      log.debug({ serviceId, billNumber, outcome, ms: now() - started }, 'treasury call answered');
      return result;
    } catch (err) {
      outcome = err instanceof TreasuryError ? err.type : TreasuryErrorType.Unexpected;
      log.warn(
        { serviceId, billNumber, type: outcome, error: err instanceof Error ? err.message : String(err) },
        'treasury call failed',
      );
      throw err;
    } finally {
      metrics.callDuration.observe({ service_id: serviceId, outcome }, (now() - started) / 1000);
      metrics.calls.inc({ service_id: serviceId, outcome });
    }
  };

  return {
    call,
    breakerStates: (): Record<JitServiceId, BreakerState> => breakers.states(),
    close: (): Promise<void> => {
      breakers.shutdown();
      return Promise.resolve();
    },
  };
}
