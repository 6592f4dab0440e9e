import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from './webhook-signature';

const settings = { secret: 's'.repeat(32), toleranceSeconds: 300 };
const body = Buffer.from('{"eventId":"evt-00000001"}');
const now = 1_790_000_000_000;
const ts = String(now / 1000);

describe('webhook signatures', () => {
  it('verifies what it signed', () => {
    const signature = signBody(settings.secret, ts, body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(settings, { signature, timestamp: ts }, body, now)).toEqual({ ok: true });
  });

  it('refuses a changed body, another secret, or a changed timestamp', () => {
    const signature = signBody(settings.secret, ts, body);
    const tampered = Buffer.from('{"eventId":"evt-00000002"}');
    expect(verifySignature(settings, { signature, timestamp: ts }, tampered, now)).toMatchObject({
      code: 'BAD_SIGNATURE',
    });
    const other = signBody('o'.repeat(32), ts, body);
    expect(verifySignature(settings, { signature: other, timestamp: ts }, body, now)).toMatchObject({
      code: 'BAD_SIGNATURE',
    });
    expect(verifySignature(settings, { signature, timestamp: String(Number(ts) + 1) }, body, now)).toMatchObject({
      code: 'BAD_SIGNATURE',
    });
  });

  it('refuses stale and far-future timestamps', () => {
    for (const skew of [-301, 301]) {
      const t = String(Number(ts) + skew);
      const signature = signBody(settings.secret, t, body);
      expect(verifySignature(settings, { signature, timestamp: t }, body, now)).toMatchObject({
        code: 'STALE_TIMESTAMP',
      });
    }
  });

  it('refuses missing or malformed headers', () => {
    const signature = signBody(settings.secret, ts, body);
    expect(verifySignature(settings, { signature: undefined, timestamp: ts }, body, now).ok).toBe(false);
    expect(verifySignature(settings, { signature, timestamp: undefined }, body, now).ok).toBe(false);
    expect(verifySignature(settings, { signature: 'sha256=zz', timestamp: ts }, body, now).ok).toBe(false);
    expect(verifySignature(settings, { signature: signature.toUpperCase(), timestamp: ts }, body, now).ok).toBe(false);
    expect(verifySignature(settings, { signature, timestamp: '1e9' }, body, now).ok).toBe(false);
  });
});
