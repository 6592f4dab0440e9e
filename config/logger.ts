import pino, { type Logger } from 'pino';

const SECRET_PATHS = [
  '*.authorization',
  '*.authToken',
  '*.clientSecret',
  '*.sek',
  '*.rek',
  '*.appKey',
  'req.headers.authorization',
  'req.headers.clientsecret',
  'req.headers.authtoken',
];

/** Beneficiaries' account, IFSC, mobile and address, in our shapes and the JIT-FS wire format. */
const PERSONAL_FIELDS = [
  'accountNumber',
  'ifsc',
  'mobile',
  'address',
  'orgAccountNo',
  'curAccountNo',
  'correctedAccountNo',
  'benfAcctNo',
  'benfMobileNo',
  'benfName',
  'ifscCode',
];
// pino's wildcards match one level each: cover the field alone, one and two levels down, and in lists
// of beneficiaries (where a bare `name` is a payee's, not the logger's).
const PERSONAL_PATHS = [
  ...PERSONAL_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `beneficiaries[*].${f}`, `*.beneficiaries[*].${f}`]),
  'beneficiaries[*].name',
  '*.beneficiaries[*].name',
  '*.corrections[*].accountNumber',
];

export const REDACTED_PATHS = [...SECRET_PATHS, ...PERSONAL_PATHS];

/**
 * Structured JSON logs. Redaction is a second line of defence: secrets are never passed to a logger
 * on purpose, but if an object carrying one slips in, these paths are blanked; so are beneficiaries'
 * personal fields.
 */
export function createLogger(name: string, level: string, format: 'json' | 'pretty' = 'json'): Logger {
  return pino({
    name,
    level,
    // Pretty output is for `npm start` on a laptop (pino-pretty is a dev dependency); production logs JSON.
    ...(format === 'pretty'
      ? {
          transport: {
            target: 'pino-pretty',
            options: { ignore: 'pid,hostname,name', translateTime: 'SYS:HH:MM:ss.l' },
          },
        }
      : {}),
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  });
}

export type { Logger };
