import express, { Router } from 'express';
import { z } from 'zod';
import type { HostSessionVerifier } from '../auth/host-session';
import { ApiError, parseOr400 } from '../errors';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../webhooks/signature';

const logoutBody = z.strictObject({ accessToken: z.string().min(1).max(4096) });

/**
 * `POST /auth/host/logout` (mounted under `/auth`): the host platform tells us a user logged out (the DIGIT coexistence
 * document: logout is a callback the other system implements). Signed like the webhooks, HMAC-SHA256
 * over `${X-Timestamp}.${raw body}`, so only the host can end a session; the token is refused by every
 * API process from the next request on.
 */
export function createHostLogoutRouter(
  sessions: HostSessionVerifier,
  settings: { secret: string; toleranceSeconds: number },
): Router {
  const router = Router();
  router.post('/host/logout', express.raw({ type: () => true, limit: '16kb' }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verdict = verifySignature(
      settings,
      { signature: req.get(SIGNATURE_HEADER), timestamp: req.get(TIMESTAMP_HEADER) },
      raw,
    );
    if (!verdict.ok) throw new ApiError(401, verdict.code, verdict.message);
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ApiError(400, 'MALFORMED_JSON', 'request body is not valid JSON');
    }
    const { accessToken } = parseOr400(logoutBody, json, 'logout callback');
    await sessions.logout(accessToken);
    res.status(204).end();
  });
  return router;
}
