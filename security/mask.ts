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
