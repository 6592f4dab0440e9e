import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { AES_KEY_BYTES, aesEcbEncrypt, rsaOaepDecrypt } from '../jit/crypto';
import { JIT_PATHS, STALE_SESSION_MESSAGE } from '../jit/service-ids';
import { TRANSIENT_ERROR_TEXT } from './dialect';
import type { FaultInjector, RequestFault } from './faults';
import {
  decodeServiceRequest,
  encodeServiceResponse,
  envelope,
  isRecord,
  MalformedRequestError,
  type DecodedServiceRequest,
  type JitEnvelope,
} from './protocol';
import { handleServiceCall } from './services';
import type { SessionStore } from './sessions';
import type { TreasuryState } from './state/treasury-state';

export interface TreasuryRouteDeps {
  state: TreasuryState;
  sessions: SessionStore;
  faults: FaultInjector;
  privateKeyPem: string;
  clientId: string;
  clientSecret: string;
  bodyLimit: string;
  log: Logger;
  /** Holds a socket open without answering (the timeout fault); the server releases them on close. */
  hold(req: Request, res: Response, ms: number): void;
}

/** The two JIT-FS endpoints: the appKey/SEK handshake and the encrypted service call. */
export function createTreasuryRouter(deps: TreasuryRouteDeps): Router {
  const { state, sessions, faults, log } = deps;
  const router = express.Router();
  const anyBody = { type: () => true, limit: deps.bodyLimit };

  /** Latency and the request-phase faults; true when the request was consumed by a fault. */
  async function preFaults(req: Request, res: Response): Promise<boolean> {
    const { latencyMs } = faults.config;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const fault: RequestFault | undefined = faults.beforeHandling();
    if (fault === undefined) return false;
    state.received.recordFault(fault);
    if (fault === 'reset') {
      req.socket.destroy();
    } else {
      res.status(faults.pick5xxStatus()).type('text/plain').send('Service temporarily unavailable');
    }
    log.debug({ path: req.path, fault }, 'fault injected');
    return true;
  }

  router.post(JIT_PATHS.authenticate, express.json(anyBody), async (req, res) => {
    if (faults.config.applyToAuth && (await preFaults(req, res))) return;
    if (!sameSecret(req.get('clientId'), deps.clientId) || !sameSecret(req.get('clientSecret'), deps.clientSecret)) {
      log.warn('authentication refused: invalid client credentials');
      res.status(401).json({ error: 'invalid client credentials' });
      return;
    }
    const body: unknown = req.body;
    const appKeyB64 = isRecord(body) && typeof body.appKey === 'string' ? body.appKey : undefined;
    if (!appKeyB64) {
      res.status(400).json({ error: 'appKey is required' });
      return;
    }
    let appKey: Buffer;
    try {
      appKey = rsaOaepDecrypt(deps.privateKeyPem, appKeyB64);
    } catch {
      res.status(400).json({ error: 'appKey could not be decrypted' });
      return;
    }
    if (appKey.length !== AES_KEY_BYTES) {
      res.status(400).json({ error: `appKey must be a ${AES_KEY_BYTES}-byte AES key` });
      return;
    }
    if (faults.config.applyToAuth && faults.afterHandling() === 'timeout') {
      state.received.recordFault('timeout');
      deps.hold(req, res, faults.config.timeoutHoldMs);
      return;
    }
    const session = sessions.create(deps.clientId);
    state.received.recordAuth();
    log.info('session issued');
    res.status(200).json({ authToken: session.token, sek: aesEcbEncrypt(appKey, session.sek) });
  });

  router.post(JIT_PATHS.service, express.text(anyBody), async (req, res) => {
    const started = Date.now();
    if (await preFaults(req, res)) return;
    const session = sessions.lookup(req.get('authToken'), faults.sessionRotation());
    if (!session) {
      staleSession(res);
      return;
    }
    let decoded: DecodedServiceRequest;
    try {
      decoded = decodeServiceRequest(session.sek, typeof req.body === 'string' ? req.body : '');
    } catch (err) {
      if (err instanceof MalformedRequestError) {
        res.status(400).type('text/plain').send(`Invalid request: ${err.message}`);
      } else {
        staleSession(res);
      }
      return;
    }
    const dialectFault = state.dialect.pollFault(decoded.serviceId);
    if (dialectFault === 'clientError') {
      state.received.recordFault('pollClientError');
      res.status(400).type('text/plain').send('Bad Request');
      return;
    }
    const response =
      dialectFault === 'transientErrorMsg'
        ? envelope.error(decoded.serviceId, TRANSIENT_ERROR_TEXT)
        : handleServiceCall(state, decoded.serviceId, decoded.params);
    if (dialectFault) state.received.recordFault(dialectFault);
    const committed = committedNumber(decoded.serviceId, response);
    if (committed !== undefined && state.dialect.losesAnswer(committed)) {
      // The treasury committed the instruction; the connection is cut before the answer leaves.
      state.received.recordFault('lostAnswer');
      req.socket.destroy();
      return;
    }
    const plaintext = JSON.stringify(response);
    const ciphertext = encodeServiceResponse(decoded.rek, response);
    const fault = faults.afterHandling();
    if (fault !== undefined) state.received.recordFault(fault);
    log.debug(
      {
        serviceId: decoded.serviceId,
        outcome: response.errorMsgs ? 'invalid' : response.errorMsg ? 'error' : response.data.length ? 'data' : 'empty',
        fault,
        ms: Date.now() - started,
      },
      'service call',
    );
    if (fault === 'timeout') {
      deps.hold(req, res, faults.config.timeoutHoldMs);
      return;
    }
    const body = fault === undefined ? ciphertext : faults.damage(fault, ciphertext, plaintext);
    res.status(200).type('text/plain').send(body);
  });

  return router;
}

/** The PI/COR number an accepted instruction answer commits, if this is one. */
function committedNumber(serviceId: string, response: JitEnvelope): string | undefined {
  if ((serviceId !== 'PI' && serviceId !== 'COR') || response.errorMsgs || response.errorMsg) return undefined;
  const row = response.data[0];
  if (!isRecord(row)) return undefined;
  const number = serviceId === 'PI' ? row.jitBillNo : row.jitCorBillNo;
  return typeof number === 'string' ? number : undefined;
}

function staleSession(res: Response): void {
  res.status(401).type('text/plain').send(STALE_SESSION_MESSAGE);
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
