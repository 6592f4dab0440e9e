import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Redaction is a second line of defence: secrets are never passed to a logger
 * on purpose, but if an object carrying one slips in, these paths are blanked.
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
    redact: {
      paths: [
        '*.authorization',
        '*.authToken',
        '*.clientSecret',
        '*.sek',
        '*.rek',
        '*.appKey',
        'req.headers.authorization',
        'req.headers.clientsecret',
        'req.headers.authtoken',
      ],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
