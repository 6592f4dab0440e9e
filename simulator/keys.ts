import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface TreasuryKeyPair {
  /** PKCS#8 PEM; never leaves the simulator. */
  privateKeyPem: string;
  /** SPKI PEM: what the platform's TREASURY_PUBLIC_KEY_FILE points at. */
  publicKeyPem: string;
}

export const PRIVATE_KEY_FILE = 'treasury-private.pem';
export const PUBLIC_KEY_FILE = 'treasury-public.pem';

/** A fresh 2048-bit RSA key pair, as the treasury uses for the appKey. */
export function generateTreasuryKeyPair(): TreasuryKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/**
 * The key pair kept in `dir`: loaded when the private key exists, otherwise generated and saved (the
 * private key readable by the owner only). The public key file is always rewritten from the private
 * key, so the two cannot drift apart.
 */
export async function loadOrCreateKeyPair(dir: string): Promise<TreasuryKeyPair> {
  await mkdir(dir, { recursive: true });
  const privatePath = path.join(dir, PRIVATE_KEY_FILE);
  const publicPath = path.join(dir, PUBLIC_KEY_FILE);
  let privateKeyPem: string;
  try {
    privateKeyPem = await readFile(privatePath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    privateKeyPem = generateTreasuryKeyPair().privateKeyPem;
    await writeFile(privatePath, privateKeyPem, { mode: 0o600 });
  }
  const publicKeyPem = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
  const current = await readFile(publicPath, 'utf8').catch(() => undefined);
  if (current !== publicKeyPem) await writeFile(publicPath, publicKeyPem, { mode: 0o644 });
  return { privateKeyPem, publicKeyPem };
}
