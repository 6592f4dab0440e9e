import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { Role } from '../auth/principal';
import { billNumber, errorResponse } from '../schemas/common';

/** Pieces every route entry of the OpenAPI document uses. */
export const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
export const error = (description: string) => json(errorResponse, description);
export const STANDARD_ERRORS = {
  400: error(
    'Invalid input (VALIDATION_FAILED with per-field issues; code unsafe_text for NUL, control characters or lone ' +
      'surrogates), or TENANT_REQUIRED',
  ),
  401: error('Missing, malformed, forged or expired token'),
  403: error('The token lacks a role this route allows, or X-Tenant-Id is not one of its tenants'),
  429: error('Too many requests from this client'),
};
export const tenantHeader = z.object({
  'x-tenant-id': z
    .string()
    .optional()
    .meta({ description: 'The tenant to act for; required when the token lists several' }),
});
export const billPath = z.object({
  billNumber: billNumber.meta({ param: { description: 'URL-encoded bill number' } }),
});

export type Route = Omit<RouteConfig, 'responses'> & {
  roles: Role[];
  responses: RouteConfig['responses'];
  masked?: true;
};
