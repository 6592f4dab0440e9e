import type { Payload } from '@temporalio/common';
import { isEncrypted, tenantOfPayload, type EncryptionCodec } from './payload-codec';

const isPayload = (v: object): v is Payload =>
  'metadata' in v && 'data' in v && (v as Payload).data instanceof Uint8Array;

/**
 * Decrypts, in place, every payload of a fetched history that belongs to one of the given tenants
 * (inputs, results, signals, updates, memos, failure details, wherever they sit in the events), so an
 * audit export reads like the history did before encryption. Payloads of other tenants stay sealed.
 */
export function decodeHistoryPayloads(node: unknown, codec: EncryptionCodec, tenants: readonly string[]): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    (node as unknown[]).forEach((item, i) => {
      if (item !== null && typeof item === 'object' && isPayload(item)) node[i] = open(item, codec, tenants);
      else decodeHistoryPayloads(item, codec, tenants);
    });
    return;
  }
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array) continue;
    if (isPayload(value)) record[key] = open(value, codec, tenants);
    else decodeHistoryPayloads(value, codec, tenants);
  }
}

function open(p: Payload, codec: EncryptionCodec, tenants: readonly string[]): Payload {
  return isEncrypted(p) && tenants.includes(tenantOfPayload(p) ?? '') ? codec.decodeOne(p) : p;
}
