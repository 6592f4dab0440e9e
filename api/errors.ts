import type { ErrorRequestHandler, RequestHandler } from 'express';
import { type z } from 'zod';
import type { Logger } from '../config/logger';

/** A failure the client can act on: carries its HTTP status and a stable machine-readable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ApiError(400, 'VALIDATION_FAILED', `invalid ${what}`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code })),
    });
  }
  return parsed.data;
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'NOT_FOUND', `no route for ${req.method} ${req.path}`));
};

/** The one place errors become responses: `{error: {code, message, details}}`, never a stack trace. */
export function createErrorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    if (err instanceof ApiError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details ?? null } });
      return;
    }
    const bodyError = err as { type?: string; status?: number };
    if (bodyError.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'BODY_TOO_LARGE', message: 'request body is too large', details: null } });
      return;
    }
    if (bodyError.type === 'entity.parse.failed') {
      res
        .status(400)
        .json({ error: { code: 'MALFORMED_JSON', message: 'request body is not valid JSON', details: null } });
      return;
    }
    log.error({ err }, 'unhandled API error');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error', details: null } });
  };
}
