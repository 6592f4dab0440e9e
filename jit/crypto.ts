import { constants, createCipheriv, createDecipheriv, publicEncrypt, privateDecrypt, randomBytes } from 'node:crypto';

/**
 * The JIT-FS primitives, exactly as the treasury's sample code uses them: AES-256 in ECB mode with
 * PKCS#5 padding for the session and request keys, RSA-OAEP (SHA-1, MGF1) for the app key. ECB is
 * the treasury's choice, not ours; our own data at rest uses AES-256-GCM (see security/audit-cipher.ts).
 */
export const AES_KEY_BYTES = 32;

export function generateAesKey(): Buffer {
  return randomBytes(AES_KEY_BYTES);
}

export function aesEcbEncrypt(key: Buffer, plaintext: Buffer | string): string {
  assertAesKey(key);
  const cipher = createCipheriv('aes-256-ecb', key, null);
  const input = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  return Buffer.concat([cipher.update(input), cipher.final()]).toString('base64');
}

/** Throws on a wrong key or a damaged ciphertext (bad padding), never returns garbage silently. */
export function aesEcbDecrypt(key: Buffer, base64Ciphertext: string): Buffer {
  assertAesKey(key);
  const decipher = createDecipheriv('aes-256-ecb', key, null);
  const input = Buffer.from(base64Ciphertext.trim(), 'base64');
  if (input.length === 0 || input.length % 16 !== 0) {
    throw new Error(`ciphertext length ${input.length} is not a positive multiple of the AES block size`);
  }
  return Buffer.concat([decipher.update(input), decipher.final()]);
}

export function rsaOaepEncrypt(publicKeyPem: string, data: Buffer): string {
  return publicEncrypt(
    { key: publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    data,
  ).toString('base64');
}

export function rsaOaepDecrypt(privateKeyPem: string, base64Ciphertext: string): Buffer {
  return privateDecrypt(
    { key: privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    Buffer.from(base64Ciphertext, 'base64'),
  );
}

function assertAesKey(key: Buffer): void {
  if (key.length !== AES_KEY_BYTES) throw new Error(`AES-256 key must be ${AES_KEY_BYTES} bytes, got ${key.length}`);
}
