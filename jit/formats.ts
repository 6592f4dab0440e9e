/**
 * The treasury's wire formats for dates, money and financial years. JIT-FS lives in IST: the legacy
 * adapter formatted most dates in UTC, so a bill created between 00:00 and 05:29 IST carried the
 * previous day's date (legacy §7.4). Everything here converts to Asia/Kolkata first. Money never
 * passes through a float: we hold integer paise and convert with string arithmetic only.
 */
import type { Instant } from '../contracts/treasury';

/** A value we refuse to put on the wire (or to read back from it). */
export class JitFormatError extends Error {
  override readonly name = 'JitFormatError';
}

const IST_TIME_ZONE = 'Asia/Kolkata';
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const AMOUNT = /^(\d{1,16})(?:\.(\d{1,2}))?$/;

// One formatter, built once: Intl formatters are expensive to construct and safe to share.
const istParts = new Intl.DateTimeFormat('en-US', {
  timeZone: IST_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface IstFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * Epoch ms from a number, a Date, or an ISO-8601 string. Strings without `Z` or an offset are
 * refused: `new Date('2023-05-30T10:00:00')` silently means "server local time".
 */
export function toEpochMs(instant: Instant | Date): number {
  let ms: number;
  if (instant instanceof Date) ms = instant.getTime();
  else if (typeof instant === 'number') ms = instant;
  else if (typeof instant === 'string' && ISO_WITH_OFFSET.test(instant)) ms = Date.parse(instant);
  else throw new JitFormatError(`not an instant (epoch ms or ISO-8601 with offset): ${String(instant)}`);
  if (!Number.isFinite(ms)) throw new JitFormatError(`not a valid instant: ${String(instant)}`);
  return ms;
}

function istFields(instant: Instant | Date): IstFields {
  const fields: Record<string, number> = {};
  for (const part of istParts.formatToParts(toEpochMs(instant))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return fields as unknown as IstFields;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `yyyy-MM-dd HH:mm:ss` in IST (PI `jitBillDate`, VA `fromDate`, COR/FTPS/FTFPS bill dates). */
export function formatIstDateTime(instant: Instant | Date): string {
  const f = istFields(instant);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)} ${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`;
}

/** `yyyy-MM-dd` in IST (PIS/PAG bill dates, FD `voucherDate`). */
export function formatIstDate(instant: Instant | Date): string {
  const f = istFields(instant);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
}

export interface FinancialYear {
  /** Calendar year in which the financial year starts (1 April IST). */
  startYear: number;
  /** Our label, e.g. `2023-24` (the legacy adapter ignored the month and mislabelled Jan–Mar). */
  label: string;
  /** The treasury's `finYear` parameter: the start year as a string, e.g. `2023`. */
  treasuryFinYear: string;
}

/** The Indian financial year (April–March) that contains an instant, judged in IST. */
export function financialYearOf(instant: Instant | Date): FinancialYear {
  const { year, month } = istFields(instant);
  const startYear = month >= 4 ? year : year - 1;
  return { startYear, label: `${startYear}-${pad((startYear + 1) % 100)}`, treasuryFinYear: String(startYear) };
}

/** Integer paise → the treasury's decimal string with two places: 123450 → "1234.50". */
export function paiseToAmount(paise: number): string {
  if (typeof paise !== 'number' || !Number.isSafeInteger(paise) || paise < 0) {
    throw new JitFormatError(`amount must be a non-negative integer number of paise, got ${String(paise)}`);
  }
  const digits = String(paise).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * A treasury amount string ("500", "250.5", "250.50") → integer paise, by string arithmetic only.
 * Refuses signs, exponents, more than two decimals and anything that is not a string.
 */
export function amountToPaise(amount: string): number {
  const match = typeof amount === 'string' ? AMOUNT.exec(amount.trim()) : null;
  if (!match) throw new JitFormatError(`not a treasury amount (digits with up to 2 decimals): ${String(amount)}`);
  const rupees = match[1] as string;
  const fraction = (match[2] ?? '').padEnd(2, '0');
  const paise = Number(`${rupees}${fraction}`);
  if (!Number.isSafeInteger(paise)) throw new JitFormatError(`amount ${amount} is too large`);
  return paise;
}
