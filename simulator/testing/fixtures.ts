import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The treasury's sample payloads (byte-for-byte copies of the shared `jit-samples` fixtures in test/fixtures, so a clean clone can
 * run the tests): decrypted requests (`*Request*.json`, `request.json`) and responses.
 */
export const JIT_SAMPLES_DIR = path.join(__dirname, '../../test/fixtures/jit-samples');

export function loadSample<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(JIT_SAMPLES_DIR, name), 'utf8')) as T;
}

export function sampleRequestFiles(): string[] {
  return readdirSync(JIT_SAMPLES_DIR)
    .filter((f) => f.endsWith('.json') && (f.includes('Request') || f === 'request.json'))
    .sort();
}

/** Every key path of a JSON value, array elements merged (`data[].benfDtls[].utrNo`), for shape comparisons. */
export function keyPaths(value: unknown, prefix = ''): Set<string> {
  const paths = new Set<string>();
  if (Array.isArray(value)) {
    for (const item of value) for (const p of keyPaths(item, `${prefix}[]`)) paths.add(p);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const here = prefix ? `${prefix}.${k}` : k;
      paths.add(here);
      for (const p of keyPaths(v, here)) paths.add(p);
    }
  }
  return paths;
}
