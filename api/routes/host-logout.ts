import express, { Router } from 'express';
import { z } from 'zod';
import type { HostSessionVerifier } from '../auth/host-session';
import { parseOr400 } from '../errors';
import { signedJson } from '../webhooks/signed-json';

export const logoutBody = z.strictObject({ accessToken: z.string().min(1).max(4096) });

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
    const json = signedJson(req, settings);
    const { accessToken } = parseOr400(logoutBody, json, 'logout callback');
    await sessions.logout(accessToken);
    res.status(204).end();
  });
  return router;
}
