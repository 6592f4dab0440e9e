import calendarFile from './odisha-treasury-2026.json';
import { treasuryCalendarSchema } from './working-hours';

/** The committed Odisha treasury calendar for 2026, parsed (replace the holidays with the gazette's list). */
export const ODISHA_2026 = treasuryCalendarSchema.parse(calendarFile);

/** Epoch ms of an IST wall-clock time, e.g. `ist('2026-05-04 10:00')`. */
export const ist = (dateTime: string): number => Date.parse(`${dateTime.replace(' ', 'T')}:00+05:30`);
