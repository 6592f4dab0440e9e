import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec, type SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { tenantOfWorkflowId } from '../contracts/tenant-scope';
import type { KeyRing } from './key-ring';

/**
 * Temporal payloads encrypted before they leave the process (AES-256-GCM, `security/key-ring.ts`).
 * The whole original payload (metadata and data) is sealed, so history shows neither values nor
 * their encoding. Each encrypted payload names, in clear metadata, its key id (retired keys keep
 * decrypting after rotation) and the tenant it belongs to, which is also the additional
 * authenticated data: a payload whose tenant label is changed no longer decrypts, so the codec
 * server can trust the label when it refuses one tenant's payloads to another tenant's principals.
 */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_KEY = 'encryption-key-id';
export const TENANT_KEY = 'encryption-tenant';
const CIPHER_KEY = 'encryption-cipher';
const CIPHER = 'AES256-GCM';

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : undefined);
const aad = (tenant: string) => `temporal-payload:v1:${tenant}`;

export const isEncrypted = (p: Payload): boolean => text(p.metadata?.[METADATA_ENCODING_KEY]) === ENCRYPTED_ENCODING;

/** The tenant an encrypted payload says it belongs to (authenticated on decryption). */
export const tenantOfPayload = (p: Payload): string | undefined => text(p.metadata?.[TENANT_KEY]);

export const keyIdOfPayload = (p: Payload): string | undefined => text(p.metadata?.[KEY_ID_KEY]);

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly ring: KeyRing) {}

  // eslint-disable-next-line @typescript-eslint/require-await -- the interface is async; the work is not
  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const tenant = tenantOfWorkflowId(context?.workflowId);
    return payloads.map((p) => this.encodeFor(tenant, p));
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- the interface is async; the work is not
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.decodeOne(p));
  }

  /** Seals one payload for a tenant: what the codec server's /encode does for the tenant asked for. */
  encodeFor(tenant: string, payload: Payload): Payload {
    const plain = Buffer.from(temporal.api.common.v1.Payload.encode(payload).finish());
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING),
        [CIPHER_KEY]: utf8(CIPHER),
        [KEY_ID_KEY]: utf8(this.ring.currentKeyId),
        [TENANT_KEY]: utf8(tenant),
      },
      data: this.ring.seal(plain, aad(tenant)),
    };
  }

  /** Opens an encrypted payload; anything else passes through unchanged (histories from before). */
  decodeOne(payload: Payload): Payload {
    if (!isEncrypted(payload)) return payload;
    const keyId = keyIdOfPayload(payload) ?? '';
    const tenant = tenantOfPayload(payload) ?? '';
    const plain = this.ring.open(Buffer.from(payload.data ?? new Uint8Array()), keyId, aad(tenant));
    return temporal.api.common.v1.Payload.decode(plain);
  }
}
