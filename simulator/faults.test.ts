import { describe, expect, it } from 'vitest';
import { aesEcbDecrypt, aesEcbEncrypt, generateAesKey } from '../jit/crypto';
import { ManualClock } from './clock';
import { FaultInjector } from './faults';

describe('fault injection', () => {
  it('injects nothing by default', () => {
    const faults = new FaultInjector(new ManualClock(0));
    for (let i = 0; i < 100; i++) {
      expect(faults.beforeHandling()).toBeUndefined();
      expect(faults.afterHandling()).toBeUndefined();
    }
  });

  it('is reproducible for a seed and roughly follows the rates', () => {
    const run = () => {
      const faults = new FaultInjector(new ManualClock(0), 42, { error5xxRate: 0.2, resetRate: 0.1 });
      return Array.from({ length: 2_000 }, () => faults.beforeHandling());
    };
    const first = run();
    expect(run()).toEqual(first);
    const count = (k: string) => first.filter((f) => f === k).length;
    expect(count('error5xx')).toBeGreaterThan(300);
    expect(count('error5xx')).toBeLessThan(500);
    expect(count('reset')).toBeGreaterThan(120);
    expect(count('reset')).toBeLessThan(280);
  });

  it('always fires a fault whose rate is 1, and validates the configuration', () => {
    const faults = new FaultInjector(new ManualClock(0));
    faults.configure({ wrongKeyRate: 1 });
    expect(faults.afterHandling()).toBe('wrongKey');
    expect(() => faults.configure({ error5xxRate: 1.5 })).toThrow();
    expect(() => faults.configure({ timeoutRate: 0.6, malformedRate: 0.6 })).toThrow(/must not exceed 1/);
    expect(() => faults.configure({ bogus: true })).toThrow();
    faults.clear();
    expect(faults.afterHandling()).toBeUndefined();
  });

  it('damages bodies so that they cannot be decrypted with the REK', () => {
    const faults = new FaultInjector(new ManualClock(0));
    const rek = generateAesKey();
    const plaintext = JSON.stringify({
      serviceId: 'PIS',
      errorMsg: null,
      data: [{ pmtInstId: '858', pad: 'x'.repeat(64) }],
    });
    const good = aesEcbEncrypt(rek, plaintext);
    for (const kind of ['malformed', 'truncated', 'wrongKey'] as const) {
      const body = faults.damage(kind, good, plaintext);
      expect(body, kind).not.toBe(good);
      expect(() => JSON.parse(aesEcbDecrypt(rek, body).toString('utf8')) as unknown, kind).toThrow();
    }
    expect(faults.damage('malformed', good, plaintext)).toMatch(/[^A-Za-z0-9+/=]/);
    expect(good.startsWith(faults.damage('truncated', good, plaintext))).toBe(true);
  });

  it('reports the forced session rotation from when it was configured', () => {
    const clock = new ManualClock(5_000);
    const faults = new FaultInjector(clock);
    expect(faults.sessionRotation()).toBeUndefined();
    faults.configure({ expireSessionsEveryMs: 1_000 });
    expect(faults.sessionRotation()).toEqual({ everyMs: 1_000, anchorMs: 5_000 });
  });
});
