import { describe, expect, it } from 'vitest';
import type { InstructionReport, PaymentState } from '../../contracts';
import { pendingWork } from './pending-work';
import { continuedInput, fundsDeadlineIn, initialState, isFinished, paymentStatus, refreshStatus } from './state';
import * as t from './transitions';

const NOW = '2026-06-01T10:00:00.000Z';
const payee = (n: number, amountPaise = 100_00) => ({
  beneficiaryNumber: `BN/t/B/${n}`,
  name: `Payee ${n}`,
  accountNumber: `10000000000${n}`,
  ifsc: 'SBIN0000041',
  amountPaise,
  type: 'IND' as const,
  mobile: '9000000000',
  address: 'Angul',
  lineItemIds: [`L${n}`],
});
const fresh = (count = 2): PaymentState =>
  initialState(
    { tenantId: 't', billNumber: 'B' },
    Array.from({ length: count }, (_, i) => payee(i + 1, (i + 1) * 100_00)),
  );
const report = (
  piNumber: string,
  status: InstructionReport['status'],
  beneficiaries: InstructionReport['beneficiaries'],
  extra: Partial<InstructionReport> = {},
): InstructionReport => ({ piNumber, kind: 'ORIGINAL', status, beneficiaries, closed: false, ...extra });

describe('payment transitions', () => {
  it('takes a cancellation through Temporal as the cancel action: refused once a PI is live, accepted before', () => {
    const waiting = fresh();
    expect(t.cancelRequestedThroughTemporal(waiting)).toBeUndefined();
    expect(pendingWork(waiting)).toBe('cancel');
    const live = fresh();
    t.planInstruction(live, NOW);
    t.applyReport(live, report('PI/t/B/1', 'INITIATED', []), NOW);
    expect(t.cancelRequestedThroughTemporal(live)).toMatch(/^cancellation refused: .*PI\/t\/B\/1 is live/);
    expect(live.lastError).toMatch(/^cancellation refused/);
    expect(live.inbox.cancel).toBeUndefined();
  });

  it('plans one original PI for everyone at the start, with the amount of exactly who it carries', () => {
    const state = fresh();
    expect(pendingWork(state)).toBe('instruction');
    const planned = t.planInstruction(state, NOW)!;
    expect(planned).toEqual({ piNumber: 'PI/t/B/1', kind: 'ORIGINAL', beneficiaryNumbers: ['BN/t/B/1', 'BN/t/B/2'] });
    expect(state.instructions[0]).toMatchObject({ amountPaise: 300_00, status: 'PREPARED', createdAt: NOW });
    expect(state.beneficiaries.every((b) => b.piNumber === 'PI/t/B/1' && b.originalPiNumber === 'PI/t/B/1')).toBe(true);
    expect(pendingWork(state)).toBeUndefined();
  });

  it('applies a report to the beneficiaries of that PI only, and records the PI failure as lastError', () => {
    const state = fresh();
    t.planInstruction(state, NOW);
    t.applyReport(
      state,
      report('PI/t/B/1', 'FAILED', [{ beneficiaryNumber: 'BN/t/B/1', status: 'FAILED', failureReason: 'refused' }], {
        reason: 'refused by the treasury',
        closed: true,
      }),
      NOW,
    );
    expect(state.beneficiaries[0]).toMatchObject({ status: 'FAILED', originalPiNumber: undefined });
    expect(state.lastError).toBe('PI/t/B/1: refused by the treasury');
    t.applyReport(state, report('PI/t/B/9', 'SUCCESSFUL', [{ beneficiaryNumber: 'BN/t/B/2', status: 'SUCCESS' }]), NOW);
    expect(state.beneficiaries[1]!.status).toBe('PENDING');
  });

  it('on NO_FUNDS queues the PI again under the same number, registers one wait, and retries on a wake-up', () => {
    const state = fresh();
    t.planInstruction(state, NOW);
    const effects = t.applyReport(state, report('PI/t/B/1', 'NO_FUNDS', [], { closed: true }), NOW);
    expect(effects).toEqual([{ kind: 'registerFundsWait', amountPaise: 300_00, since: NOW }]);
    refreshStatus(state);
    expect(state.status).toBe('AWAITING_FUNDS');
    expect(pendingWork(state)).toBeUndefined();
    t.wakeForFunds(state);
    expect(pendingWork(state)).toBe('instruction');
    expect(t.planInstruction(state, NOW)!.piNumber).toBe('PI/t/B/1');
    expect(state.inbox.fundsWakeUps).toBe(0);
    expect(t.applyReport(state, report('PI/t/B/1', 'NO_FUNDS', [], { closed: true }), NOW)).toEqual([]);
    t.wakeForFunds(state);
    t.planInstruction(state, NOW);
    expect(t.applyReport(state, report('PI/t/B/1', 'INITIATED', []), NOW)).toEqual([{ kind: 'clearFundsWait' }]);
    expect(state.awaitingFundsSince).toBeUndefined();
  });

  it('flags an overdue funds wait once, with the deadline measured from when the wait began', () => {
    const state = fresh();
    t.planInstruction(state, NOW);
    t.applyReport(state, report('PI/t/B/1', 'NO_FUNDS', [], { closed: true }), NOW);
    expect(fundsDeadlineIn(state, 60_000, Date.parse(NOW) + 10_000)).toBe(50_000);
    expect(t.fundsWaitOverdue(state)).toEqual([{ kind: 'flagFundsWaitOverdue' }]);
    expect(t.fundsWaitOverdue(state)).toEqual([]);
    expect(fundsDeadlineIn(state, 60_000, Date.parse(NOW))).toBeUndefined();
  });

  it('routes a correction within the window to a revision naming the original and the failed PI', () => {
    const state = fresh();
    t.planInstruction(state, NOW);
    t.applyReport(
      state,
      report('PI/t/B/1', 'PARTIAL', [
        { beneficiaryNumber: 'BN/t/B/1', status: 'SUCCESS', utrNo: 'U1' },
        { beneficiaryNumber: 'BN/t/B/2', status: 'FAILED', failureReason: 'Account does not exist' },
      ]),
      NOW,
    );
    const request = {
      tenantId: 't',
      requestedBy: 'ops',
      corrections: [{ beneficiaryNumber: 'BN/t/B/2', accountNumber: '100000000555', ifsc: 'SBIN0000041' }],
    };
    expect(t.applyCorrections(state, request, '2026-06-10T10:00:00.000Z', 90)).toEqual({
      routes: { 'BN/t/B/2': 'REVISED' },
    });
    // A second correction of the same payee before its revision starts changes nothing.
    expect(t.applyCorrections(state, request, '2026-06-10T10:00:00.000Z', 90)).toEqual({ routes: {} });
    expect(t.planInstruction(state, NOW)).toEqual({
      piNumber: 'COR/t/B/1',
      kind: 'REVISED',
      originalPiNumber: 'PI/t/B/1',
      currentPiNumber: 'PI/t/B/1',
      beneficiaryNumbers: ['BN/t/B/2'],
    });
  });

  it('routes a correction past the window to a fresh original PI', () => {
    const state = fresh(1);
    t.planInstruction(state, NOW);
    t.applyReport(state, report('PI/t/B/1', 'PARTIAL', [{ beneficiaryNumber: 'BN/t/B/1', status: 'FAILED' }]), NOW);
    const request = {
      tenantId: 't',
      requestedBy: 'ops',
      corrections: [{ beneficiaryNumber: 'BN/t/B/1', accountNumber: '100000000555', ifsc: 'SBIN0000041' }],
    };
    expect(t.applyCorrections(state, request, '2026-12-01T10:00:00.000Z', 90).routes).toEqual({
      'BN/t/B/1': 'ORIGINAL',
    });
    expect(t.planInstruction(state, NOW)).toMatchObject({ piNumber: 'PI/t/B/2', kind: 'ORIGINAL' });
  });

  it('marks orphan returns failed, unless the payee is already queued for a new PI', () => {
    const state = fresh();
    t.planInstruction(state, NOW);
    t.applyReport(
      state,
      report('PI/t/B/1', 'SUCCESSFUL', [
        { beneficiaryNumber: 'BN/t/B/1', status: 'SUCCESS' },
        { beneficiaryNumber: 'BN/t/B/2', status: 'SUCCESS' },
      ]),
      NOW,
    );
    t.applyRecordedReturns(state, 'PI/t/B/1', [{ beneficiaryNumber: 'BN/t/B/2', reason: 'Account is Dormant' }]);
    expect(state.beneficiaries[1]).toMatchObject({ status: 'FAILED', failureReason: 'Account is Dormant' });
    expect(paymentStatus(state)).toBe('PARTIAL');
    t.applyRecordedReturns(state, 'PI/t/B/9', [{ beneficiaryNumber: 'BN/t/B/1', reason: 'x' }]);
    expect(state.beneficiaries[0]!.status).toBe('SUCCESS');
  });

  it('cancels while awaiting funds: nothing more is sent and the wait is cleared', () => {
    const state = fresh();
    t.planInstruction(state, NOW);
    t.applyReport(state, report('PI/t/B/1', 'NO_FUNDS', [], { closed: true }), NOW);
    t.requestCancel(state, { reason: 'bill withdrawn', requestedBy: 'ops' });
    t.wakeForFunds(state);
    expect(pendingWork(state)).toBe('cancel');
    expect(t.cancel(state)).toEqual([{ kind: 'clearFundsWait' }]);
    expect(state.cancelledReason).toBe('bill withdrawn (by ops)');
    expect(pendingWork(state)).toBeUndefined();
    expect(isFinished(state)).toBe(true);
    expect(paymentStatus(state)).toBe('CANCELLED');
  });

  it('is finished only when everyone is paid and every PI has closed', () => {
    const state = fresh(1);
    t.planInstruction(state, NOW);
    t.applyReport(state, report('PI/t/B/1', 'SUCCESSFUL', [{ beneficiaryNumber: 'BN/t/B/1', status: 'SUCCESS' }]), NOW);
    expect(paymentStatus(state)).toBe('PAID');
    expect(isFinished(state)).toBe(false);
    t.applyReport(
      state,
      report('PI/t/B/1', 'SUCCESSFUL', [{ beneficiaryNumber: 'BN/t/B/1', status: 'SUCCESS' }], { closed: true }),
      NOW,
    );
    expect(isFinished(state)).toBe(true);
  });

  it('continues as new with everything unhandled in the state and without the bill a second time', () => {
    const state = fresh();
    state.inbox.reports.push(report('PI/t/B/1', 'INITIATED', []));
    state.inbox.returns.push({ piNumber: 'PI/t/B/1', returned: [{ beneficiaryNumber: 'BN/t/B/1', reason: 'x' }] });
    t.wakeForFunds(state);
    t.requestCancel(state, { reason: 'r', requestedBy: 'ops' });
    const next = continuedInput(
      {
        tenantId: 't',
        billNumber: 'B',
        beneficiaries: [{ ...payee(1), lineItemIds: ['L1'] }],
        submittedAt: NOW,
        submittedBy: 'x',
        policy: {} as never,
      },
      state,
    );
    expect(next.beneficiaries).toEqual([]);
    expect(JSON.parse(JSON.stringify(next.carried))).toEqual(JSON.parse(JSON.stringify(state)));
    expect(next.carried!.inbox).toMatchObject({ fundsWakeUps: 1, cancel: { reason: 'r' } });
  });
});

describe('funds credited back', () => {
  it('wakes the tenant’s funds waiters when an original PI that held a reservation is rejected', () => {
    const state = fresh();
    t.planInstruction(state, NOW);
    const rejected = report('PI/t/B/1', 'REJECTED', [], { hoaCode: 'HOA-1', reason: 'rejected by SSU', closed: true });
    expect(t.applyReport(state, rejected, NOW)).toEqual([
      { kind: 'headOfAccount', hoaCode: 'HOA-1' },
      { kind: 'wakeFundsWaiters', hoaCode: 'HOA-1', availablePaise: 300_00 },
    ]);
  });
});
