import { JIT_SERVICE_IDS, type JitServiceId } from '../../jit/service-ids';
import { envelope, type JitEnvelope } from '../protocol';
import type { TreasuryState } from '../state/treasury-state';
import { handleCor } from './cor';
import { handleFd } from './fd';
import { handleFtfps } from './ftfps';
import { handleFtps } from './ftps';
import { handlePag } from './pag';
import { handlePd } from './pd';
import { handlePi } from './pi';
import { handlePis } from './pis';
import { handleVa } from './va';

export type ServiceHandler = (state: TreasuryState, params: unknown) => JitEnvelope;

const HANDLERS: Record<JitServiceId, ServiceHandler> = {
  VA: handleVa,
  PI: handlePi,
  PIS: handlePis,
  PAG: handlePag,
  PD: handlePd,
  FD: handleFd,
  COR: handleCor,
  FTPS: handleFtps,
  FTFPS: handleFtfps,
};

export function isServiceId(value: string): value is JitServiceId {
  return (JIT_SERVICE_IDS as readonly string[]).includes(value);
}

/** Routes a decrypted `{serviceId, params}` to its service; an unknown id is a business error, not a crash. */
export function handleServiceCall(state: TreasuryState, serviceId: string, params: unknown): JitEnvelope {
  if (!isServiceId(serviceId)) return envelope.error(serviceId, `Invalid serviceId ${serviceId}`);
  state.received.recordService(serviceId);
  return HANDLERS[serviceId](state, params);
}
