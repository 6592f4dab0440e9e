/**
 * Whether failed beneficiaries may be re-paid by a revised PI (COR) against the original, or need a
 * fresh original PI (legacy §3.5, the treasury's re-adjustment rule):
 * - same Indian financial year as the original PI: only within `windowDays` of it;
 * - the next financial year: only until 30 April (IST) of that year;
 * - anything later: never.
 * Pure and clock-free (instants are passed in), so workflows call it deterministically.
 */
const IST_OFFSET_MS = 5.5 * 3600 * 1000; // IST has no daylight saving: a fixed offset is exact.

function istCalendar(instantMs: number): { year: number; month: number } {
  const shifted = new Date(instantMs + IST_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1 };
}

export function financialYearStart(instantMs: number): number {
  const { year, month } = istCalendar(instantMs);
  return month >= 4 ? year : year - 1;
}

export type CorrectionRoute = { route: 'REVISED' } | { route: 'ORIGINAL'; reason: string };

export function correctionRoute(originalPiCreatedAt: string, now: string, windowDays: number): CorrectionRoute {
  const originalMs = Date.parse(originalPiCreatedAt);
  const nowMs = Date.parse(now);
  const originalFy = financialYearStart(originalMs);
  const nowFy = financialYearStart(nowMs);
  if (originalFy === nowFy) {
    const ageDays = (nowMs - originalMs) / 86_400_000;
    return ageDays <= windowDays
      ? { route: 'REVISED' }
      : { route: 'ORIGINAL', reason: `original PI is ${Math.floor(ageDays)} days old (limit ${windowDays})` };
  }
  // The next financial year starts on 1 April, so "until 30 April" means: during its first month.
  if (nowFy === originalFy + 1 && istCalendar(nowMs).month === 4) return { route: 'REVISED' };
  return {
    route: 'ORIGINAL',
    reason: `original PI is from financial year ${originalFy}-${String((originalFy + 1) % 100).padStart(2, '0')}, past 30 April`,
  };
}
