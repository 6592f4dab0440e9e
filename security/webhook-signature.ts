import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 webhook signatures, the same both ways (inbound bills, outbound status events): the
 * signed text is `${timestamp}.${rawBody}`, sent as `X-Signature: sha256=<hex>` with `X-Timestamp`
 * (Unix seconds). The timestamp inside the MAC stops a captured request being replayed later.
 */
export const SIGNATURE_HEADER = 'x-signature';
export const TIMESTAMP_HEADER = 'x-timestamp';

const digest = (secret: string, timestamp: string, body: Buffer | string): Buffer =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();

export function signBody(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${digest(secret, timestamp, body).toString('hex')}`;
}

export type Verdict = { ok: true } | { ok: false; code: 'BAD_SIGNATURE' | 'STALE_TIMESTAMP'; message: string };

export function verifySignature(
  settings: { secret: string; toleranceSeconds: number },
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: Buffer,
  nowMs: number = Date.now(),
): Verdict {
  const { signature, timestamp } = headers;
  if (!timestamp || !/^[0-9]{1,12}$/.test(timestamp)) {
    return { ok: false, code: 'BAD_SIGNATURE', message: 'X-Timestamp must be Unix seconds' };
  }
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > settings.toleranceSeconds) {
    return {
      ok: false,
      code: 'STALE_TIMESTAMP',
      message: `X-Timestamp is more than ${settings.toleranceSeconds}s off`,
    };
  }
  const match = signature ? /^sha256=([0-9a-f]{64})$/.exec(signature) : null;
  if (!match) return { ok: false, code: 'BAD_SIGNATURE', message: 'X-Signature must be sha256=<64 hex digits>' };
  // Constant time: how much of a guessed signature is right must not show in the response time.
  const given = Buffer.from(match[1]!, 'hex');
  if (!timingSafeEqual(given, digest(settings.secret, timestamp, body))) {
    return { ok: false, code: 'BAD_SIGNATURE', message: 'signature does not match' };
  }
  return { ok: true };
}
