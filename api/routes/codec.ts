import { Router, type Request } from 'express';
import { PLATFORM_SCOPE } from '../../contracts';
import { DecryptError } from '../../security/key-ring';
import { isEncrypted, tenantOfPayload } from '../../security/payload-codec';
import { codecCaller, type CodecCaller } from '../codec/caller';
import { codecCors } from '../codec/cors';
import { codecBody, fromJson, toJson } from '../codec/payload-json';
import type { AppContext } from '../context';
import { ApiError, parseOr400 } from '../errors';

/**
 * Temporal's remote codec server (`POST /codec/decode`, `POST /codec/encode`), for the Web UI and
 * `temporal … --codec-endpoint`. Decoding is all or nothing: a batch holding a payload of a tenant
 * the caller is not granted is refused whole. Every call is counted and logged with who asked and
 * how many payloads, never what they held.
 */
export function createCodecRouter(ctx: Pick<AppContext, 'settings' | 'metrics' | 'log' | 'payloadCodec'>): Router {
  const { namespace, corsOrigins, loopbackWithoutToken } = ctx.settings.codec;
  const router = Router();
  router.use('/codec', codecCors(corsOrigins));

  const begin = (req: Request) => {
    const asked = req.get('x-namespace');
    if (asked !== undefined && asked !== namespace) {
      throw new ApiError(404, 'UNKNOWN_NAMESPACE', `this codec serves namespace ${namespace} only`);
    }
    const caller = codecCaller(req, loopbackWithoutToken);
    return { caller, payloads: parseOr400(codecBody, req.body, 'codec request').payloads.map(fromJson) };
  };

  router.post('/codec/decode', (req, res) => {
    const { caller, payloads } = begin(req);
    const tenants = [...new Set(payloads.filter(isEncrypted).map((p) => tenantOfPayload(p) ?? ''))];
    const refused = tenants.filter((t) => !mayRead(caller, t));
    const audit = { sub: caller.sub, operation: 'decode', payloads: payloads.length, tenants };
    if (refused.length > 0) {
      ctx.metrics.codecPayloads.inc({ operation: 'decode', outcome: 'refused' }, payloads.length);
      ctx.log.warn({ ...audit, refusedTenants: refused }, 'codec decode refused');
      throw new ApiError(403, 'TENANT_FORBIDDEN', 'these payloads belong to a tenant the token does not grant');
    }
    let decoded;
    try {
      decoded = payloads.map((p) => ctx.payloadCodec.decodeOne(p));
    } catch (err) {
      if (!(err instanceof DecryptError)) throw err;
      ctx.metrics.codecPayloads.inc({ operation: 'decode', outcome: 'undecodable' }, payloads.length);
      throw new ApiError(422, 'UNDECODABLE_PAYLOAD', err.message);
    }
    ctx.metrics.codecPayloads.inc({ operation: 'decode', outcome: 'ok' }, payloads.length);
    ctx.log.info(audit, 'codec decode');
    res.json({ payloads: decoded.map(toJson) });
  });

  router.post('/codec/encode', (req, res) => {
    const { caller, payloads } = begin(req);
    const tenant = encodeTenant(caller, req.get('x-tenant-id'));
    ctx.metrics.codecPayloads.inc({ operation: 'encode', outcome: 'ok' }, payloads.length);
    ctx.log.info({ sub: caller.sub, operation: 'encode', payloads: payloads.length, tenant }, 'codec encode');
    res.json({ payloads: payloads.map((p) => toJson(ctx.payloadCodec.encodeFor(tenant, p))) });
  });
  return router;
}

/** Platform workflows (schedules, sweeps) carry no beneficiary data: any codec caller may read them. */
const mayRead = (caller: CodecCaller, tenant: string) =>
  tenant === PLATFORM_SCOPE || caller.tenants === 'all' || caller.tenants.includes(tenant);

/** The tenant new payloads are sealed for: the one asked for (if granted), or the caller's only one. */
function encodeTenant(caller: CodecCaller, asked: string | undefined): string {
  if (asked !== undefined) {
    if (!mayRead(caller, asked)) throw new ApiError(403, 'TENANT_FORBIDDEN', 'the token does not grant this tenant');
    return asked;
  }
  if (caller.tenants !== 'all' && caller.tenants.length === 1) return caller.tenants[0]!;
  return PLATFORM_SCOPE;
}
