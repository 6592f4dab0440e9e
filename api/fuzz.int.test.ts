import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payee } from '../test/lifecycle-env';
import { ROLES } from './auth';
import { openApiDocument } from './openapi/document';
import { bearer, TEST_WEBHOOK_SECRET } from './testing/harness';
import { EMPTY_FOOTPRINT, openIdleApi, type IdleApi } from './testing/idle-api';
import {
  anyString,
  headerValue,
  hostileBody,
  percentEncode,
  queryValue,
  unsafeString,
  validButOneUnsafe,
} from './testing/hostile-arbitraries';
import { signBody } from '../security/webhook-signature';

/**
 * Property-based fuzzing of every route in the OpenAPI document (issue 13): hostile path segments,
 * query values, headers and bodies (full-range Unicode with NUL and lone surrogates, dates far out of
 * range, deep nesting). Whatever arrives: no 5xx, errors in the documented shape, an answer within
 * ANSWER_BOUND_MS, and nothing written (read model, keys, events, probes, flags, Temporal) for a
 * refused request. Seeded (FUZZ_SEED) and bounded in runs (FUZZ_RUNS per route) and time.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 50);
const TIME_LIMIT_PER_ROUTE_MS = 60_000;
const ANSWER_BOUND_MS = 5_000;

interface Operation {
  parameters?: Array<{ name: string; in: 'path' | 'query' | 'header'; schema?: { enum?: string[] } }>;
  requestBody?: { content: Record<string, { schema: { $ref?: string; properties?: Record<string, unknown> } }> };
}
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
};

const doc = openApiDocument() as unknown as Document;
const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ method, path, op })),
);

/** The top-level property names of an operation's JSON body (through a $ref), so fuzzing reaches its fields. */
function bodyKeys(op: Operation): string[] | undefined {
  const schema = op.requestBody?.content['application/json']?.schema;
  if (!schema) return undefined;
  const resolved = schema.$ref ? doc.components?.schemas?.[schema.$ref.split('/').pop()!] : schema;
  return Object.keys(resolved?.properties ?? {});
}

/** A valid body per mutating route: the fuzzer plants one hostile value in it, so nothing else refuses it first. */
const bill = { billNumber: 'FUZZ-1', beneficiaries: [payee('100000000011', 150000)] };
const VALID_BODIES: Record<string, unknown> = {
  'post /api/v1/payments': bill,
  'post /api/v1/payments/{billNumber}/corrections': {
    corrections: [{ beneficiaryNumber: 'BN/FUZZ-1/1', accountNumber: '100000000011', ifsc: 'SBIN0000041' }],
  },
  'post /api/v1/payments/{billNumber}/actions/cancel': { reason: 'entered twice' },
  'post /api/v1/payments/{billNumber}/actions/resubmit': { reason: 'SSU fixed the sanction' },
  'post /api/v1/probes': { probeId: 'fuzz-probe', note: 'fuzz' },
  'post /webhooks/bills': { eventId: 'fuzz-event-1', tenantId: 'od.angul', bill },
  'post /codec/decode': { payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'e30=' }] },
  'post /codec/encode': { payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'e30=' }] },
  // Served only with AUTH_MODE=host (this API runs with JWTs): hostile input must still get a clean 4xx.
  'post /auth/host/logout': { accessToken: 'fuzz-host-session-token' },
};

// The webhook's event names the tenant in its body: the test's own, so a refusal is the edge's doing.
const validBody = (key: string) =>
  key.startsWith('post /webhooks/')
    ? { ...(VALID_BODIES[key] as object), tenantId: api.tenant.tenantId }
    : VALID_BODIES[key];

let api: IdleApi;
let auth: string;

beforeAll(async () => {
  api = await openIdleApi('fuzz-routes');
  auth = await bearer(api.tenant.tenantId, [...ROLES]);
});
afterAll(async () => {
  await api?.close();
});

function expectErrorShape(res: request.Response, what: string) {
  expect(Object.keys(res.body as object), what).toEqual(['error']);
  expect(Object.keys(res.body.error as object).sort(), what).toEqual(['code', 'details', 'message']);
  expect(typeof res.body.error.code, what).toBe('string');
  expect(typeof res.body.error.message, what).toBe('string');
}

describe(`every OpenAPI route under hostile input (seed ${SEED}, ${RUNS_PER_ROUTE} runs per route)`, () => {
  const answered = new Map<number, number>();
  const codes = new Map<string, number>();

  it('covers the whole document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(14);
    const withBody = routes.filter((r) => bodyKeys(r.op) !== undefined).map((r) => `${r.method} ${r.path}`);
    expect(withBody.sort()).toEqual(Object.keys(VALID_BODIES).sort());
  });

  it.each(routes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s', async (_name, route) => {
    const params = route.op.parameters ?? [];
    const keys = bodyKeys(route.op);
    const queryParams = params.filter((p) => p.in === 'query');
    const mutating = route.method !== 'get';
    const input = fc.record({
      // A mutating request without a body is made hostile through its path (poll-now).
      path: fc.array(keys === undefined && mutating ? unsafeString : anyString, { minLength: 4, maxLength: 4 }),
      // The route's own parameters with plausible or hostile values, and sometimes a key it does not know.
      query: fc
        .tuple(
          // Few at a time: a request valid but for one hostile value is the one that finds bugs.
          fc.subarray(queryParams, { maxLength: Math.min(2, queryParams.length) }),
          fc.array(fc.tuple(anyString, anyString), { maxLength: 1 }),
        )
        .chain(([names, extra]) =>
          fc
            .tuple(...names.map((p) => queryValue(p.name, p.schema?.enum).map((v) => [p.name, v] as const)))
            .map((known) => [...known, ...extra]),
        ),
      // Mostly absent or right, so requests reach the handlers; sometimes hostile.
      tenantHeader: fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constant(api.tenant.tenantId) },
        { weight: 1, arbitrary: headerValue },
      ),
      idempotencyKey: fc.oneof(
        { weight: 4, arbitrary: fc.uuid().map((u) => `fuzz-${u}`) },
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: headerValue },
      ),
      body:
        keys === undefined
          ? fc.constant(undefined)
          : fc.oneof(hostileBody(keys), validButOneUnsafe(validBody(`${route.method} ${route.path}`))),
    });
    const before = await api.footprint();

    await fc.assert(
      fc.asyncProperty(input, async (i) => {
        let n = 0;
        const url = route.path.replace(/\{[^}]+\}/g, () => percentEncode(i.path[n++]!));
        const query = i.query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
        const raw = i.body === undefined ? undefined : JSON.stringify(i.body);
        const target = `${url}${query ? `?${query}` : ''}`;
        const agent = request(api.server);
        let req = (route.method === 'get' ? agent.get(target) : agent.post(target)).timeout(ANSWER_BOUND_MS * 2);
        if (route.path.startsWith('/webhooks/')) {
          const ts = String(Math.floor(Date.now() / 1000));
          req = req.set('X-Timestamp', ts).set('X-Signature', signBody(TEST_WEBHOOK_SECRET, ts, raw ?? ''));
        } else {
          req = req.set('Authorization', auth);
        }
        if (i.tenantHeader !== undefined) req = req.set('X-Tenant-Id', i.tenantHeader);
        if (i.idempotencyKey !== undefined) req = req.set('Idempotency-Key', i.idempotencyKey);
        if (raw !== undefined) req = req.set('Content-Type', 'application/json').send(raw);

        const started = performance.now();
        const res = await req;
        const elapsed = performance.now() - started;
        const what = `${route.method.toUpperCase()} ${url.slice(0, 120)}?${query.slice(0, 120)} ${raw?.slice(0, 200) ?? ''}`;
        answered.set(res.status, (answered.get(res.status) ?? 0) + 1);
        const code = (res.body as { error?: { code?: string } }).error?.code ?? String(res.status);
        codes.set(code, (codes.get(code) ?? 0) + 1);
        expect(res.status, what).toBeLessThan(500);
        expect(elapsed, what).toBeLessThan(ANSWER_BOUND_MS);
        if (res.status >= 400) expectErrorShape(res, what);
        if (mutating) {
          expect(res.status, what).toBeGreaterThanOrEqual(400);
          expect(await api.footprint(), what).toEqual(before);
        }
      }),
      { seed: SEED, numRuns: RUNS_PER_ROUTE, interruptAfterTimeLimit: TIME_LIMIT_PER_ROUTE_MS, endOnFailure: true },
    );
    expect(await api.footprint()).toEqual(before);
  });

  it('wrote nothing and started no workflow for any of it', async () => {
    expect([...answered.keys()].every((s) => s < 500)).toBe(true);
    // The generators reach the handlers: most answers come from validation, not from auth or routing.
    expect(codes.get('VALIDATION_FAILED') ?? 0, JSON.stringify([...codes])).toBeGreaterThan(routes.length * 5);
    expect(await api.footprint()).toEqual(EMPTY_FOOTPRINT);
    // Visibility is eventually consistent: give a mistaken start time to show up.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await api.workflows()).toBe(0);
  });
});
