/**
 * The one text rule at the edge. PostgreSQL cannot store NUL in `text` or `\u0000` in `jsonb`, UTF-8
 * has no encoding for a lone surrogate, and the treasury's fixed-width records break on control
 * characters: such text is refused where it enters (API bodies, query strings, headers, token claims,
 * webhook bodies, treasury answers) instead of failing later, forever, inside a workflow's activity.
 * Tab, line feed and carriage return stay allowed: free-text reasons may have lines.
 */

// C0 controls except \t \n \r, DEL and the C1 controls; a high surrogate not followed by a low one; a low one alone.
// No `u` flag: the surrogate classes must see UTF-16 code units, not whole code points.
const UNSAFE_TEXT_UNITS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why this text is refused, or undefined when it is fine. */
export function unsafeTextReason(text: string): string | undefined {
  const match = UNSAFE_TEXT_UNITS.exec(text);
  if (!match) return undefined;
  const unit = match[0].charCodeAt(0);
  const hex = `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;
  if (unit === 0) return 'contains NUL (U+0000), which PostgreSQL cannot store';
  if (unit >= 0xd800 && unit <= 0xdfff) return `contains a lone surrogate (${hex}), which is not valid Unicode`;
  return `contains the control character ${hex}`;
}

/** Deeper than this, a JSON value is refused before anything walks it further (a body is at most 256 kB). */
export const MAX_NESTING = 32;

export interface TextIssue {
  path: Array<string | number>;
  message: string;
}

/**
 * Every string and object key in a parsed value that breaks the rule (at most `limit`), with its path;
 * also a value nested deeper than MAX_NESTING. Iterative, so a hostile nesting cannot exhaust the stack.
 */
export function findUnsafeText(value: unknown, limit = 20): TextIssue[] {
  const issues: TextIssue[] = [];
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value, path: [] }];
  while (stack.length > 0 && issues.length < limit) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const reason = unsafeTextReason(v);
      if (reason) issues.push({ path, message: reason });
    } else if (v !== null && typeof v === 'object') {
      if (path.length >= MAX_NESTING) {
        issues.push({ path, message: `nested deeper than ${MAX_NESTING} levels` });
        continue;
      }
      const entries: Array<[string | number, unknown]> = Array.isArray(v)
        ? v.map((item, i): [number, unknown] => [i, item])
        : Object.entries(v as Record<string, unknown>);
      for (const [key, item] of entries) {
        const keyReason = typeof key === 'string' ? unsafeTextReason(key) : undefined;
        if (keyReason) issues.push({ path: [...path, key], message: `key ${keyReason}` });
        else stack.push({ value: item, path: [...path, key] });
      }
    }
  }
  return issues;
}

/** An echoed key, path or value is cut to this many characters: an error must not replay a 250 kB key. */
export const ECHO_LIMIT = 80;

export function truncateEcho(text: string, limit = ECHO_LIMIT): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}… (${text.length} characters)`;
}

/** An issue path as text, each key cut and unsafe characters escaped, so the error itself stays clean. */
export function echoPath(path: ReadonlyArray<PropertyKey>): string {
  return truncateEcho(
    path
      .map((p) => (typeof p === 'symbol' ? p.toString() : String(p)))
      .map((p) => truncateEcho(escapeUnsafe(p), 40))
      .join('.'),
    200,
  );
}

/** Unsafe characters as \uXXXX, so a refused key can be named without carrying it. */
export function escapeUnsafe(text: string): string {
  return text.replace(
    new RegExp(UNSAFE_TEXT_UNITS.source, 'g'),
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
