import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_LOG_TABLE } from './audit-log';
import { toApplicationFailure } from './errors';
import { SESSION_TABLE } from './session-store';
import { startHarness, type Harness } from './testing/harness';
import { accountNo, billNo, piInput } from './testing/inputs';

/** A cheap call that always answers (not_ready or a business error), to exercise the session. */
const poke = (g: ReturnType<Harness['gateway']>, bill: string) =>
  g.instructionStatus({ jitBillNo: bill, jitBillDate: Date.now(), ssuIaId: '1621' });

describe('treasury session: shared, serialised, renewed once', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('session expiry mid-run: 20 concurrent calls cause exactly one re-authentication', async () => {
    h = await startHarness({ label: 'expiry' });
    const gateway = h.gateway();
    const bill = billNo('expiry');
    await gateway.postPaymentInstruction(piInput(bill, [accountNo()]));
    expect((await h.received()).auth).toBe(1);

    await h.expireSessions();
    const results = await Promise.all(Array.from({ length: 20 }, () => poke(gateway, bill)));
    expect(results.every((r) => r.kind === 'not_ready')).toBe(true);
    expect((await h.received()).auth).toBe(2);

    // Every call that hit the stale session left one audit trace of it; none was retried twice.
    const stale = await h.db(ERROR_LOG_TABLE).where({ bill_number: bill, error_class: 'StaleSession' }).count('* as n');
    expect(Number(stale[0]?.n)).toBeGreaterThanOrEqual(1);
    expect(Number(stale[0]?.n)).toBeLessThanOrEqual(20);
  });

  it('two worker processes share the session through PostgreSQL: one handshake for both', async () => {
    h = await startHarness({ label: 'fleet' });
    const a = h.gateway();
    const b = h.gateway();
    const bill = billNo('fleet');
    await Promise.all([
      ...Array.from({ length: 10 }, () => poke(a, bill)),
      ...Array.from({ length: 10 }, () => poke(b, bill)),
    ]);
    expect((await h.received()).auth).toBe(1);

    // The stored copy is sealed: neither the token nor the SEK is readable in the row.
    const row = (await h.db(SESSION_TABLE).where({ client_id: h.clientId }).first()) as
      { session_ciphertext: Buffer; key_id: string; expires_at: Date } | undefined;
    expect(row?.key_id).toBe(h.config.treasury.sessionKey.id);
    expect(row?.session_ciphertext.includes(Buffer.from(h.captured.authTokens[0]!))).toBe(false);

    // The treasury keeps one session per client: after it expires, the fleet again renews it once.
    await h.expireSessions();
    await Promise.all([
      ...Array.from({ length: 10 }, () => poke(a, bill)),
      ...Array.from({ length: 10 }, () => poke(b, bill)),
    ]);
    expect((await h.received()).auth).toBe(2);
  });

  it('renews proactively before the configured lifetime, without waiting for a stale answer', async () => {
    h = await startHarness({ label: 'proactive', simulator: { sessionTtlMs: 1_200 } });
    const gateway = h.gateway({ sessionTtlMs: 1_200, sessionRefreshMarginMs: 300 });
    const bill = billNo('proactive');
    await poke(gateway, bill);
    await sleep(950);
    await poke(gateway, bill);
    expect((await h.received()).auth).toBe(2);
    const stale = await h.db(ERROR_LOG_TABLE).where({ bill_number: bill, error_class: 'StaleSession' });
    expect(stale).toHaveLength(0);
  });

  it('a session refused even after one fresh handshake fails as TreasurySessionInvalid (retryable)', async () => {
    // Sessions that die every millisecond: the retry with a brand-new session is refused as well.
    h = await startHarness({ label: 'refused', simulator: { faults: { expireSessionsEveryMs: 1 } } });
    const gateway = h.gateway();
    const err = await poke(gateway, billNo('refused')).catch((e: unknown) => e);
    expect(toApplicationFailure(err)).toMatchObject({ type: 'TreasurySessionInvalid', nonRetryable: false });
    // One handshake for the call, one re-authentication after the stale answer, and no loop.
    expect((await h.received()).auth).toBe(2);
  });

  it('wrong client credentials fail the handshake as TreasurySessionInvalid', async () => {
    h = await startHarness({ label: 'badcreds' });
    const gateway = h.gateway({ clientSecret: 'not-the-secret' });
    const err = await poke(gateway, billNo('badcreds')).catch((e: unknown) => e);
    expect(toApplicationFailure(err)).toMatchObject({ type: 'TreasurySessionInvalid', nonRetryable: false });
    expect((await h.received()).auth).toBe(0);
  });
});
