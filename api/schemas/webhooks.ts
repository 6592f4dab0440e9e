import { z } from 'zod';
import { billInput } from './payments';

export const eventId = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{8,128}$/, '8 to 128 of A-Z a-z 0-9 . _ : -')
  .meta({ description: "The sender's unique event id; a repeat is acknowledged and ignored" });

export const billApprovedEvent = z
  .strictObject({
    eventId,
    tenantId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
    bill: billInput,
  })
  .meta({ id: 'BillApprovedEvent' });
