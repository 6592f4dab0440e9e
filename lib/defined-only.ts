/**
 * The object without its `undefined` values: spread over defaults (the SDK's worker options, a
 * settings object), an unset value must leave the default alone rather than replace it with
 * `undefined`.
 */
export function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
