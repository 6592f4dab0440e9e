import { randomBytes } from 'node:crypto';
import { generateAesKey } from '../jit/crypto';
import type { Clock } from './clock';

export interface Session {
  token: string;
  clientId: string;
  sek: Buffer;
  createdAt: number;
  expiresAt: number;
}

/** Forced periodic expiry (a fault): sessions die at every `everyMs` boundary counted from `anchorMs`. */
export interface SessionRotation {
  everyMs: number;
  anchorMs: number;
}

/**
 * Live sessions: auth token → SEK, each valid for the TTL. Like the real treasury may, it keeps one
 * session per client id: a new handshake invalidates the previous token.
 */
export class SessionStore {
  private readonly byToken = new Map<string, Session>();
  private readonly tokenByClient = new Map<string, string>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  create(clientId: string): Session {
    const previous = this.tokenByClient.get(clientId);
    if (previous !== undefined) this.byToken.delete(previous);
    const now = this.clock.now();
    const session: Session = {
      token: randomBytes(24).toString('base64url'),
      clientId,
      sek: generateAesKey(),
      createdAt: now,
      expiresAt: now + this.ttlMs,
    };
    this.byToken.set(session.token, session);
    this.tokenByClient.set(clientId, session.token);
    return session;
  }

  /** The live session for a token, or undefined (unknown, superseded, expired or rotated away). */
  lookup(token: string | undefined, rotation?: SessionRotation): Session | undefined {
    if (!token) return undefined;
    const session = this.byToken.get(token);
    if (!session) return undefined;
    const now = this.clock.now();
    if (now >= session.expiresAt || (rotation !== undefined && rotatedAway(session, now, rotation))) {
      this.remove(session);
      return undefined;
    }
    return session;
  }

  /** Forces every session to expire now; returns how many were live. */
  expireAll(): number {
    const count = this.byToken.size;
    this.byToken.clear();
    this.tokenByClient.clear();
    return count;
  }

  get size(): number {
    return this.byToken.size;
  }

  private remove(session: Session): void {
    this.byToken.delete(session.token);
    if (this.tokenByClient.get(session.clientId) === session.token) this.tokenByClient.delete(session.clientId);
  }
}

function rotatedAway(session: Session, now: number, { everyMs, anchorMs }: SessionRotation): boolean {
  const window = (t: number) => Math.floor((t - anchorMs) / everyMs);
  return window(session.createdAt) !== window(now);
}
