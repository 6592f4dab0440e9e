import type { RequestHandler } from 'express';
import { ApiError } from '../errors';

/** Bodies are JSON only; anything else would reach the schema as `undefined` and read as "missing". */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
  }
  next();
};
