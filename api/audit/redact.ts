import { createHash } from 'node:crypto';

/**
 * What an audit export must not carry: stack traces (file paths, line numbers, code layout) and the
 * `pid@host` identities of workers and clients (hosts of the deployment). Auditors still see every
 * failure's message and type, and can tell attempts on the same process apart by its stable label.
 */

/** A stable, non-reversible stand-in for a `pid@host` identity, e.g. `process 3f9a1c2e`. */
export function identityLabel(identity: string | null | undefined): string {
  if (!identity) return 'unknown process';
  return `process ${createHash('sha256').update(identity).digest('hex').slice(0, 8)}`;
}

// An absolute path to a source file, with optional :line:column (what stack frames and module errors show).
const SOURCE_PATH = /(?:[A-Za-z]:)?(?:[/\\][\w.@+-]+)+\.(?:[cm]?[jt]s|node)(?::\d+){0,2}/g;

/** A failure message without the source paths some errors embed. */
export function withoutPaths(message: string): string {
  return message.replace(SOURCE_PATH, '<source>');
}

/** A JSON history (or anything JSON) with stack traces dropped, identities labelled and messages path-free. */
export function withoutInternals(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutInternals);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'stackTrace') continue;
    if (key === 'identity' && typeof v === 'string') out[key] = identityLabel(v);
    else if (key === 'message' && typeof v === 'string') out[key] = withoutPaths(v);
    else out[key] = withoutInternals(v);
  }
  return out;
}
