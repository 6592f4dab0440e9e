import type { Payload } from '@temporalio/common';
import { z } from 'zod';

/**
 * Temporal's remote codec protocol carries payloads in their proto JSON form: metadata values and
 * data as base64. A batch is what the Web UI sends for one page of history.
 */
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
const MAX_PAYLOADS = 2_000;

export const codecBody = z.strictObject({
  payloads: z
    .array(z.object({ metadata: z.record(z.string().max(256), base64).optional(), data: base64.optional() }))
    .max(MAX_PAYLOADS),
});

export type PayloadJson = z.infer<typeof codecBody>['payloads'][number];

export const fromJson = (p: PayloadJson): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});

export const toJson = (p: Payload): PayloadJson => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});
