import { z } from 'zod';
import { Prng } from '../lib/prng';

/**
 * How a treasury speaks and behaves where JIT-FS leaves room: the platform must be safe under every
 * dialect, not only under the one our own code was written against. The default ("faithful") is the
 * simulator's historic behaviour; `ADVERSARIAL_DIALECT` is what a real treasury was seen to do.
 */
const rate = z.number().min(0).max(1);

export const dialectSchema = z
  .object({
    /** The refusal of a PI/COR number already held; `<no>` is replaced by the number. */
    duplicateRefusal: z
      .object({
        code: z.string().min(1).default('DUPLICATE'),
        message: z.string().min(1).default('Duplicate payment instruction ID <no>'),
      })
      .strict()
      .default({ code: 'DUPLICATE', message: 'Duplicate payment instruction ID <no>' }),
    /** PI/COR answers lost after the treasury committed them (connection cut): a rate, and/or the first per number. */
    lostAnswers: z
      .object({ rate: rate.default(0), firstPerNumber: z.boolean().default(false) })
      .strict()
      .default({ rate: 0, firstPerNumber: false }),
    /**
     * SSU signing time, drawn log-uniformly between `minMs` and `maxMs` of treasury time, optionally
     * counted in IST office hours (10:00–18:00, Monday–Friday), then divided by `compression` so a
     * test can live through days in seconds. Absent: the fixed `ssuApprovalDelayMs`.
     */
    ssuSigning: z
      .object({
        minMs: z.number().int().min(0),
        maxMs: z.number().int().min(0),
        officeHoursIst: z.boolean().default(false),
        compression: z.number().min(1).default(1),
      })
      .strict()
      .refine((s) => s.maxMs >= s.minMs, 'maxMs must be at least minMs')
      .optional(),
    /** PIS for a bill it never received: its own error text (`distinct`), or the same empty answer as "not signed yet". */
    pisUnknownBill: z.enum(['distinct', 'same-as-unsigned']).default('distinct'),
    /** FTPS leaves returned beneficiaries out of a correction's scroll (they show only in FTFPS). */
    ftpsOmitsReturned: z.boolean().default(false),
    /** A correction's returns are reported over this many FTFPS rounds, `returnDelayMs` apart. */
    ftfpsRounds: z.number().int().min(1).max(10).default(1),
    /** Status polls (PIS, PAG, PD, FTPS, FTFPS) answered HTTP 400 at this rate. */
    pollClientErrorRate: rate.default(0),
    /** Status polls answered HTTP 200 with a transient free-text `errorMsg` at this rate. */
    transientErrorMsgRate: rate.default(0),
    seed: z.number().int().optional(),
  })
  .strict()
  .refine((d) => d.pollClientErrorRate + d.transientErrorMsgRate <= 1, 'poll error rates must not exceed 1 together');

export type DialectInput = z.input<typeof dialectSchema>;
export type DialectConfig = z.output<typeof dialectSchema>;

/** Lost answers, slow office-hours signing, another duplicate wording and code, PIS that cannot tell unknown from unsigned. */
export const ADVERSARIAL_DIALECT: DialectInput = {
  duplicateRefusal: { code: '399', message: 'JIT Bill No <no> is already exists in JIT-FS' },
  lostAnswers: { firstPerNumber: true },
  ssuSigning: { minMs: 30_000, maxMs: 30_000, compression: 10 },
  pisUnknownBill: 'same-as-unsigned',
  ftpsOmitsReturned: true,
  ftfpsRounds: 2,
};

export const DIALECT_PRESETS: Record<string, DialectInput> = { faithful: {}, adversarial: ADVERSARIAL_DIALECT };

export const POLL_SERVICES: ReadonlySet<string> = new Set(['PIS', 'PAG', 'PD', 'FTPS', 'FTFPS']);
export const TRANSIENT_ERROR_TEXT = 'Unable to process the request at this moment, please try again later';

const OFFICE_OPEN_H = 10;
const OFFICE_CLOSE_H = 18;
const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;
const HOUR = 3_600_000;

export class Dialect {
  private current: DialectConfig = dialectSchema.parse({});
  private prng = new Prng(1);
  private readonly answered = new Set<string>();

  constructor(initial?: DialectInput) {
    if (initial) this.configure(initial);
  }

  /** Replaces the whole dialect (omitted = faithful). Throws a ZodError when invalid. */
  configure(input: unknown): DialectConfig {
    this.current = dialectSchema.parse(input);
    this.prng = new Prng(this.current.seed ?? 1);
    this.answered.clear();
    return this.current;
  }

  get config(): DialectConfig {
    return this.current;
  }

  duplicateRefusal(number: string): { errorCode: string; errorMsg: string } {
    const { code, message } = this.current.duplicateRefusal;
    return { errorCode: code, errorMsg: message.replaceAll('<no>', number) };
  }

  /** Whether the answer to this committed PI/COR is lost on the way back. */
  losesAnswer(number: string): boolean {
    const { rate: r, firstPerNumber } = this.current.lostAnswers;
    const first = !this.answered.has(number);
    this.answered.add(number);
    return (firstPerNumber && first) || (r > 0 && this.prng.next() < r);
  }

  /** Simulator ms from receipt to the SSU's decision, or undefined for the fixed delay. */
  signingDelayMs(receivedAt: number): number | undefined {
    const s = this.current.ssuSigning;
    if (!s) return undefined;
    const lo = Math.max(1, s.minMs);
    const drawn = Math.round(lo * Math.pow(Math.max(s.maxMs, lo) / lo, this.prng.next()));
    const elapsed = s.officeHoursIst ? officeTimeSpan(receivedAt, drawn) : drawn;
    return Math.round(elapsed / s.compression);
  }

  /** The fault a status poll meets, drawn per call. */
  pollFault(serviceId: string): 'clientError' | 'transientErrorMsg' | undefined {
    if (!POLL_SERVICES.has(serviceId)) return undefined;
    const { pollClientErrorRate: c, transientErrorMsgRate: t } = this.current;
    if (c + t <= 0) return undefined;
    const x = this.prng.next();
    if (x < c) return 'clientError';
    if (x < c + t) return 'transientErrorMsg';
    return undefined;
  }
}

/** Wall-clock ms from `start` until `workMs` of IST office time has passed. */
export function officeTimeSpan(start: number, workMs: number): number {
  let t = start;
  let left = workMs;
  for (let guard = 0; guard < 10_000; guard++) {
    const ist = new Date(t + IST_OFFSET_MS);
    const day = ist.getUTCDay();
    const dayStart =
      t -
      ((ist.getUTCHours() * 60 + ist.getUTCMinutes()) * 60_000 + ist.getUTCSeconds() * 1000 + ist.getUTCMilliseconds());
    const open = dayStart + OFFICE_OPEN_H * HOUR;
    const close = dayStart + OFFICE_CLOSE_H * HOUR;
    if (day === 0 || day === 6 || t >= close) {
      t = dayStart + 24 * HOUR + OFFICE_OPEN_H * HOUR;
      continue;
    }
    if (t < open) t = open;
    if (t + left <= close) return t + left - start;
    left -= close - t;
    t = dayStart + 24 * HOUR + OFFICE_OPEN_H * HOUR;
  }
  return t + left - start;
}
