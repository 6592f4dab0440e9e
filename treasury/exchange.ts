import { randomUUID } from 'node:crypto';
import { aesEcbEncrypt } from '../jit/crypto';
import { JIT_PATHS, STALE_SESSION_MESSAGE, type JitServiceId } from '../jit/service-ids';
import type { AuditLog } from './audit-log';
import { describeForAudit, TreasuryHttpError, TreasurySessionError, TreasurySessionStoreError } from './errors';
import { decryptResponseBody } from './response';
import type { SessionManager } from './session';
import type { TreasurySession } from './session-store';
import { postJson } from './transport';

export interface ExchangeDeps {
  baseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  /** Source of REKs (tests inject one to prove they never leak). */
  randomKey: () => Buffer;
  sessions: SessionManager;
  audit: AuditLog;
  now: () => number;
}

export interface ExchangeRequest<T> {
  serviceId: JitServiceId;
  /** Wire params, already validated. */
  params: unknown;
  billNumber: string | null;
  signal?: AbortSignal;
  /** Decrypted envelope text → value; throws typed errors. */
  read: (text: string) => T;
  /** A treasury answer that is not a success still gets an (encrypted) error-log row. */
  auditOutcome: (value: T) => ReturnType<typeof describeForAudit> | undefined;
}

type Attempt<T> = { kind: 'answered'; value: T } | { kind: 'stale' };

/**
 * One service call: encrypt `{serviceId, params}` under the session key with a fresh REK, post,
 * decrypt the answer with that REK. If the treasury says the session is stale, re-authenticate
 * exactly once (shared with every other caller that hit the same stale session) and repeat; a
 * second refusal is a typed session failure for Temporal to retry later, never a loop here.
 */
export async function exchange<T>(deps: ExchangeDeps, req: ExchangeRequest<T>): Promise<T> {
  const payload = JSON.stringify({ serviceId: req.serviceId, params: req.params });
  const session = await deps.sessions.current();
  const first = await attempt(deps, req, payload, session);
  if (first.kind === 'answered') return first.value;
  const renewed = await deps.sessions.replace(session);
  const second = await attempt(deps, req, payload, renewed);
  if (second.kind === 'answered') return second.value;
  throw new TreasurySessionError('the treasury refused a freshly issued session', req.serviceId);
}

async function attempt<T>(
  deps: ExchangeDeps,
  req: ExchangeRequest<T>,
  payload: string,
  session: TreasurySession,
): Promise<Attempt<T>> {
  const rek = deps.randomKey();
  const id = randomUUID();
  const started = deps.now();
  let status: number | null = null;
  let response: string | null = null;
  const record = (error?: ReturnType<typeof describeForAudit>) =>
    deps.audit.record({
      id,
      serviceId: req.serviceId,
      billNumber: req.billNumber,
      request: payload,
      response,
      statusCode: status,
      durationMs: deps.now() - started,
      error,
    });

  try {
    await deps.audit.begin({ id, serviceId: req.serviceId, billNumber: req.billNumber, request: payload });
  } catch (err) {
    // Nothing was sent: no call leaves without its log row (neutral for the breaker; Temporal retries).
    throw new TreasurySessionStoreError(`audit log unavailable: ${(err as Error).message}`, req.serviceId);
  }
  try {
    const answer = await postJson({
      fetch: deps.fetch,
      url: `${deps.baseUrl}${JIT_PATHS.service}`,
      headers: { authToken: session.authToken },
      body: JSON.stringify({ params: aesEcbEncrypt(session.sek, payload), rek: aesEcbEncrypt(session.sek, rek) }),
      operation: req.serviceId,
      timeoutMs: deps.timeoutMs,
      signal: req.signal,
    });
    status = answer.status;
    if (isStaleSession(answer.status, answer.body)) {
      await record({ errorClass: 'StaleSession', detail: { status } });
      return { kind: 'stale' };
    }
    if (answer.status < 200 || answer.status >= 300) throw new TreasuryHttpError(req.serviceId, answer.status);
    response = decryptResponseBody(req.serviceId, rek, answer.body);
    const value = req.read(response);
    await record(req.auditOutcome(value));
    return { kind: 'answered', value };
  } catch (err) {
    await record(describeForAudit(err));
    throw err;
  } finally {
    rek.fill(0);
  }
}

/**
 * The treasury's stale-SEK answer is a 4xx carrying this text (legacy §1.4). A bare 401 is treated
 * the same way: an expired token is also fixed by exactly one fresh handshake.
 */
function isStaleSession(status: number, body: string): boolean {
  return status === 401 || (status >= 400 && status < 500 && body.includes(STALE_SESSION_MESSAGE));
}
