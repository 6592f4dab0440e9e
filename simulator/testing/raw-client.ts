import { aesEcbDecrypt, aesEcbEncrypt, generateAesKey, rsaOaepEncrypt } from '../../jit/crypto';
import { JIT_PATHS } from '../../jit/service-ids';
import type { JitEnvelope } from '../protocol';

/**
 * A bare-bones JIT-FS client for the simulator's own tests: the handshake and one encrypted call,
 * nothing else (no retries, no session sharing). The platform's real client lives in `treasury/`.
 */
export interface RawSession {
  authToken: string;
  sek: Buffer;
}

export interface RawCallResult {
  status: number;
  contentType: string | null;
  /** The body as received. */
  text: string;
  /** The decrypted, parsed envelope when the call succeeded (HTTP 200 and the body decrypted). */
  envelope?: JitEnvelope;
}

export async function authenticate(
  baseUrl: string,
  publicKeyPem: string,
  credentials: { clientId: string; clientSecret: string } = {
    clientId: 'ifms-orchestrator-dev',
    clientSecret: 'dev-client-secret',
  },
): Promise<RawSession> {
  const appKey = generateAesKey();
  const res = await fetch(baseUrl + JIT_PATHS.authenticate, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...credentials },
    body: JSON.stringify({ appKey: rsaOaepEncrypt(publicKeyPem, appKey) }),
  });
  if (res.status !== 200) throw new Error(`authenticate answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { authToken: string; sek: string };
  return { authToken: body.authToken, sek: aesEcbDecrypt(appKey, body.sek) };
}

/** Encrypts `{serviceId, params}` (or any payload object) under the session and posts it. */
export async function callService(
  baseUrl: string,
  session: RawSession,
  payload: unknown,
  init: { signal?: AbortSignal } = {},
): Promise<RawCallResult> {
  const rek = generateAesKey();
  const res = await fetch(baseUrl + JIT_PATHS.service, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authToken: session.authToken },
    body: JSON.stringify({
      params: aesEcbEncrypt(session.sek, JSON.stringify(payload)),
      rek: aesEcbEncrypt(session.sek, rek),
    }),
    signal: init.signal,
  });
  const text = await res.text();
  const result: RawCallResult = { status: res.status, contentType: res.headers.get('content-type'), text };
  if (res.status === 200) {
    try {
      result.envelope = JSON.parse(aesEcbDecrypt(rek, text).toString('utf8')) as JitEnvelope;
    } catch {
      // A damaged body (a fault): leave `envelope` undefined.
    }
  }
  return result;
}
