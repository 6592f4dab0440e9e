import { z } from 'zod';
import { PI_STATUSES } from '../../contracts';
import { billNumber, cursor, limit, piNumber } from './common';

export const instructionSearch = z.strictObject({
  status: z.enum(PI_STATUSES).optional(),
  billNumber: billNumber.optional(),
  stuck: z.stringbool().optional().meta({ description: 'true: only PIs flagged stuck in a stage; false: only others' }),
  limit,
  cursor: cursor.optional(),
});

export const piParams = z.strictObject({ piNumber });
