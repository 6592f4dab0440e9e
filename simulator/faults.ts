import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { aesEcbEncrypt, generateAesKey } from '../jit/crypto';
import type { Clock } from './clock';
import { Prng } from '../lib/prng';
import type { SessionRotation } from './sessions';

const rate = z.number().min(0).max(1);

/**
 * Faults on demand. Rates are probabilities per request, drawn from a seedable PRNG.
 * - Before the request is handled (nothing is recorded): `resetRate` (socket destroyed),
 *   `error5xxRate` (500/502/503).
 * - After it is handled (the treasury did the work; the answer is lost or damaged): `timeoutRate`
 *   (no answer; the socket is held `timeoutHoldMs` or until the client gives up), `malformedRate`
 *   (non-base64 garbage), `truncatedRate` (the ciphertext cut short), `wrongKeyRate` (encrypted under
 *   a random key instead of the REK).
 * `latencyMs` delays every request; `expireSessionsEveryMs` ends every session at each period boundary.
 * Faults hit the service endpoint; also the handshake when `applyToAuth` (latency, reset, 5xx, timeout).
 */
export const faultConfigSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(120_000).default(0),
    error5xxRate: rate.default(0),
    timeoutRate: rate.default(0),
    resetRate: rate.default(0),
    malformedRate: rate.default(0),
    truncatedRate: rate.default(0),
    wrongKeyRate: rate.default(0),
    expireSessionsEveryMs: z.number().int().positive().optional(),
    applyToAuth: z.boolean().default(false),
    timeoutHoldMs: z.number().int().positive().max(600_000).default(60_000),
    /** Re-seeds the PRNG, to replay a sequence of faults. */
    seed: z.number().int().optional(),
  })
  .strict()
  .refine((c) => c.resetRate + c.error5xxRate <= 1, 'resetRate + error5xxRate must not exceed 1')
  .refine(
    (c) => c.timeoutRate + c.malformedRate + c.truncatedRate + c.wrongKeyRate <= 1,
    'timeoutRate + malformedRate + truncatedRate + wrongKeyRate must not exceed 1',
  );

export type FaultConfigInput = z.input<typeof faultConfigSchema>;
export type FaultConfig = z.output<typeof faultConfigSchema>;
export type RequestFault = 'reset' | 'error5xx';
export type ResponseFault = 'timeout' | 'malformed' | 'truncated' | 'wrongKey';

export const NO_FAULTS: FaultConfig = faultConfigSchema.parse({});
export const DEFAULT_FAULT_SEED = 20_230_525;

export class FaultInjector {
  private current: FaultConfig = NO_FAULTS;
  private prng: Prng;
  private rotationAnchor = 0;

  constructor(
    private readonly clock: Clock,
    private readonly seed: number = DEFAULT_FAULT_SEED,
    initial?: FaultConfigInput,
  ) {
    this.prng = new Prng(seed);
    if (initial) this.configure(initial);
  }

  /** Replaces the whole fault configuration (omitted fields are off). Throws a ZodError when invalid. */
  configure(input: unknown): FaultConfig {
    const config = faultConfigSchema.parse(input);
    this.current = config;
    if (config.seed !== undefined) this.prng = new Prng(config.seed);
    this.rotationAnchor = this.clock.now();
    return config;
  }

  clear(): void {
    this.current = NO_FAULTS;
    this.prng = new Prng(this.seed);
  }

  get config(): FaultConfig {
    return this.current;
  }

  beforeHandling(): RequestFault | undefined {
    const c = this.current;
    return this.draw([
      ['reset', c.resetRate],
      ['error5xx', c.error5xxRate],
    ]);
  }

  afterHandling(): ResponseFault | undefined {
    const c = this.current;
    return this.draw([
      ['timeout', c.timeoutRate],
      ['malformed', c.malformedRate],
      ['truncated', c.truncatedRate],
      ['wrongKey', c.wrongKeyRate],
    ]);
  }

  pick5xxStatus(): number {
    return this.prng.pick([500, 502, 503]);
  }

  sessionRotation(): SessionRotation | undefined {
    const everyMs = this.current.expireSessionsEveryMs;
    return everyMs === undefined ? undefined : { everyMs, anchorMs: this.rotationAnchor };
  }

  /** The damaged body for a response fault, given the correct ciphertext and the plaintext it carried. */
  damage(kind: Exclude<ResponseFault, 'timeout'>, ciphertext: string, plaintext: string): string {
    switch (kind) {
      case 'malformed':
        return `<html><body>Gateway error %%${randomBytes(6).toString('hex')}%%</body></html>`;
      case 'truncated':
        return ciphertext.slice(0, Math.max(1, Math.floor(ciphertext.length * (0.2 + 0.6 * this.prng.next()))));
      case 'wrongKey':
        return aesEcbEncrypt(generateAesKey(), plaintext);
    }
  }

  private draw<K extends string>(choices: Array<[K, number]>): K | undefined {
    const total = choices.reduce((sum, [, p]) => sum + p, 0);
    if (total <= 0) return undefined;
    let x = this.prng.next();
    for (const [kind, p] of choices) {
      if (x < p) return kind;
      x -= p;
    }
    return undefined;
  }
}
