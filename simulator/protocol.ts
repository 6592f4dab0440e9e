import { aesEcbDecrypt, aesEcbEncrypt, AES_KEY_BYTES } from '../jit/crypto';
import type { JitErrorMsg } from './error-codes';

/** The decrypted response body every service answers with (field names as in the treasury's samples). */
export interface JitEnvelope {
  serviceId: string;
  /** Absent when `errorMsgs` carries validation errors, as in the samples (2PIErrorResponse, 7CORFailure). */
  errorMsg?: string | null;
  errorMsgs?: JitErrorMsg[];
  data: unknown[];
}

export const envelope = {
  ok: (serviceId: string, data: unknown[]): JitEnvelope => ({ serviceId, errorMsg: null, data }),
  /** Nothing yet (e.g. the SSU has not approved): no error, no data. */
  notReady: (serviceId: string): JitEnvelope => ({ serviceId, errorMsg: null, data: [] }),
  /** A business answer in free text (a rejection, an unknown bill). */
  error: (serviceId: string, errorMsg: string): JitEnvelope => ({ serviceId, errorMsg, data: [] }),
  /** Validation errors with codes (PI, COR). */
  invalid: (serviceId: string, errorMsgs: JitErrorMsg[]): JitEnvelope => ({ serviceId, errorMsgs, data: [] }),
};

/** The request could not be decrypted with the session's key: the treasury's "stale SEK" answer. */
export class StaleSessionError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'StaleSessionError';
  }
}

/** The HTTP body is not the `{params, rek}` JSON object at all. */
export class MalformedRequestError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MalformedRequestError';
  }
}

export interface DecodedServiceRequest {
  rek: Buffer;
  /** Trimmed; '' when the payload names none. */
  serviceId: string;
  params: unknown;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Opens `{params, rek}`: the REK and the `{serviceId, params}` JSON, both AES-256-ECB under the SEK.
 * Anything that does not decrypt to a 32-byte REK and UTF-8 JSON means the client used another key.
 */
export function decodeServiceRequest(sek: Buffer, rawBody: string): DecodedServiceRequest {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw new MalformedRequestError('the body is not JSON');
  }
  if (!isRecord(body) || typeof body.params !== 'string' || typeof body.rek !== 'string') {
    throw new MalformedRequestError('the body must be {"params": "<base64>", "rek": "<base64>"}');
  }
  let rek: Buffer;
  let payload: unknown;
  try {
    rek = aesEcbDecrypt(sek, body.rek);
    payload = JSON.parse(utf8.decode(aesEcbDecrypt(sek, body.params)));
  } catch {
    throw new StaleSessionError('params or rek did not decrypt under the session key');
  }
  if (rek.length !== AES_KEY_BYTES) throw new StaleSessionError(`the REK is ${rek.length} bytes`);
  if (!isRecord(payload)) return { rek, serviceId: '', params: undefined };
  // One sample spells the key `serviceID`.
  const serviceId = payload.serviceId ?? payload.serviceID;
  return { rek, serviceId: typeof serviceId === 'string' ? serviceId.trim() : '', params: payload.params };
}

export function encodeServiceResponse(rek: Buffer, response: JitEnvelope): string {
  return aesEcbEncrypt(rek, JSON.stringify(response));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
