import { z } from 'zod';

const isoDate = z.iso.date();

export const masterDataSchema = z.strictObject({
  version: z.number().int().positive(),
  description: z.string(),
  tenants: z
    .array(z.strictObject({ tenantId: z.string().regex(/^[a-z]+(\.[a-z0-9_]+)+$/), name: z.string().min(1) }))
    .min(1),
  spendingUnits: z.array(
    z.strictObject({
      tenantId: z.string(),
      ssuId: z.string().regex(/^\d+$/),
      ddoCode: z.string().min(1),
      granteeAgCode: z.string().min(1),
      granteeName: z.string().min(1),
      office: z.string().min(1),
      effectiveFrom: isoDate,
      effectiveTo: isoDate.optional(),
      active: z.boolean().default(true),
    }),
  ),
  headsOfAccount: z.array(
    z.strictObject({
      code: z.string().regex(/^\d{10,30}$/),
      name: z.string().min(1),
      sequence: z.number().int().positive(),
      schemeCode: z.string().min(1),
      schemeName: z.string().min(1),
      effectiveFrom: isoDate,
      effectiveTo: isoDate.optional(),
      active: z.boolean().default(true),
    }),
  ),
});

export type MasterData = z.infer<typeof masterDataSchema>;

/** Parses a seed file and checks what zod cannot: every SSU belongs to a declared tenant. */
export function parseMasterData(raw: unknown): MasterData {
  const data = masterDataSchema.parse(raw);
  const tenants = new Set(data.tenants.map((t) => t.tenantId));
  for (const ssu of data.spendingUnits) {
    if (!tenants.has(ssu.tenantId)) throw new Error(`spending unit ${ssu.ssuId} names unknown tenant ${ssu.tenantId}`);
  }
  return data;
}
