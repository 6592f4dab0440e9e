/**
 * Dates the platform accepts: years 1900 to 9999 (PostgreSQL refuses year 0, and no bill or sanction
 * predates 1900) and UTC offsets within ±14:00 (the widest any time zone uses). Checked at the edge so
 * a hand-made date is a 400, not a database error.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;
const MAX_OFFSET_MINUTES = 14 * 60;
const OFFSET = /([+-])(\d{2}):?(\d{2})$/;

/** Why this ISO date or instant is out of range, or undefined when it is fine (its syntax is checked elsewhere). */
export function dateRangeProblem(iso: string): string | undefined {
  const year = Number(iso.slice(0, 4));
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) return `the year must be between ${MIN_YEAR} and ${MAX_YEAR}`;
  if (iso.length > 10) {
    const offset = OFFSET.exec(iso);
    if (offset) {
      const minutes = Number(offset[2]) * 60 + Number(offset[3]);
      if (Number(offset[3]) > 59 || minutes > MAX_OFFSET_MINUTES) return 'the UTC offset must be within ±14:00';
    }
  }
  return undefined;
}
