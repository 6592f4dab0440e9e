import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aesEcbEncrypt } from '../jit/crypto';
import { JIT_SERVICE_IDS, type JitServiceId } from '../jit/service-ids';
import { TreasuryError, TreasuryMalformedResponseError } from './errors';
import { exchange } from './exchange';
import { readAuthAnswer } from './handshake';
import { decryptResponseBody, parseServiceResponse } from './response';
import { createSessionManager } from './session';
import { createMemorySessionStore } from './session-store';
import { Prng } from '../lib/prng';

/**
 * Thousands of hostile bodies, generated from a fixed seed so a failure reproduces. The property:
 * whatever arrives, the client either classifies an envelope or throws a TreasuryError; nothing from
 * node:crypto, JSON.parse or zod (TypeError, SyntaxError, RangeError…) escapes raw.
 */

const FIXTURES: Array<[JitServiceId, string]> = [
  ['VA', '1VAResponse.json'],
  ['PI', '2PIResponse.json'],
  ['PI', '2PIErrorResponse.json'],
  ['PIS', '3PISResponse.json'],
  ['PIS', '3PISRejectedResponse.json'],
  ['PAG', '4PAGResponse.json'],
  ['PD', '5PDResponse.json'],
  ['FD', '6FDNewResponse.json'],
  ['COR', '7CORSuccess.json'],
  ['COR', '7CORFailure.json'],
  ['FTPS', '8FTPSResponse.json'],
  ['FTFPS', '9FTFPSResponse.json'],
].map(([s, f]) => [
  s as JitServiceId,
  JSON.stringify(JSON.parse(readFileSync(path.join(__dirname, '../test/fixtures/jit-samples', f as string), 'utf8'))),
]);

const WEIRD_STRINGS = ['', ' ', 'null', '{}', '[]', '"', '\u0000', '💥', 'ଓଡ଼ିଆ', 'A'.repeat(300), '-1', '1e309', 'NaN'];

function randomJson(rng: Prng, depth = 0): unknown {
  switch (rng.int(depth > 3 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return rng.next() < 0.5;
    case 2:
      return rng.pick([0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER, rng.int(1000)]);
    case 3:
    case 4:
      return rng.pick(WEIRD_STRINGS);
    case 5:
      return rng.pick(JIT_SERVICE_IDS);
    case 6:
      return Array.from({ length: rng.int(4) }, () => randomJson(rng, depth + 1));
    default: {
      const keys = ['serviceId', 'errorMsg', 'errorMsgs', 'data', 'errorCode', 'pmtInstId', 'benfDtls', 'x'];
      const obj: Record<string, unknown> = {};
      for (let i = rng.int(6); i > 0; i--) obj[rng.pick(keys)] = randomJson(rng, depth + 1);
      return obj;
    }
  }
}

/** An envelope-shaped value with random damage: the interesting region for the schemas. */
function nearEnvelope(rng: Prng, serviceId: JitServiceId): unknown {
  const base = JSON.parse(rng.pick(FIXTURES)[1]) as Record<string, unknown>;
  base.serviceId = rng.next() < 0.7 ? ` ${serviceId} ` : randomJson(rng);
  const field = rng.pick(['errorMsg', 'errorMsgs', 'data', 'data.0', 'data.0.benfDtls', 'none']);
  if (field === 'data.0' && Array.isArray(base.data) && base.data.length) base.data[0] = randomJson(rng);
  else if (field === 'data.0.benfDtls' && Array.isArray(base.data) && base.data.length) {
    base.data[0] = { ...(base.data[0] as object), benfDtls: randomJson(rng) };
  } else if (field !== 'none') base[field] = randomJson(rng);
  return base;
}

function classify(run: () => unknown): 'result' | 'typed' {
  try {
    const value = run() as { kind?: unknown };
    expect(['ok', 'not_ready', 'rejected', 'validation', 'business_error']).toContain(value.kind);
    return 'result';
  } catch (err) {
    if (!(err instanceof TreasuryError)) {
      throw new Error(`raw ${(err as Error)?.name ?? typeof err} escaped: ${(err as Error)?.message}`);
    }
    return 'typed';
  }
}

describe('fuzz: the response path never lets a raw error out', () => {
  const rng = new Prng(0x1f5_2026);
  const rek = rng.bytes(32);
  const otherKey = rng.bytes(32);
  const full = (serviceId: JitServiceId, body: string) => () =>
    parseServiceResponse(serviceId, decryptResponseBody(serviceId, rek, body), {
      jitBillNo: 'MUKTA/2022-23/05/30/105',
    });

  it('random bytes as base64, of every length', () => {
    const counts = { result: 0, typed: 0 };
    for (let i = 0; i < 3000; i++) {
      const body = rng.bytes(rng.int(200)).toString('base64');
      counts[classify(full(rng.pick(JIT_SERVICE_IDS), body))]++;
    }
    expect(counts.typed).toBe(3000);
  });

  it('random and near-envelope JSON, correctly encrypted', () => {
    const counts = { result: 0, typed: 0 };
    for (let i = 0; i < 4000; i++) {
      const serviceId = rng.pick(JIT_SERVICE_IDS);
      const value = i % 2 ? randomJson(rng) : nearEnvelope(rng, serviceId);
      counts[classify(full(serviceId, aesEcbEncrypt(rek, JSON.stringify(value) ?? 'undefined')))]++;
    }
    // Both branches must be exercised, or the generator is not reaching the schemas.
    expect(counts.result).toBeGreaterThan(200);
    expect(counts.typed).toBeGreaterThan(200);
  });

  it('truncated, bit-flipped, re-wrapped and wrongly-keyed real answers', () => {
    let wrongKeyMalformed = 0;
    for (let i = 0; i < 4000; i++) {
      const [serviceId, plaintext] = rng.pick(FIXTURES);
      const good = aesEcbEncrypt(rek, plaintext);
      const variant = rng.int(7);
      let body: string;
      if (variant === 0) body = good.slice(0, rng.int(good.length));
      else if (variant === 1) {
        const at = rng.int(good.length);
        body = good.slice(0, at) + rng.pick(['A', '/', '+', '=', '!', ' ', '\n', '%']) + good.slice(at + 1);
      } else if (variant === 2) body = rng.pick(['"', "'", '<html>', '{"data":', '']) + good.slice(rng.int(8));
      else if (variant === 3) body = `${good}${rng.pick(['=', '==', 'AAAA', 'garbage', '\u0000'])}`;
      else if (variant === 4) {
        body = aesEcbEncrypt(otherKey, plaintext);
        try {
          decryptResponseBody(serviceId, rek, body);
        } catch (err) {
          if (err instanceof TreasuryMalformedResponseError) wrongKeyMalformed++;
        }
      } else if (variant === 5) body = rng.pick(['<html><body>502 Bad Gateway</body></html>', plaintext, 'null']);
      else
        body = Buffer.from(good, 'base64')
          .subarray(0, rng.int(64) * 16)
          .toString('base64');
      classify(full(serviceId, body));
    }
    expect(wrongKeyMalformed).toBeGreaterThan(400);
  });

  it('hostile authenticate answers', () => {
    const appKey = rng.bytes(32);
    const goodSek = aesEcbEncrypt(appKey, rng.bytes(32));
    for (let i = 0; i < 2000; i++) {
      const body = rng.pick([
        () => JSON.stringify(randomJson(rng)),
        () => JSON.stringify({ authToken: randomJson(rng), sek: goodSek }),
        () => JSON.stringify({ authToken: 'tok', sek: rng.bytes(rng.int(80)).toString('base64') }),
        () => JSON.stringify({ authToken: 'tok', sek: aesEcbEncrypt(rng.bytes(32), rng.bytes(32)) }),
        () => JSON.stringify({ authToken: 'tok', sek: aesEcbEncrypt(appKey, rng.bytes(rng.int(48))) }),
        () => JSON.stringify({ authToken: 'tok', sek: goodSek }).slice(0, rng.int(60)),
      ])();
      try {
        const answer = readAuthAnswer(appKey, body);
        expect(answer.sek).toHaveLength(32);
      } catch (err) {
        if (!(err instanceof TreasuryError)) throw new Error(`raw ${(err as Error).name} escaped from readAuthAnswer`);
      }
    }
  });
});

describe('fuzz: the whole exchange (HTTP status, body, network errors) never lets a raw error out', () => {
  it('random answers from a hostile transport', async () => {
    const rng = new Prng(0xbad_cafe);
    const sek = rng.bytes(32);
    const reks: Buffer[] = [];
    const sessions = createSessionManager({
      store: createMemorySessionStore(),
      handshake: () => Promise.resolve({ authToken: 'token', sek }),
      ttlMs: 60_000,
      refreshMarginMs: 1_000,
    });
    const answers = [
      () => new Response(aesEcbEncrypt(reks.at(-1)!, rng.pick(FIXTURES)[1]), { status: 200 }),
      () => new Response(aesEcbEncrypt(reks.at(-1)!, JSON.stringify(randomJson(rng))), { status: 200 }),
      () => new Response(rng.bytes(rng.int(100)).toString('base64'), { status: rng.pick([200, 201, 204]) }),
      () => new Response('No valid session encryption key', { status: rng.pick([400, 401, 403]) }),
      () => new Response(rng.pick(WEIRD_STRINGS), { status: rng.pick([301, 400, 404, 408, 429, 500, 502, 503, 599]) }),
    ];
    const failures = [
      () =>
        new TypeError('fetch failed', { cause: { code: rng.pick(['ECONNRESET', 'ECONNREFUSED', 'UND_ERR_SOCKET']) } }),
      () => new DOMException('This operation was aborted', 'AbortError'),
      () => new Error('terminated'),
      () => Object.assign(new Error(), { cause: null }),
    ];
    const fakeFetch: typeof fetch = () =>
      rng.next() < 0.8 ? Promise.resolve(rng.pick(answers)()) : Promise.reject(rng.pick(failures)());

    let typed = 0;
    for (let i = 0; i < 1500; i++) {
      const serviceId = rng.pick(JIT_SERVICE_IDS);
      const run = exchange(
        {
          baseUrl: 'http://treasury.invalid',
          fetch: fakeFetch,
          timeoutMs: 1_000,
          randomKey: () => {
            const key = rng.bytes(32);
            reks.push(Buffer.from(key));
            return key;
          },
          sessions,
          audit: { begin: () => Promise.resolve(), record: () => Promise.resolve() },
          now: Date.now,
        },
        {
          serviceId,
          params: {},
          billNumber: null,
          read: (text) => parseServiceResponse(serviceId, text, { jitBillNo: 'X' }),
          auditOutcome: () => undefined,
        },
      );
      try {
        await run;
      } catch (err) {
        if (!(err instanceof TreasuryError)) {
          throw new Error(`raw ${(err as Error)?.name} escaped the exchange: ${(err as Error)?.message}`);
        }
        typed++;
      }
    }
    expect(typed).toBeGreaterThan(500);
  });
});

describe('response body framing', () => {
  it('accepts the base64 wrapped as a JSON string, even with escaped slashes', () => {
    const rek = Buffer.alloc(32, 3);
    const body = aesEcbEncrypt(rek, '{"serviceId":"PIS","errorMsg":null,"data":[]}');
    expect(decryptResponseBody('PIS', rek, JSON.stringify(body).replace(/\//g, '\\/'))).toContain('"PIS"');
    expect(() => decryptResponseBody('PIS', rek, '"abc')).toThrow(TreasuryMalformedResponseError);
  });
});
