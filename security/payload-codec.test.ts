import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PLATFORM_SCOPE } from '../contracts';
import { payloadCodec } from './data-converter';
import { DecryptError } from './key-ring';
import { keyIdOfPayload, tenantOfPayload } from './payload-codec';

const key = (id: string) => ({ id, key: randomBytes(32) });
const beneficiary = { name: 'Asha Behera', accountNumber: '100000000011', mobile: '9437000011' };
const payload = () => defaultPayloadConverter.toPayload(beneficiary);
const payment = { type: 'workflow', namespace: 'ifms', workflowId: 'payment:od.angul:B-1' } as const;
const raw = (p: Payload) => Buffer.concat([Buffer.from(JSON.stringify(p.metadata)), Buffer.from(p.data ?? [])]);

describe('payload codec (AES-256-GCM, tenant-bound, key ring)', () => {
  it('hides the value and its encoding, and round-trips it', async () => {
    const codec = payloadCodec({ current: key('p1'), old: [] });
    const [sealed] = await codec.encode([payload()], payment);
    for (const secret of ['Asha', '100000000011', '9437000011', 'json/plain']) {
      expect(raw(sealed!).includes(Buffer.from(secret))).toBe(false);
    }
    expect(Buffer.from(sealed!.metadata![METADATA_ENCODING_KEY]!).toString()).toBe('binary/encrypted');
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(beneficiary);
  });

  it('labels each payload with the tenant of its workflow or activity, and the platform scope otherwise', async () => {
    const codec = payloadCodec({ current: key('p1'), old: [] });
    const activity = {
      type: 'activity',
      namespace: 'ifms',
      workflowId: 'pi:od.puri:PI/B-2/1',
      isLocal: false,
    } as const;
    const [a, b, c] = await Promise.all([
      codec.encode([payload()], payment),
      codec.encode([payload()], activity),
      codec.encode([payload()]),
    ]);
    expect([a[0], b[0], c[0]].map((p) => tenantOfPayload(p!))).toEqual(['od.angul', 'od.puri', PLATFORM_SCOPE]);
  });

  it('refuses a payload whose tenant label was changed (the tenant is authenticated data)', async () => {
    const codec = payloadCodec({ current: key('p1'), old: [] });
    const [sealed] = await codec.encode([payload()], payment);
    const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, 'encryption-tenant': Buffer.from('od.puri') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(DecryptError);
  });

  it('after rotation, old payloads still decode and new ones carry the new key id', async () => {
    const old = key('2026-11');
    const before = payloadCodec({ current: old, old: [] });
    const [oldPayload] = await before.encode([payload()], payment);
    const after = payloadCodec({ current: key('2026-12'), old: [old] });
    const [newPayload] = await after.encode([payload()], payment);
    expect(keyIdOfPayload(oldPayload!)).toBe('2026-11');
    expect(keyIdOfPayload(newPayload!)).toBe('2026-12');
    const decoded = await after.decode([oldPayload!, newPayload!]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([beneficiary, beneficiary]);
    // A process still on the old ring cannot read what the new key wrote: roll keys out before using them.
    await expect(before.decode([newPayload!])).rejects.toMatchObject({ reason: 'unknown_key' });
  });

  it('passes payloads that were never encrypted through unchanged', async () => {
    const codec = payloadCodec({ current: key('p1'), old: [] });
    const plain = payload();
    expect(await codec.decode([plain])).toEqual([plain]);
  });
});
