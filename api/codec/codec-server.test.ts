import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import express from 'express';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIFECYCLE_POLICY } from '../../config/lifecycle-policy';
import { PLATFORM_SCOPE } from '../../contracts';
import { payloadCodec } from '../../security/data-converter';
import { keyIdOfPayload, tenantOfPayload } from '../../security/payload-codec';
import { createTokenVerifier, identify, signToken } from '../auth';
import type { ApiSettings } from '../context';
import { createErrorHandler } from '../errors';
import { createApiMetrics } from '../http/metrics';
import { createCodecRouter } from '../routes/codec';
import { fromJson, toJson } from './payload-json';

const SECRET = 'codec-unit-secret-0123456789abcdefghij';
const keys = { current: { id: 'k1', key: randomBytes(32) }, old: [] };
const codec = payloadCodec(keys);

function app() {
  const settings = {
    auth: { secret: SECRET },
    codec: { namespace: 'ifms', corsOrigins: ['http://127.0.0.1:8233'], loopbackWithoutToken: false },
    payloads: keys,
    lifecycle: DEFAULT_LIFECYCLE_POLICY,
  } as unknown as ApiSettings;
  const log = pino({ level: 'silent' });
  const a = express();
  a.use(express.json(), identify(createTokenVerifier(settings.auth)));
  a.use(createCodecRouter({ settings, log, metrics: createApiMetrics(), payloadCodec: codec }));
  a.use(createErrorHandler(log));
  return a;
}
const auth = async (tenants: string[], roles: Array<'AUDITOR' | 'TREASURY_OPS' | 'EMPLOYEE'> = ['AUDITOR']) =>
  `Bearer ${await signToken(SECRET, { sub: 'someone', tenants, roles })}`;
const body = (...payloads: Payload[]) => ({ payloads: payloads.map(toJson) });
const plain = defaultPayloadConverter.toPayload({ accountNumber: '100000000011' });
const post = (path: string, token: string, b: object) =>
  request(app()).post(path).set('Authorization', token).set('X-Namespace', 'ifms').send(b);

describe('codec server', () => {
  it('encodes for the caller’s tenant under the current key, and decodes back for that tenant', async () => {
    const token = await auth(['od.angul']);
    const encoded = await post('/codec/encode', token, body(plain)).expect(200);
    const sealed = fromJson(encoded.body.payloads[0]);
    expect([tenantOfPayload(sealed), keyIdOfPayload(sealed)]).toEqual(['od.angul', 'k1']);
    const decoded = await post('/codec/decode', token, encoded.body as object).expect(200);
    expect(defaultPayloadConverter.fromPayload(fromJson(decoded.body.payloads[0]))).toEqual({
      accountNumber: '100000000011',
    });
  });

  it('refuses to encode for a tenant the token does not list, and seals platform data for several', async () => {
    const res = await post('/codec/encode', await auth(['od.angul']), body(plain)).set('X-Tenant-Id', 'od.puri');
    expect([res.status, res.body.error.code]).toEqual([403, 'TENANT_FORBIDDEN']);
    const multi = await post('/codec/encode', await auth(['od.angul', 'od.puri']), body(plain)).expect(200);
    expect(tenantOfPayload(fromJson(multi.body.payloads[0]))).toBe(PLATFORM_SCOPE);
  });

  it('decodes platform payloads for any codec role, refuses tampered ones (422) and other namespaces (404)', async () => {
    const [platformPayload] = await codec.encode([plain]);
    await post('/codec/decode', await auth(['od.puri'], ['TREASURY_OPS']), body(platformPayload!)).expect(200);
    const flipped = Buffer.from(platformPayload!.data!);
    flipped[20] = flipped[20]! ^ 1;
    const tampered = { ...platformPayload!, data: flipped };
    const bad = await post('/codec/decode', await auth(['od.puri']), body(tampered));
    expect([bad.status, bad.body.error.code]).toEqual([422, 'UNDECODABLE_PAYLOAD']);
    const elsewhere = await request(app())
      .post('/codec/decode')
      .set('Authorization', await auth(['od.puri']))
      .set('X-Namespace', 'default')
      .send(body(platformPayload!));
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([404, 'UNKNOWN_NAMESPACE']);
    const malformed = await post('/codec/decode', await auth(['od.puri']), { payloads: 'x' });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
