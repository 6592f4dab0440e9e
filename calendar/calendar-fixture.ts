import calendarFile from './odisha-treasury-2026.json';
import { treasuryCalendarSchema } from './working-hours';

/** The committed Odisha calendar, parsed: the one the defaults, the tests and the bench use. */
export const ODISHA_2026 = treasuryCalendarSchema.parse(calendarFile);

/** Epoch ms of an IST wall-clock time, e.g. `ist('2026-05-04 10:00')`. */
export const ist = (dateTime: string): number => Date.parse(`${dateTime.replace(' ', 'T')}:00+05:30`);
