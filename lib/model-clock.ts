import { z } from 'zod';

/**
 * The time the poll plans reason in. In production it is the wall clock. A benchmark that lives a
 * treasury's week in minutes runs the worker on a compressed clock: `scale` model ms pass per real
 * ms, counted from `realOriginMs`, when the model clock read `modelOriginMs`.
 */
export interface ModelClock {
  now(): number;
  /** The model time of a real instant (an activity's scheduled time, say). */
  toModel(realMs: number): number;
  /** The real wait for a model duration. */
  toRealDelay(modelMs: number): number;
}

export const realClock: ModelClock = {
  now: () => Date.now(),
  toModel: (realMs) => realMs,
  toRealDelay: (modelMs) => modelMs,
};

export const compressedClockSchema = z.strictObject({
  modelOriginMs: z.number().int(),
  realOriginMs: z.number().int(),
  scale: z.number().min(1).max(100_000),
});

export type CompressedClockSettings = z.infer<typeof compressedClockSchema>;

export function compressedClock(s: CompressedClockSettings): ModelClock {
  const toModel = (realMs: number) => s.modelOriginMs + (realMs - s.realOriginMs) * s.scale;
  return {
    now: () => toModel(Date.now()),
    toModel,
    toRealDelay: (modelMs) => Math.max(0, Math.round(modelMs / s.scale)),
  };
}

/** Model time back to the real instant it falls on (the benchmark's simulator runs on real time). */
export const toReal = (s: CompressedClockSettings, modelMs: number): number =>
  s.realOriginMs + (modelMs - s.modelOriginMs) / s.scale;
