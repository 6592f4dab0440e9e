import { describe, expect, it } from 'vitest';
import { defaultSeed, parseSeed, type TreasurySeed } from './schema';

describe('treasury seed', () => {
  it('ships a valid seed with both SSUs and the three MUKTA heads of account', () => {
    const seed = defaultSeed();
    expect(seed.ssus.map((s) => [s.ddoCode, s.granteeAgCode, s.ssuId, s.ssuOffice])).toEqual([
      ['OLSHUD001', 'GOHUDULBMPL0036', '1621', 'angul_op'],
      ['OLSHUD002', 'GOHUDULBMPL0037', '1622', 'cuttack_op'],
    ]);
    const hoas = ['221705800358641045908', '221705789358641045908', '221705796358641045908'];
    for (const ddo of ['OLSHUD001', 'OLSHUD002']) {
      for (const hoa of hoas) {
        expect(
          seed.masterAllotments.some((m) => m.ddoCode === ddo && m.hoa === hoa),
          `${ddo} ${hoa}`,
        ).toBe(true);
      }
    }
  });

  it('refuses balances that do not add up, unknown references and duplicates', () => {
    const seed = structuredClone<TreasurySeed>(defaultSeed());
    seed.masterAllotments[0]!.transactions[0]!.availableBalancePaise += 1;
    expect(() => parseSeed(seed)).toThrow(/availableBalancePaise must be/);

    const unknown = structuredClone<TreasurySeed>(defaultSeed());
    unknown.masterAllotments[0]!.ddoCode = 'NOPE';
    expect(() => parseSeed(unknown)).toThrow(/unknown ddoCode/);

    const twice = structuredClone<TreasurySeed>(defaultSeed());
    twice.masterAllotments.push(twice.masterAllotments[0]!);
    expect(() => parseSeed(twice)).toThrow(/duplicate mstAllotmentDistId/);
  });
});
