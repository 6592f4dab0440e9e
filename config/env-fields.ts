import { z } from 'zod';

/** The shapes environment variables come in: ports, durations, keys, JSON, names. */
export const port = z.coerce.number().int().min(1).max(65535);
export const positiveMs = z.coerce.number().int().positive();
export const base64Key32 = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)');

/** A variable holding JSON, parsed before its schema checks it. */
export const jsonText = (message: string) =>
  z.string().transform((v, ctx) => {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
  });
export const dottedPath = z
  .string()
  .regex(/^([A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*)?$/, 'must be a dotted path like RequestInfo.authToken');
/** The server stores membership ports in a PostgreSQL smallint: every port it binds stays below 32768. */
export const SERVER_PORT_BASE_MAX = 32_767 - 16;
export const sqlName = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier');

export const keyId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 . _ -');
export const oldKeys = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,64}:[A-Za-z0-9+/=]+$/, 'each entry must be id:base64')
        .transform((entry) => {
          const sep = entry.indexOf(':');
          return { id: entry.slice(0, sep), key: Buffer.from(entry.slice(sep + 1), 'base64') };
        })
        .refine((k) => k.key.length === 32, 'each key must be 32 bytes, base64-encoded'),
    ),
  );
