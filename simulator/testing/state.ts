import { ManualClock } from '../clock';
import { parseIst } from '../ist';
import { defaultSeed } from '../seed/schema';
import { handleServiceCall } from '../services';
import type { LifecycleDelays } from '../state/delays';
import { TreasuryState, type TreasuryStateOptions } from '../state/treasury-state';

/** Distinct delays, so a test that mixes two stages up fails. */
export const TEST_DELAYS: LifecycleDelays = {
  ssuApprovalDelayMs: 1_000,
  adviceDelayMs: 2_000,
  disbursementDelayMs: 3_000,
  returnDelayMs: 4_000,
};
/** Each stage's delay by the name a test's timeline reads best with. */
export const {
  ssuApprovalDelayMs: APPROVE,
  adviceDelayMs: ADVISE,
  disbursementDelayMs: DISBURSE,
  returnDelayMs: RETURN,
} = TEST_DELAYS;

export const TEST_START = parseIst('2026-11-22 10:00:00')!;

/** A treasury on a hand-moved clock, and a `call` that answers like the service endpoint would (decrypted). */
export function testTreasury(options: Partial<TreasuryStateOptions> = {}) {
  const clock = new ManualClock(TEST_START);
  const state = new TreasuryState({ seed: defaultSeed(), clock, delays: TEST_DELAYS, ...options });
  const call = (serviceId: string, params: unknown) => handleServiceCall(state, serviceId, params);
  return { clock, state, call };
}
