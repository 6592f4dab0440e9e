import { describe, expect, it } from 'vitest';
import { piWithAccounts } from '../testing/builders';
import { TEST_START, testTreasury } from '../testing/state';

describe('a per-PI stage timeline', () => {
  it('decides each PI’s stage times at receipt, in place of the fixed delays', () => {
    const seen: string[] = [];
    const { state, call } = testTreasury({
      timeline: (receivedAt, jitBillNo) => {
        seen.push(jitBillNo);
        return {
          approvalAt: receivedAt + 7_000,
          adviceAt: receivedAt + 11_000,
          disbursedAt: receivedAt + 13_000,
          returnDelayMs: 17_000,
        };
      },
    });
    const p = piWithAccounts('PI-T-1', ['100000000999']);
    call('PI', p);
    const pi = state.paymentInstruction('PI-T-1')!;
    expect(seen).toEqual(['PI-T-1']);
    expect(pi).toMatchObject({
      approvalAt: TEST_START + 7_000,
      adviceAt: TEST_START + 11_000,
      disbursedAt: TEST_START + 13_000,
    });
    expect(pi.beneficiaries[0]!.returned!.visibleAt).toBe(TEST_START + 13_000 + 17_000);
  });
});
