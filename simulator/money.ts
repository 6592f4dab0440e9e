/**
 * Money is integer paise inside the simulator and rupee strings on the wire ("500", "250.50"). Parsing
 * is string arithmetic, never floating point; more than two decimals is an invalid amount.
 */
const RUPEES = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** Paise for a rupee string or number, or undefined when it is not a non-negative amount with ≤ 2 decimals. */
export function parseRupees(value: string | number): number | undefined {
  const text = typeof value === 'number' ? numberToText(value) : value.trim();
  if (text === undefined) return undefined;
  const match = RUPEES.exec(text);
  if (!match) return undefined;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  const paise = whole * 100 + fraction;
  return Number.isSafeInteger(paise) ? paise : undefined;
}

/** "500" for whole rupees, "250.50" otherwise. */
export function formatRupees(paise: number): string {
  if (!Number.isSafeInteger(paise)) throw new Error(`not an integer amount of paise: ${paise}`);
  const sign = paise < 0 ? '-' : '';
  const abs = Math.abs(paise);
  const rupees = Math.trunc(abs / 100);
  const rest = abs % 100;
  return rest === 0 ? `${sign}${rupees}` : `${sign}${rupees}.${String(rest).padStart(2, '0')}`;
}

function numberToText(value: number): string | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  // A JSON number that a client sent: its shortest decimal text, still parsed as a string.
  const text = String(value);
  return /e/i.test(text) ? undefined : text;
}
