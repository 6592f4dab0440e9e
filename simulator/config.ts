import { z } from 'zod';
import { DIALECT_PRESETS, dialectSchema, type DialectInput } from './dialect';
import { faultConfigSchema, type FaultConfigInput } from './faults';
import { failureRulesSchema } from './state/failure-rules';
import { definedOnly } from '../lib/defined-only';

/**
 * The simulator's own settings (host, port, session TTL and client credentials come from
 * `config/index.ts`). Read once by `simulator/main.ts`.
 */
const ms = z.coerce.number().int().min(0);
const rate = z.coerce.number().min(0).max(1).optional();

const jsonOf = <S extends z.ZodType>(schema: S) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

const regex = z.string().refine((v) => {
  try {
    new RegExp(v);
    return true;
  } catch {
    return false;
  }
}, 'must be a regular expression');

const simulatorEnvSchema = z.object({
  SIMULATOR_KEY_DIR: z.string().min(1).default('.data/simulator'),
  SIMULATOR_SEED_FILE: z.string().min(1).optional(),
  SIMULATOR_SSU_APPROVAL_DELAY_MS: ms.default(3_000),
  SIMULATOR_ADVICE_DELAY_MS: ms.default(3_000),
  SIMULATOR_DISBURSEMENT_DELAY_MS: ms.default(3_000),
  SIMULATOR_RETURN_DELAY_MS: ms.default(10_000),
  /** '' disables SSU rejections by bill number. */
  SIMULATOR_REJECT_BILL_PATTERN: regex.default('REJECT'),
  /** JSON array, e.g. `[{"accountSuffix":"999","outcome":"return","reason":"Account does not exist"}]`. */
  SIMULATOR_FAILURE_RULES: jsonOf(failureRulesSchema).optional(),
  /** A preset name (`faithful`, `adversarial`) or a JSON dialect (simulator/README.md). */
  SIMULATOR_DIALECT: z
    .string()
    .transform((text, ctx): DialectInput => {
      const preset = DIALECT_PRESETS[text];
      if (preset) return preset;
      try {
        return dialectSchema.parse(JSON.parse(text));
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: `must be ${Object.keys(DIALECT_PRESETS).join(' or ')}, or a JSON dialect`,
        });
        return z.NEVER;
      }
    })
    .optional(),
  SIMULATOR_FAULT_SEED: z.coerce.number().int().optional(),
  SIMULATOR_FAULT_LATENCY_MS: ms.optional(),
  SIMULATOR_FAULT_5XX_RATE: rate,
  SIMULATOR_FAULT_TIMEOUT_RATE: rate,
  SIMULATOR_FAULT_RESET_RATE: rate,
  SIMULATOR_FAULT_MALFORMED_RATE: rate,
  SIMULATOR_FAULT_TRUNCATED_RATE: rate,
  SIMULATOR_FAULT_WRONG_KEY_RATE: rate,
  SIMULATOR_FAULT_EXPIRE_SESSIONS_EVERY_MS: z.coerce.number().int().positive().optional(),
  SIMULATOR_FAULT_APPLY_TO_AUTH: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .optional(),
});

export type SimulatorSettings = ReturnType<typeof loadSimulatorSettings>;

export function loadSimulatorSettings(env: NodeJS.ProcessEnv) {
  const parsed = simulatorEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid simulator configuration:\n${problems}`);
  }
  const e = parsed.data;
  const faults: FaultConfigInput = definedOnly({
    latencyMs: e.SIMULATOR_FAULT_LATENCY_MS,
    error5xxRate: e.SIMULATOR_FAULT_5XX_RATE,
    timeoutRate: e.SIMULATOR_FAULT_TIMEOUT_RATE,
    resetRate: e.SIMULATOR_FAULT_RESET_RATE,
    malformedRate: e.SIMULATOR_FAULT_MALFORMED_RATE,
    truncatedRate: e.SIMULATOR_FAULT_TRUNCATED_RATE,
    wrongKeyRate: e.SIMULATOR_FAULT_WRONG_KEY_RATE,
    expireSessionsEveryMs: e.SIMULATOR_FAULT_EXPIRE_SESSIONS_EVERY_MS,
    applyToAuth: e.SIMULATOR_FAULT_APPLY_TO_AUTH,
  });
  const checked = faultConfigSchema.safeParse(faults);
  if (!checked.success) {
    throw new Error(`invalid simulator fault configuration: ${checked.error.issues.map((i) => i.message).join('; ')}`);
  }
  return {
    keyDir: e.SIMULATOR_KEY_DIR,
    seedFile: e.SIMULATOR_SEED_FILE,
    delays: {
      ssuApprovalDelayMs: e.SIMULATOR_SSU_APPROVAL_DELAY_MS,
      adviceDelayMs: e.SIMULATOR_ADVICE_DELAY_MS,
      disbursementDelayMs: e.SIMULATOR_DISBURSEMENT_DELAY_MS,
      returnDelayMs: e.SIMULATOR_RETURN_DELAY_MS,
    },
    rejectBillPattern: e.SIMULATOR_REJECT_BILL_PATTERN,
    failureRules: e.SIMULATOR_FAILURE_RULES,
    faultSeed: e.SIMULATOR_FAULT_SEED,
    dialect: e.SIMULATOR_DIALECT,
    faults: Object.keys(faults).length > 0 ? faults : undefined,
  };
}
