import CircuitBreaker from 'opossum';
import type { BreakerState } from '../contracts/treasury';
import { JIT_SERVICE_IDS, type JitServiceId } from '../jit/service-ids';
import { TreasuryBreakerOpenError, TreasuryTransportError } from './errors';

export interface BreakerOptions {
  /** Consecutive failures that open a service's breaker. */
  failureThreshold: number;
  /** How long it stays open before one trial call is let through (half-open). */
  resetTimeoutMs: number;
  /** Retry hint when the breaker is half-open with its one trial call still running. */
  trialWaitMs: number;
  /** Errors that prove the treasury answered (e.g. a 4xx): they count as success, resetting the streak. */
  isAnswer: (err: unknown) => boolean;
  /** Errors that say nothing about the treasury (our database, a caller cancelling): ignored. */
  isNeutral: (err: unknown) => boolean;
  onStateChange: (serviceId: JitServiceId, state: BreakerState) => void;
  now?: () => number;
}

export interface Breakers {
  run<T>(serviceId: JitServiceId, action: () => Promise<T>): Promise<T>;
  states(): Record<JitServiceId, BreakerState>;
  shutdown(): void;
}

/**
 * One opossum breaker per service id, so a broken FD endpoint does not stop PI posting. Opossum
 * opens on an error *percentage* in a rolling window; the requirement is "N consecutive failures",
 * so its own threshold is disabled (a rate can never exceed 100 %) and a streak counter opens it.
 * Opossum still owns open → half-open after `resetTimeout` → one trial → closed or open again.
 * Opossum's own timeout is off: the transport's AbortSignal deadline also cancels the HTTP request.
 */
export function createBreakers(options: BreakerOptions): Breakers {
  const now = options.now ?? Date.now;
  const entries = new Map<
    JitServiceId,
    { breaker: CircuitBreaker<[() => Promise<unknown>], unknown>; openedAt: number }
  >();

  for (const serviceId of JIT_SERVICE_IDS) {
    const breaker = new CircuitBreaker((action: () => Promise<unknown>) => action(), {
      name: `treasury-${serviceId}`,
      timeout: false,
      resetTimeout: options.resetTimeoutMs,
      errorThresholdPercentage: 100,
      errorFilter: (err: unknown) => options.isAnswer(err) || options.isNeutral(err),
    });
    const entry = { breaker, openedAt: 0 };
    let streak = 0;
    breaker.on('failure', () => {
      streak += 1;
      if (streak >= options.failureThreshold && breaker.closed) breaker.open();
    });
    // Opossum reports filtered errors as 'success' with the error as the value.
    breaker.on('success', (value: unknown) => {
      if (!options.isNeutral(value)) streak = 0;
    });
    breaker.on('open', () => {
      entry.openedAt = now();
      options.onStateChange(serviceId, 'open');
    });
    breaker.on('halfOpen', () => options.onStateChange(serviceId, 'half_open'));
    breaker.on('close', () => {
      streak = 0;
      options.onStateChange(serviceId, 'closed');
    });
    options.onStateChange(serviceId, 'closed');
    entries.set(serviceId, entry);
  }

  const entryOf = (serviceId: JitServiceId) => {
    const entry = entries.get(serviceId);
    if (!entry) throw new Error(`no breaker for service ${serviceId}`);
    return entry;
  };
  const stateOf = (b: CircuitBreaker): BreakerState => (b.opened ? 'open' : b.halfOpen ? 'half_open' : 'closed');

  return {
    async run<T>(serviceId: JitServiceId, action: () => Promise<T>): Promise<T> {
      const entry = entryOf(serviceId);
      try {
        return (await entry.breaker.fire(action)) as T;
      } catch (err) {
        const code = (err as { code?: unknown } | null)?.code;
        if (code === 'EOPENBREAKER') {
          const remaining = entry.openedAt + options.resetTimeoutMs - now();
          throw new TreasuryBreakerOpenError(serviceId, remaining > 0 ? remaining : options.trialWaitMs);
        }
        if (code === 'ESHUTDOWN') throw new TreasuryTransportError('treasury gateway is closed', serviceId);
        throw err;
      }
    },
    states() {
      const out = {} as Record<JitServiceId, BreakerState>;
      for (const [serviceId, entry] of entries) out[serviceId] = stateOf(entry.breaker);
      return out;
    },
    shutdown() {
      for (const entry of entries.values()) entry.breaker.shutdown();
    },
  };
}
