import type { z } from 'zod';
import type { JitServiceId } from '../service-ids';
import { corParamsSchema, corRowSchema } from './cor';
import { fdParamsSchema, fdRowSchema } from './fd';
import { ftfpsParamsSchema, ftfpsRowSchema } from './ftfps';
import { ftpsParamsSchema, ftpsRowSchema } from './ftps';
import { pagParamsSchema, pagRowSchema } from './pag';
import { pdParamsSchema, pdRowSchema } from './pd';
import { piParamsSchema, piRowSchema } from './pi';
import { pisParamsSchema, pisRowSchema } from './pis';
import { vaParamsSchema, vaRowSchema } from './va';

/** Params and response-row schema of every service, looked up by service id. */
export const JIT_SCHEMAS = {
  VA: { params: vaParamsSchema, row: vaRowSchema },
  PI: { params: piParamsSchema, row: piRowSchema },
  PIS: { params: pisParamsSchema, row: pisRowSchema },
  PAG: { params: pagParamsSchema, row: pagRowSchema },
  PD: { params: pdParamsSchema, row: pdRowSchema },
  FD: { params: fdParamsSchema, row: fdRowSchema },
  COR: { params: corParamsSchema, row: corRowSchema },
  FTPS: { params: ftpsParamsSchema, row: ftpsRowSchema },
  FTFPS: { params: ftfpsParamsSchema, row: ftfpsRowSchema },
} as const satisfies Record<JitServiceId, { params: z.ZodType; row: z.ZodType }>;

export type JitParams<S extends JitServiceId> = z.infer<(typeof JIT_SCHEMAS)[S]['params']>;
export type JitRow<S extends JitServiceId> = z.infer<(typeof JIT_SCHEMAS)[S]['row']>;

export { jitEnvelopeSchema, type JitEnvelope } from './envelope';
export { matchSsuRejection } from './pis';
export type { VaParams, VaRow } from './va';
export type { PiParams, PiRow } from './pi';
export type { PisParams, PisRow } from './pis';
export type { PagParams, PagRow } from './pag';
export type { PdParams, PdRow } from './pd';
export type { FdParams, FdRow } from './fd';
export type { CorParams, CorRow } from './cor';
export type { FtpsParams, FtpsRow } from './ftps';
export type { FtfpsParams, FtfpsRow } from './ftfps';
export type { PaidBeneficiary, FailedBeneficiary } from './scroll';
