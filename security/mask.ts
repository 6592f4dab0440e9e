/**
 * Account and mobile numbers as most readers see them: all but the last four characters hidden,
 * so a clerk can still tell two accounts apart. Short values are hidden entirely.
 */
const VISIBLE = 4;

export function maskTail(value: string): string;
export function maskTail(value: string | null): string | null;
export function maskTail(value: string | null): string | null {
  if (value === null) return null;
  if (value.length <= VISIBLE) return 'X'.repeat(value.length);
  return 'X'.repeat(value.length - VISIBLE) + value.slice(-VISIBLE);
}

/** Field names that hold an account or mobile number, in our API shapes and the JIT-FS wire format. */
export const MASKED_FIELDS: ReadonlySet<string> = new Set([
  'accountNumber',
  'mobile',
  'orgAccountNo',
  'curAccountNo',
  'correctedAccountNo',
  'benfAcctNo',
  'benfMobileNo',
]);

/** A copy of a JSON value with every account and mobile number masked, however deep. */
export function maskPersonalFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPersonalFields);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      MASKED_FIELDS.has(k) && typeof v === 'string' ? maskTail(v) : maskPersonalFields(v),
    ]),
  );
}
