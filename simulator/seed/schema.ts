import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseIst } from '../ist';
import defaultSeedJson from './treasury-seed.json';

export const ALLOTMENT_TXN_TYPES = ['Initial Allotment', 'Additional allotment', 'Allotment withdrawal'] as const;
export type AllotmentTxnType = (typeof ALLOTMENT_TXN_TYPES)[number];

const code = z.string().trim().min(1);
const paise = z.number().int().safe();
const istDateTime = z.string().refine((v) => parseIst(v) !== undefined, 'must be an IST "yyyy-MM-dd HH:mm:ss"');

const ssuSchema = z.object({
  ddoCode: code,
  granteeAgCode: code,
  granteeName: code,
  ssuId: code,
  ssuOffice: code,
});

const transactionSchema = z.object({
  allotmentTxnSlNo: code,
  ssuAllotmentId: code,
  recordedAt: istDateTime,
  type: z.enum(ALLOTMENT_TXN_TYPES),
  amountPaise: paise.positive(),
  availableBalancePaise: paise,
});

const masterAllotmentSchema = z.object({
  mstAllotmentDistId: code,
  ddoCode: code,
  hoa: code,
  schemeCode: code,
  schemeName: code,
  sanctionedPaise: paise.positive(),
  transactions: z.array(transactionSchema).min(1),
});

export const treasurySeedSchema = z
  .object({
    description: z.string().optional(),
    ssus: z.array(ssuSchema).min(1),
    headsOfAccount: z.array(z.object({ code, name: code })).min(1),
    masterAllotments: z.array(masterAllotmentSchema),
  })
  .superRefine((seed, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    const ddoCodes = new Set(seed.ssus.map((s) => s.ddoCode));
    if (ddoCodes.size !== seed.ssus.length) issue('duplicate SSU ddoCode');
    if (new Set(seed.ssus.map((s) => s.ssuId)).size !== seed.ssus.length) issue('duplicate SSU ssuId');
    const hoas = new Set(seed.headsOfAccount.map((h) => h.code));
    const masterIds = new Set<string>();
    for (const m of seed.masterAllotments) {
      if (masterIds.has(m.mstAllotmentDistId)) issue(`duplicate mstAllotmentDistId ${m.mstAllotmentDistId}`);
      masterIds.add(m.mstAllotmentDistId);
      if (!ddoCodes.has(m.ddoCode)) issue(`master allotment ${m.mstAllotmentDistId}: unknown ddoCode ${m.ddoCode}`);
      if (!hoas.has(m.hoa)) issue(`master allotment ${m.mstAllotmentDistId}: unknown hoa ${m.hoa}`);
      if (m.transactions[0]?.type !== 'Initial Allotment') {
        issue(`master allotment ${m.mstAllotmentDistId}: the first transaction must be the Initial Allotment`);
      }
      let allotted = 0;
      for (const t of m.transactions) {
        if (t.type === 'Initial Allotment' && t !== m.transactions[0]) {
          issue(`master allotment ${m.mstAllotmentDistId}: a second Initial Allotment (serial ${t.allotmentTxnSlNo})`);
        }
        allotted += t.type === 'Allotment withdrawal' ? -t.amountPaise : t.amountPaise;
        if (t.availableBalancePaise !== m.sanctionedPaise - allotted) {
          issue(
            `master allotment ${m.mstAllotmentDistId} serial ${t.allotmentTxnSlNo}: availableBalancePaise must be ` +
              `${m.sanctionedPaise - allotted} (sanctioned minus net allotted)`,
          );
        }
        if (allotted < 0 || allotted > m.sanctionedPaise) {
          issue(`master allotment ${m.mstAllotmentDistId}: net allotted leaves 0..sanctioned`);
        }
      }
    }
  });

export type TreasurySeed = z.infer<typeof treasurySeedSchema>;
export type SeedSsu = z.infer<typeof ssuSchema>;

export function parseSeed(value: unknown, source = 'seed'): TreasurySeed {
  const parsed = treasurySeedSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new Error(`invalid treasury ${source}:\n${problems}`);
  }
  return parsed.data;
}

/** The seed shipped with the simulator (`simulator/seed/treasury-seed.json`). */
export function defaultSeed(): TreasurySeed {
  return parseSeed(defaultSeedJson, 'default seed');
}

export function loadSeedFile(file: string): TreasurySeed {
  return parseSeed(JSON.parse(readFileSync(file, 'utf8')), `seed file ${file}`);
}
