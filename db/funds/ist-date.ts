import { financialYearOf, formatIstDate } from '../../jit/formats';

/** Today's date in IST, the calendar the treasury and its ledger use. */
export function istToday(now: number = Date.now()): string {
  return formatIstDate(now);
}

/** Financial-year label (April–March) of an IST calendar date such as an allotment date. */
export function financialYearLabelOfIstDate(date: string): string {
  return financialYearOf(`${date}T12:00:00+05:30`).label;
}
