import { readFileSync } from 'node:fs';
import { compressedClock, realClock, type CompressedClockSettings, type ModelClock } from '../lib/model-clock';
import { ODISHA_2026 } from './odisha-2026';
import { treasuryCalendarSchema, type TreasuryCalendar } from './working-hours';

/** The calendar a worker paces its polls by: a file's (validated), or the committed Odisha 2026 one. */
export function loadTreasuryCalendar(file: string | undefined): TreasuryCalendar {
  if (!file) return ODISHA_2026;
  const parsed = treasuryCalendarSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`TREASURY_CALENDAR_FILE ${file}: ${parsed.error.message}`);
  return parsed.data;
}

export function pacingClock(settings: CompressedClockSettings | undefined): ModelClock {
  return settings ? compressedClock(settings) : realClock;
}
