import type { TreasuryResult, TreasuryValidationError } from '../contracts/treasury';
import { aesEcbDecrypt } from '../jit/crypto';
import { JIT_SCHEMAS, jitEnvelopeSchema, matchSsuRejection, type JitRow } from '../jit/schemas';
import type { JitServiceId } from '../jit/service-ids';
import { echoPath, findUnsafeText } from '../api/schemas/text-rule';
import { TreasuryMalformedResponseError, TreasuryResponseSchemaError } from './errors';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The service response body is a bare base64 string of AES-ECB(REK, UTF-8 JSON). Anything else
 * (HTML error pages, truncation, a body encrypted under another key, invalid UTF-8) becomes a typed
 * malformed-response error; nothing from node:crypto or JSON.parse escapes raw.
 */
export function decryptResponseBody(serviceId: JitServiceId, rek: Buffer, body: string): string {
  let text = body.trim();
  // Some gateways wrap the bare string as a JSON string (possibly escaping "/"); accept that, nothing looser.
  if (text.startsWith('"')) {
    try {
      const unwrapped: unknown = JSON.parse(text);
      text = typeof unwrapped === 'string' ? unwrapped.trim() : '';
    } catch {
      throw new TreasuryMalformedResponseError('response body is a broken JSON string', serviceId);
    }
  }
  if (text.length === 0) throw new TreasuryMalformedResponseError('empty response body', serviceId);
  if (!BASE64.test(text) || text.length % 4 !== 0) {
    throw new TreasuryMalformedResponseError(`response body is not base64 (${text.length} chars)`, serviceId);
  }
  let plaintext: Buffer;
  try {
    plaintext = aesEcbDecrypt(rek, text);
  } catch {
    // Wrong key or damaged ciphertext: node reports "bad decrypt"; the cause adds nothing worth keeping.
    throw new TreasuryMalformedResponseError('response does not decrypt with the request key', serviceId);
  }
  try {
    return strictUtf8.decode(plaintext);
  } catch {
    throw new TreasuryMalformedResponseError('decrypted response is not valid UTF-8', serviceId);
  }
}

export interface ParseContext {
  /** PIS only: the bill we asked about; a rejection must name exactly this bill. */
  jitBillNo?: string;
}

/** Decrypted envelope text → a classified result; throws only typed errors. */
export function parseServiceResponse<S extends JitServiceId>(
  serviceId: S,
  text: string,
  context: ParseContext = {},
): TreasuryResult<JitRow<S>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TreasuryMalformedResponseError('decrypted response is not JSON', serviceId);
  }
  // The same text rule as the API's edge: an answer we could not store would wedge the activity recording it.
  const unsafe = findUnsafeText(json, 1)[0];
  if (unsafe) {
    throw new TreasuryResponseSchemaError(
      `answer carries text the platform refuses at ${echoPath(unsafe.path) || '(root)'}: ${unsafe.message}`,
      serviceId,
    );
  }
  const envelope = jitEnvelopeSchema.safeParse(json);
  if (!envelope.success) throw new TreasuryMalformedResponseError('decrypted response is not an envelope', serviceId);
  const { serviceId: answeredFor, errorMsg, errorMsgs, data } = envelope.data;
  if (answeredFor !== serviceId) {
    throw new TreasuryMalformedResponseError(`envelope is for service "${answeredFor.slice(0, 16)}"`, serviceId);
  }

  const message = errorMsg?.trim() ?? '';
  if (errorMsgs && errorMsgs.length > 0) {
    const errors: TreasuryValidationError[] = errorMsgs.map((e) => ({ code: e.errorCode, message: e.errorMsg }));
    if (message) errors.push({ code: '', message });
    return { kind: 'validation', errors };
  }
  if (message) {
    if (serviceId === 'PIS' && context.jitBillNo) {
      const rejection = matchSsuRejection(message, context.jitBillNo);
      if (rejection) return { kind: 'rejected', message, ssuOffice: rejection.ssuOffice };
    }
    return { kind: 'business_error', message };
  }
  if (!data || data.length === 0) return { kind: 'not_ready' };

  const rowSchema = JIT_SCHEMAS[serviceId].row;
  const rows: JitRow<S>[] = [];
  for (const [index, raw] of data.entries()) {
    const row = rowSchema.safeParse(raw);
    if (!row.success) {
      // Paths and zod's messages only: they name fields, never the values (which may be account numbers).
      const problems = row.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(row)'}: ${i.code}`)
        .join('; ');
      throw new TreasuryResponseSchemaError(
        `row ${index} does not fit the ${serviceId} schema (${problems})`,
        serviceId,
      );
    }
    rows.push(row.data as JitRow<S>);
  }
  const refusal = unacknowledged(serviceId, rows);
  if (refusal) return { kind: 'business_error', message: refusal };
  return { kind: 'ok', rows };
}

/**
 * PI and COR acknowledge with `successCode` "0" (legacy §2.2, §2.7): any other code is a refusal, not
 * an acceptance. An acknowledgement without the field is taken as given, as the older samples are.
 */
function unacknowledged(serviceId: JitServiceId, rows: unknown[]): string | undefined {
  if (serviceId !== 'PI' && serviceId !== 'COR') return undefined;
  for (const row of rows as Array<{ successCode?: string; sucessDescrp?: string }>) {
    if (row.successCode !== undefined && row.successCode !== '0') {
      return `acknowledged with successCode ${row.successCode}${row.sucessDescrp ? `: ${row.sucessDescrp}` : ''}`;
    }
  }
  return undefined;
}
