import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { createSimulatorApp } from './app';
import { AdjustableClock, systemClock, type Clock } from './clock';
import { Dialect, type DialectInput } from './dialect';
import { DEFAULT_FAULT_SEED, FaultInjector, type FaultConfigInput } from './faults';
import { generateTreasuryKeyPair, loadOrCreateKeyPair } from './keys';
import { defaultSeed, type TreasurySeed } from './seed/schema';
import { SessionStore } from './sessions';
import { DEFAULT_DELAYS, type LifecycleDelays, type StageTimeline } from './state/delays';
import type { FailureRule } from './state/failure-rules';
import { TreasuryState } from './state/treasury-state';

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default `ifms-orchestrator-dev` / `dev-client-secret`, the platform's dev defaults. */
  clientId?: string;
  clientSecret?: string;
  /** Default 30 minutes. */
  sessionTtlMs?: number;
  /** Stage delays; missing ones take the dev defaults (a few seconds). */
  delays?: Partial<LifecycleDelays>;
  /** Load (or generate and save) `treasury-private.pem` / `treasury-public.pem` here; default: in memory. */
  keyDir?: string;
  /** Default: `simulator/seed/treasury-seed.json`. */
  seed?: TreasurySeed;
  /** Bills whose number matches are rejected by the SSU. Default `REJECT`; null or '' disables. */
  rejectBillPattern?: string | RegExp | null;
  /** Per-beneficiary outcomes by account suffix; default 999 / 998 returned, 997 late. */
  failureRules?: FailureRule[];
  /** Default: the system clock. Admin `POST /admin/time` fast-forwards on top of it. */
  clock?: Clock;
  /** Faults active from the start. */
  faults?: FaultConfigInput;
  /** How the treasury words and times things (`simulator/dialect.ts`); default faithful. */
  dialect?: DialectInput;
  /** Each PI's stage times drawn at receipt (a benchmark's timing model), in place of `delays`. */
  timeline?: StageTimeline;
  /** PRNG seed for faults. */
  faultSeed?: number;
  /** Default: silent. */
  logger?: Logger;
  /** Largest accepted request body (express size string). Default 20mb. */
  bodyLimit?: string;
}

export interface RunningSimulator {
  /** Base URL, e.g. `http://127.0.0.1:41234` (the platform's TREASURY_BASE_URL). */
  url: string;
  publicKeyPem: string;
  state: TreasuryState;
  faults: FaultInjector;
  sessions: SessionStore;
  /** The simulator's clock (the injected one plus any admin fast-forward). */
  clock: AdjustableClock;
  close(): Promise<void>;
}

export const DEFAULT_CLIENT_ID = 'ifms-orchestrator-dev';
export const DEFAULT_CLIENT_SECRET = 'dev-client-secret';

/** Starts a simulated JIT-FS treasury on its own HTTP server. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const log = options.logger ?? pino({ level: 'silent' });
  const clock = new AdjustableClock(options.clock ?? systemClock);
  const keys = options.keyDir ? await loadOrCreateKeyPair(options.keyDir) : generateTreasuryKeyPair();
  const state = new TreasuryState({
    seed: options.seed ?? defaultSeed(),
    clock,
    delays: { ...DEFAULT_DELAYS, ...options.delays },
    rejectBillPattern: toPattern(options.rejectBillPattern),
    failureRules: options.failureRules,
    dialect: new Dialect(options.dialect),
    timeline: options.timeline,
  });
  const sessions = new SessionStore(clock, options.sessionTtlMs ?? 30 * 60_000);
  const faults = new FaultInjector(clock, options.faultSeed ?? DEFAULT_FAULT_SEED, options.faults);

  const held = new Set<NodeJS.Timeout>();
  const app = createSimulatorApp({
    state,
    sessions,
    faults,
    clock,
    privateKeyPem: keys.privateKeyPem,
    publicKeyPem: keys.publicKeyPem,
    clientId: options.clientId ?? DEFAULT_CLIENT_ID,
    clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
    bodyLimit: options.bodyLimit ?? '20mb',
    log,
    hold(req, res, ms) {
      const timer = setTimeout(() => {
        held.delete(timer);
        req.socket.destroy();
      }, ms);
      held.add(timer);
      res.on('close', () => {
        clearTimeout(timer);
        held.delete(timer);
      });
    },
  });

  const server = http.createServer(app);
  // Long polls and held sockets are the point of some faults; never let Node's defaults cut them short.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info({ url }, 'treasury simulator listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    publicKeyPem: keys.publicKeyPem,
    state,
    faults,
    sessions,
    clock,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const timer of held) clearTimeout(timer);
        held.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function toPattern(pattern: string | RegExp | null | undefined): RegExp | null | undefined {
  if (pattern === undefined || pattern === null || pattern instanceof RegExp) return pattern;
  return pattern === '' ? null : new RegExp(pattern);
}
