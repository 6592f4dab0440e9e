import { describe, expect, it } from 'vitest';
import { Prng } from './prng';

describe('Prng', () => {
  it('repeats a seeded sequence and differs for another seed', () => {
    const draw = (seed: number) => {
      const p = new Prng(seed);
      return Array.from({ length: 5 }, () => p.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('keeps int, pick and bytes in range', () => {
    const p = new Prng(7);
    for (let i = 0; i < 1000; i++) {
      const n = p.int(10);
      expect(Number.isInteger(n) && n >= 0 && n < 10).toBe(true);
    }
    expect(['a', 'b']).toContain(p.pick(['a', 'b']));
    expect(() => p.pick([])).toThrow('nothing to pick from');
    expect(p.bytes(16)).toHaveLength(16);
  });
});
