import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AES_KEY_BYTES, aesEcbDecrypt, rsaOaepEncrypt } from '../jit/crypto';
import { JIT_PATHS } from '../jit/service-ids';
import type { AuditLog } from './audit-log';
import {
  describeForAudit,
  TreasuryError,
  TreasuryHttpError,
  TreasuryMalformedResponseError,
  TreasurySessionError,
} from './errors';
import { postJson } from './transport';

export interface HandshakeDeps {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  publicKeyPem: () => Promise<string>;
  fetch: typeof fetch;
  timeoutMs: number;
  /** Source of the appKey (tests inject one to prove it never leaks). */
  randomKey: () => Buffer;
  audit: AuditLog;
  now: () => number;
}

const authAnswerSchema = z.object({ authToken: z.string().min(1), sek: z.string().min(1) });

/**
 * The JIT-FS handshake: a fresh AES-256 appKey sealed with the treasury's RSA key (OAEP, SHA-1),
 * sent with our client credentials; the answer's SEK is AES-ECB-encrypted under that appKey. The
 * audit row says only that a handshake happened, its status and duration: no appKey, token or SEK
 * (the legacy adapter logged all three in plain text).
 */
export async function performHandshake(deps: HandshakeDeps): Promise<{ authToken: string; sek: Buffer }> {
  const appKey = deps.randomKey();
  const started = deps.now();
  let status: number | null = null;
  try {
    const sealedAppKey = rsaOaepEncrypt(await deps.publicKeyPem(), appKey);
    const answer = await postJson({
      fetch: deps.fetch,
      url: `${deps.baseUrl}${JIT_PATHS.authenticate}`,
      headers: { clientId: deps.clientId, clientSecret: deps.clientSecret },
      body: JSON.stringify({ appKey: sealedAppKey }),
      operation: 'AUTH',
      timeoutMs: deps.timeoutMs,
    });
    status = answer.status;
    // Any 4xx here is configuration (credentials, public key), never the bill: retryable once fixed.
    if (answer.status >= 400 && answer.status < 500) {
      throw new TreasurySessionError(`the treasury refused the handshake (HTTP ${answer.status})`, 'AUTH');
    }
    if (answer.status < 200 || answer.status >= 300) throw new TreasuryHttpError('AUTH', answer.status);
    const sek = readAuthAnswer(appKey, answer.body);
    await auditAuth(deps, status, started);
    return sek;
  } catch (err) {
    await auditAuth(deps, status, started, err);
    if (err instanceof TreasuryError) throw err;
    // e.g. an unreadable public key file: a configuration problem, reported without key material.
    throw new TreasurySessionError(`handshake could not be prepared: ${(err as Error).message}`, 'AUTH');
  } finally {
    appKey.fill(0);
  }
}

/** The authenticate answer → token and SEK; anything else is a typed malformed-response error. */
export function readAuthAnswer(appKey: Buffer, body: string): { authToken: string; sek: Buffer } {
  let parsed: z.infer<typeof authAnswerSchema>;
  try {
    parsed = authAnswerSchema.parse(JSON.parse(body));
  } catch {
    throw new TreasuryMalformedResponseError('authenticate answer is not {authToken, sek}', 'AUTH');
  }
  let sek: Buffer;
  try {
    sek = aesEcbDecrypt(appKey, parsed.sek);
  } catch {
    throw new TreasuryMalformedResponseError('sek does not decrypt with our appKey', 'AUTH');
  }
  if (sek.length !== AES_KEY_BYTES) throw new TreasuryMalformedResponseError(`sek is ${sek.length} bytes`, 'AUTH');
  return { authToken: parsed.authToken, sek };
}

function auditAuth(deps: HandshakeDeps, status: number | null, started: number, err?: unknown): Promise<void> {
  return deps.audit.record({
    id: randomUUID(),
    serviceId: 'AUTH',
    billNumber: 'AUTH',
    request: null,
    response: null,
    statusCode: status,
    durationMs: deps.now() - started,
    error: err ? describeForAudit(err) : undefined,
  });
}

/**
 * Reads the treasury's public key on first need and keeps it: the simulator writes its key at first
 * start, possibly after a worker started. A failed read is not cached, so the next call tries again.
 */
export function publicKeyLoader(file: string): () => Promise<string> {
  let loading: Promise<string> | null = null;
  return () => {
    loading ??= readFile(file, 'utf8').catch((err: unknown) => {
      loading = null;
      throw new Error(`cannot read the treasury public key file ${file}: ${(err as Error).message}`);
    });
    return loading;
  };
}
