import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '.';

const key = () => randomBytes(32).toString('base64');
/** Everything production needs apart from the payload and PII keys under test. */
const PRODUCTION = {
  NODE_ENV: 'production',
  AUDIT_LOG_KEY: key(),
  TREASURY_SESSION_KEY: key(),
  JWT_SECRET: 'p'.repeat(40),
  WEBHOOK_INBOUND_SECRET: 'w'.repeat(40),
  TREASURY_CLIENT_SECRET: 'real-secret',
};

describe('payload and PII keys', () => {
  it('refuses the development keys in production', () => {
    expect(() => loadConfig(PRODUCTION)).toThrow(/PAYLOAD_KEY, PII_KEY, PII_INDEX_KEY/);
  });

  it('parses a rotated key ring, and turns the loopback codec exemption off in production (refusing it on)', () => {
    const old = key();
    const config = loadConfig({
      ...PRODUCTION,
      PAYLOAD_KEY: key(),
      PAYLOAD_KEY_ID: '2027-01',
      PAYLOAD_OLD_KEYS: `2026-12:${old}`,
      PII_KEY: key(),
      PII_INDEX_KEY: key(),
    });
    expect(config.payloads.current.id).toBe('2027-01');
    expect(config.payloads.old).toEqual([{ id: '2026-12', key: Buffer.from(old, 'base64') }]);
    expect(config.codec.loopbackWithoutToken).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).codec.loopbackWithoutToken).toBe(true);
    expect(() =>
      loadConfig({
        ...PRODUCTION,
        PAYLOAD_KEY: key(),
        PII_KEY: key(),
        PII_INDEX_KEY: key(),
        CODEC_ALLOW_LOOPBACK_WITHOUT_TOKEN: 'true',
      }),
    ).toThrow(/CODEC_ALLOW_LOOPBACK_WITHOUT_TOKEN is refused in production/);
    expect(() => loadConfig({ PAYLOAD_KEY: 'c2hvcnQ=' })).toThrow(/PAYLOAD_KEY/);
  });
});
