import type { Request } from 'express';
import { ApiError } from '../errors';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../security/webhook-signature';

/**
 * The JSON of a request whose raw body (read with `express.raw`) carries our HMAC signature: 401 when
 * the signature or its timestamp fails, 400 when the signed bytes are not JSON. Nothing is parsed
 * before the signature holds.
 */
export function signedJson(req: Request, settings: { secret: string; toleranceSeconds: number }): unknown {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const verdict = verifySignature(
    settings,
    { signature: req.get(SIGNATURE_HEADER), timestamp: req.get(TIMESTAMP_HEADER) },
    raw,
  );
  if (!verdict.ok) throw new ApiError(401, verdict.code, verdict.message);
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new ApiError(400, 'MALFORMED_JSON', 'request body is not valid JSON');
  }
}
