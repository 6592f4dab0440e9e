/**
 * The treasury speaks India Standard Time (UTC+05:30, no daylight saving): `yyyy-MM-dd` and
 * `yyyy-MM-dd HH:mm:ss`. Fixed-offset arithmetic, no time-zone database needed.
 */
const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?$/;

function shifted(ms: number): Date {
  return new Date(ms + IST_OFFSET_MS);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatIstDate(ms: number): string {
  const d = shifted(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function formatIstDateTime(ms: number): string {
  const d = shifted(ms);
  return `${formatIstDate(ms)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Epoch ms of an IST `yyyy-MM-dd HH:mm:ss` or `yyyy-MM-dd` (midnight IST); undefined when malformed. */
export function parseIst(text: string): number | undefined {
  const value = text.trim();
  const parts = DATE_TIME.exec(value) ?? DATE.exec(value);
  if (!parts) return undefined;
  const [y, mo, d, h = 0, mi = 0, s = 0] = parts.slice(1).map((p) => (p === undefined ? 0 : Number(p)));
  const utc = Date.UTC(y!, mo! - 1, d, h, mi, s);
  const back = new Date(utc);
  // Reject impossible calendar values (2023-02-30, 25:00:00) instead of letting Date roll them over.
  if (back.getUTCMonth() !== mo! - 1 || back.getUTCDate() !== d! || h > 23 || mi > 59 || s > 59) return undefined;
  return utc - IST_OFFSET_MS;
}

/** Start year of the Indian financial year (April–March) that `ms` falls in, in IST: "2023" for 2024-01-10. */
export function istFinancialYear(ms: number): string {
  const d = shifted(ms);
  const year = d.getUTCFullYear();
  return String(d.getUTCMonth() >= 3 ? year : year - 1);
}

export function istYear(ms: number): string {
  return String(shifted(ms).getUTCFullYear());
}
