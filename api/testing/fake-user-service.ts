import { createServer, type Server } from 'node:http';

/** A user as DIGIT's egov-user describes one in `UserRequest`. */
export interface FakeHostUser {
  uuid: string;
  userName: string;
  tenantId: string;
  active?: boolean;
  roles: Array<{ code: string; name?: string; tenantId?: string }>;
}

export interface FakeUserService {
  url: string;
  /** Tokens the service knows, and who they belong to; delete one to end its host session. */
  sessions: Map<string, FakeHostUser>;
  /** Every call: the token in the query and in the body, as received. */
  calls: Array<{ queryToken: string | null; bodyToken: unknown }>;
  /** Answer 500 to everything (an outage). */
  failing: boolean;
  close(): Promise<void>;
}

/**
 * An in-process stand-in for the host platform's user service, a real HTTP server speaking DIGIT's
 * `POST /user/_details?access_token=…` (`{"RequestInfo":{"authToken":…}}` → `{"UserRequest":{…}}`,
 * 400 InvalidAccessTokenException for a token it does not know).
 */
export async function startFakeUserService(): Promise<FakeUserService> {
  const fake: Omit<FakeUserService, 'url' | 'close'> = { sessions: new Map(), calls: [], failing: false };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const queryToken = url.searchParams.get('access_token');
      let bodyToken: unknown;
      try {
        bodyToken = (JSON.parse(body) as { RequestInfo?: { authToken?: unknown } }).RequestInfo?.authToken;
      } catch {
        bodyToken = undefined;
      }
      fake.calls.push({ queryToken, bodyToken });
      const json = (status: number, value: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (fake.failing) return json(500, { Errors: [{ code: 'INTERNAL' }] });
      if (req.method !== 'POST' || url.pathname !== '/user/_details') return json(404, {});
      const user = queryToken ? fake.sessions.get(queryToken) : undefined;
      if (!user)
        return json(400, { Errors: [{ code: 'InvalidAccessTokenException', message: 'Invalid access token' }] });
      json(200, { UserRequest: { ...user, type: 'EMPLOYEE', active: user.active ?? true } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}/user/_details`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
