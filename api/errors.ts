import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { KnexTimeoutError } from 'knex';
import { type z } from 'zod';
import type { Logger } from '../config/logger';
import { AuditDecryptError } from '../security/audit-cipher';
import { withoutPaths } from './audit/redact';
import { echoPath, findUnsafeText, truncateEcho } from './schemas/text-rule';

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

export interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

export const errorBody = (code: string, message: string, details: unknown = null): ErrorBody => ({
  error: { code, message, details },
});

/**
 * The edge of every route: the text rule (schemas/text-rule.ts) over every string and key, then the
 * route's zod schema. A refusal names each field; keys, paths and messages it echoes are truncated.
 */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const unsafe = findUnsafeText(value);
  if (unsafe.length > 0) {
    throw new ApiError(400, 'VALIDATION_FAILED', `invalid ${what}`, {
      issues: unsafe.map((i) => ({ path: echoPath(i.path), message: i.message, code: 'unsafe_text' })),
    });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ApiError(400, 'VALIDATION_FAILED', `invalid ${what}`, {
      // Paths and rule names only: the offending values are never echoed back (they may be huge or sensitive).
      issues: parsed.error.issues
        .slice(0, 50)
        .map((i) => ({ path: echoPath(i.path), message: truncateEcho(i.message, 200), code: i.code })),
    });
  }
  return parsed.data;
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'NOT_FOUND', `no route for ${req.method} ${truncateEcho(req.path)}`));
};

// body-parser and the router report client mistakes as errors carrying `type` and a 4xx `status`.
const CLIENT_ERROR_CODES: Record<string, [number, string, string]> = {
  'entity.too.large': [413, 'BODY_TOO_LARGE', 'request body is too large'],
  'entity.parse.failed': [400, 'MALFORMED_JSON', 'request body is not valid JSON'],
  'encoding.unsupported': [415, 'UNSUPPORTED_ENCODING', 'request body encoding is not supported'],
  'charset.unsupported': [415, 'UNSUPPORTED_CHARSET', 'request body charset is not supported'],
  'request.aborted': [400, 'REQUEST_ABORTED', 'request was aborted'],
  'request.size.invalid': [400, 'BAD_REQUEST', 'request size did not match content length'],
};

// gRPC DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE: worth a retry. Anything else from Temporal is our bug.
const TRANSIENT_GRPC = new Set([4, 8, 14]);

/** Maps what the handlers throw to a status and a stable code; anything unknown is a logged 500. */
export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof WorkflowNotFoundError) return new ApiError(404, 'NOT_FOUND', 'no such payment');
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return new ApiError(409, 'ALREADY_EXISTS', 'a workflow with this id already exists');
  }
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new ApiError(503, 'TEMPORAL_TIMEOUT', 'the workflow did not answer in time; try again');
  }
  if (err instanceof ServiceError && TRANSIENT_GRPC.has((err.cause as { code?: number } | undefined)?.code ?? -1)) {
    return new ApiError(503, 'TEMPORAL_UNAVAILABLE', 'the workflow service is unavailable');
  }
  if (err instanceof KnexTimeoutError) return new ApiError(503, 'DATABASE_UNAVAILABLE', 'the database is unavailable');
  if (err instanceof AuditDecryptError) {
    // The auditor is told which key id is missing or wrong (AUDIT_LOG_KEY / AUDIT_LOG_OLD_KEYS), never a key.
    return new ApiError(500, 'AUDIT_KEY_ERROR', err.message, { keyId: err.keyId, reason: err.reason });
  }
  const e = err as { type?: unknown; status?: unknown };
  if (typeof e?.type === 'string' && CLIENT_ERROR_CODES[e.type]) {
    const [status, code, message] = CLIENT_ERROR_CODES[e.type]!;
    return new ApiError(status, code, message);
  }
  if (err instanceof URIError && e.status === 400) return new ApiError(400, 'BAD_REQUEST', 'malformed URL encoding');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return new ApiError(e.status, 'BAD_REQUEST', 'bad request');
  }
  return undefined;
}

/** The one place errors become responses: `{error: {code, message, details}}`, never a stack trace. */
export function createErrorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const apiError = toApiError(err);
    if (!apiError || apiError.status >= 500) {
      log.error(
        { err, method: req.method, route: req.route ? String((req.route as { path: unknown }).path) : undefined },
        'API request failed',
      );
    }
    if (res.headersSent) return;
    if (!apiError) {
      res.status(500).json(errorBody('INTERNAL', 'internal error'));
      return;
    }
    // Whatever built the message, the client gets no source paths and nothing unbounded.
    const message = truncateEcho(withoutPaths(apiError.message), 300);
    res.status(apiError.status).json(errorBody(apiError.code, message, apiError.details ?? null));
  };
}
