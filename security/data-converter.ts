import type { DataConverter } from '@temporalio/common';
import { createKeyRing, type SecretKey } from './key-ring';
import { EncryptionCodec } from './payload-codec';

/** The payload key ring as configured (`PAYLOAD_KEY`, `PAYLOAD_KEY_ID`, `PAYLOAD_OLD_KEYS`). */
export interface PayloadKeys {
  current: SecretKey;
  old: SecretKey[];
}

export const payloadCodec = (keys: PayloadKeys): EncryptionCodec =>
  new EncryptionCodec(createKeyRing(keys.current, keys.old, 'PAYLOAD_OLD_KEYS'));

/**
 * What every Temporal client and worker of the platform is built with: payloads encrypted by the
 * codec. Codecs run outside the workflow sandbox, so the workflow bundle needs nothing. Failure
 * messages stay in clear (moving them into payloads needs a failure converter inside the bundle):
 * no failure message may quote personal data.
 */
export function platformDataConverter(keys: PayloadKeys): DataConverter {
  return { payloadCodecs: [payloadCodec(keys)] };
}
