import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Redaction is a second line of defence: secrets are never passed to a logger
 * on purpose, but if an object carrying one slips in, these paths are blanked.
 */
export function createLogger(name: string, level: string): Logger {
  return pino({
    name,
    level,
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
