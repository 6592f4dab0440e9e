import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectRows, isDuplicateInstruction, type TreasuryGateway } from '.';
import { ERROR_LOG_TABLE, REQUEST_LOG_TABLE } from './audit-log';
import { toApplicationFailure, TreasuryMalformedResponseError, TreasuryTimeoutError } from './errors';
import { startHarness, type Harness } from './testing/harness';
import { accountNo, billNo, piInput } from './testing/inputs';

const MINUTE = 60_000;
const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: unknown) => err,
  );

describe('treasury gateway: every error class against the simulator', () => {
  let h: Harness;
  let gateway: TreasuryGateway;
  const poke = (bill = billNo('fault')) =>
    gateway.instructionStatus({ jitBillNo: bill, jitBillDate: Date.now(), ssuIaId: '1621' });

  beforeAll(async () => {
    h = await startHarness({
      label: 'faults',
      simulator: { delays: { ssuApprovalDelayMs: MINUTE, adviceDelayMs: MINUTE, disbursementDelayMs: MINUTE } },
    });
    // A breaker that never opens here: these tests look at single failures. The breaker has its own test.
    gateway = h.gateway({ timeoutMs: 400, breaker: { failureThreshold: 1_000, resetTimeoutMs: 60_000 } });
  });
  beforeEach(() => h.clearFaults());
  afterAll(() => h?.close());

  it('validation: a wrong IFSC comes back as codes, non-retryable at the activity boundary', async () => {
    const input = piInput(billNo('ifsc'), [accountNo()]);
    input.beneficiaries[0]!.ifsc = 'SBIN000004';
    const result = await gateway.postPaymentInstruction(input);
    expect(result).toMatchObject({ kind: 'validation', errors: [{ code: '340' }] });
    const err = await failureOf(Promise.resolve().then(() => expectRows('PI', result)));
    expect(toApplicationFailure(err)).toMatchObject({ type: 'TreasuryValidationFailed', nonRetryable: true });
  });

  it('duplicate: posting the same instruction twice is recognised, and counted twice by the treasury', async () => {
    const bill = billNo('dup');
    const input = piInput(bill, [accountNo()]);
    expect((await gateway.postPaymentInstruction(input)).kind).toBe('ok');
    const again = await gateway.postPaymentInstruction(input);
    expect(isDuplicateInstruction(again)).toBe(true);
    const err = await failureOf(Promise.resolve().then(() => expectRows('PI', again)));
    expect(toApplicationFailure(err)).toMatchObject({ type: 'TreasuryDuplicateInstruction', nonRetryable: true });
    expect((await h.received()).PI[bill]).toBe(2);
  });

  it('rejected: the SSU rejection of this bill, matched on the treasury wording', async () => {
    const bill = billNo('ssu-REJECT');
    await gateway.postPaymentInstruction(piInput(bill, [accountNo()]));
    h.simulator.clock.advance(2 * MINUTE);
    const result = await gateway.instructionStatus({ jitBillNo: bill, jitBillDate: Date.now(), ssuIaId: '1621' });
    expect(result).toEqual({
      kind: 'rejected',
      ssuOffice: 'angul_op',
      message: `This Bill Number ${bill} is rejected by SSU angul_op`,
    });
    const err = await failureOf(Promise.resolve().then(() => expectRows('PIS', result)));
    expect(toApplicationFailure(err)).toMatchObject({ type: 'TreasuryRejected', nonRetryable: true });
  });

  it('business error: an unknown bill is free text, not a rejection', async () => {
    const result = await poke('PI-IT/NEVER-POSTED');
    expect(result).toMatchObject({ kind: 'business_error' });
  });

  it.each([
    ['5xx', { error5xxRate: 1 }, 'TreasuryHttpError'],
    ['connection reset', { resetRate: 1 }, 'TreasuryTransportError'],
    ['malformed body', { malformedRate: 1 }, 'TreasuryMalformedResponseError'],
    ['truncated body', { truncatedRate: 1 }, 'TreasuryMalformedResponseError'],
    ['wrongly-keyed body', { wrongKeyRate: 1 }, 'TreasuryMalformedResponseError'],
  ])('%s → TreasuryUnavailable (retryable)', async (_name, fault, errorClass) => {
    await poke(); // a session first, so the fault hits the service call
    await h.faults(fault);
    const err = await failureOf(poke());
    expect((err as Error).name).toBe(errorClass);
    expect(toApplicationFailure(err)).toMatchObject({ type: 'TreasuryUnavailable', nonRetryable: false });
  });

  it('timeout: the per-call deadline aborts a held request', async () => {
    await poke();
    await h.faults({ timeoutRate: 1, timeoutHoldMs: 30_000 });
    const started = Date.now();
    const err = await failureOf(poke());
    expect(err).toBeInstanceOf(TreasuryTimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(toApplicationFailure(err)).toMatchObject({ type: 'TreasuryUnavailable', nonRetryable: false });
  });

  it('every failed exchange leaves a request row and an error row with its class', async () => {
    const bill = billNo('logged');
    await poke(bill);
    await h.faults({ malformedRate: 1 });
    const err = await failureOf(poke(bill));
    expect(err).toBeInstanceOf(TreasuryMalformedResponseError);
    // The first call's answer ("no such bill") is a business error: logged too, as what it is.
    const errors = await h
      .db(ERROR_LOG_TABLE)
      .where({ bill_number: bill })
      .orderBy('created_at')
      .select<Array<{ error_class: string; request_id: string }>>('*');
    expect(errors.map((e) => e.error_class)).toEqual(['TreasuryBusinessError', 'TreasuryUnavailable']);
    expect(errors[1]).toMatchObject({ service_id: 'PIS', status_code: 200 });
    const request = await h.db(REQUEST_LOG_TABLE).where({ id: errors[1]!.request_id }).first();
    expect(request).toMatchObject({ bill_number: bill, response_ciphertext: null, key_id: h.config.audit.keyId });
    expect(request.request_ciphertext).toBeInstanceOf(Buffer);
  });
});

describe('treasury gateway: circuit breaker per service', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ label: 'breaker' });
  });
  afterAll(() => h?.close());

  it('opens after the configured consecutive failures, fails fast, half-opens after resetTimeout, closes', async () => {
    const registry = new Registry();
    const gateway = h.gateway({ breaker: { failureThreshold: 3, resetTimeoutMs: 300 } }, registry);
    const poke = () => gateway.instructionStatus({ jitBillNo: 'PI-IT/BRK', jitBillDate: Date.now(), ssuIaId: '1621' });
    await poke();
    await h.faults({ error5xxRate: 1 });
    for (let i = 0; i < 3; i++) {
      expect(toApplicationFailure(await failureOf(poke())).type).toBe('TreasuryUnavailable');
    }
    expect(gateway.breakerStates().PIS).toBe('open');
    expect(gateway.breakerStates().PI).toBe('closed');

    const before = (await h.received()).faults.error5xx;
    const fast = toApplicationFailure(await failureOf(poke()));
    expect(fast).toMatchObject({ type: 'TreasuryBreakerOpen', nonRetryable: false });
    expect(Number(fast.nextRetryDelay)).toBeGreaterThan(0);
    expect(Number(fast.nextRetryDelay)).toBeLessThanOrEqual(300);
    expect((await h.received()).faults.error5xx).toBe(before); // nothing reached the treasury
    expect(await registry.getSingleMetricAsString('treasury_breaker_state')).toContain(
      'treasury_breaker_state{service_id="PIS"} 2',
    );

    await h.clearFaults();
    await sleep(350);
    expect(gateway.breakerStates().PIS).toBe('half_open');
    expect((await poke()).kind).toBe('business_error');
    expect(gateway.breakerStates().PIS).toBe('closed');
    const metrics = await registry.metrics();
    expect(metrics).toContain('treasury_breaker_state{service_id="PIS"} 0');
    expect(metrics).toMatch(
      /treasury_call_duration_seconds_bucket\{le="0\.1",service_id="PIS",outcome="business_error"\}/,
    );
    expect(metrics).toMatch(/treasury_calls_total\{service_id="PIS",outcome="TreasuryBreakerOpen"\} 1/);
  });
});
