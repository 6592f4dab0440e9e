import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InstructionReport, InstructionSummary, PaymentState } from '../../contracts';
import { pendingWork } from './pending-work';
import { initialState, isFinished, refreshStatus } from './state';
import * as t from './transitions';
import { liveBeforePayment, validateCancel, validateCorrections } from './validation';

/**
 * Random sequences of what a payment hears — PI reports, orphan returns, corrections, funds
 * wake-ups, cancels — interleaved with continue-as-new, driven through the same transitions and
 * `pendingWork` dispatch the workflow uses. Seeded and bounded, so a failure replays exactly.
 */
const event = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      pick: fc.nat(),
      branch: fc.nat(),
      failMask: fc.nat(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('return' as const), pick: fc.nat(), which: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('correct' as const), which: fc.nat(), lateDays: fc.constantFrom(1, 200) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wake' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('continueAsNew' as const) }) },
);
type Event = typeof event extends fc.Arbitrary<infer E> ? E : never;

const START = Date.parse('2026-06-01T10:00:00.000Z');
const at = (step: number, extraDays = 0) => new Date(START + step * 60_000 + extraDays * 86_400_000).toISOString();

function newPayment(amounts: number[]): PaymentState {
  return initialState(
    { tenantId: 't', billNumber: 'B' },
    amounts.map((amountPaise, i) => ({
      beneficiaryNumber: `BN/t/B/${i + 1}`,
      name: 'x',
      accountNumber: '100000000001',
      ifsc: 'SBIN0000041',
      amountPaise,
      type: 'IND' as const,
      mobile: '',
      address: '',
      lineItemIds: [],
    })),
  );
}

/**
 * What a PI child would report next: one step along its own lifecycle, the branch drawn deciding
 * where it can go two ways (no funds, refused or posted; which payees the bank paid).
 */
function piReport(pi: InstructionSummary, branch: number, failMask: number): InstructionReport | undefined {
  const each = (status: InstructionReport['beneficiaries'][number]['status']) =>
    pi.beneficiaryNumbers.map((beneficiaryNumber) => ({ beneficiaryNumber, status }));
  const base = { piNumber: pi.piNumber, kind: pi.kind, closed: false };
  switch (pi.status) {
    case 'PREPARED':
      if (branch % 6 === 0 && pi.kind === 'ORIGINAL')
        return { ...base, status: 'NO_FUNDS', beneficiaries: [], closed: true };
      if (branch % 6 === 1)
        return { ...base, status: 'FAILED', beneficiaries: each('FAILED'), reason: 'refused', closed: true };
      return { ...base, status: 'INITIATED', beneficiaries: each('INITIATED') };
    case 'INITIATED': {
      const beneficiaries = pi.beneficiaryNumbers.map((beneficiaryNumber, i) => ({
        beneficiaryNumber,
        status: (failMask >> i) % 3 === 0 ? ('FAILED' as const) : ('SUCCESS' as const),
      }));
      const partial = beneficiaries.some((b) => b.status === 'FAILED');
      return { ...base, status: partial ? 'PARTIAL' : 'SUCCESSFUL', beneficiaries };
    }
    case 'SUCCESSFUL':
    case 'PARTIAL':
      return { ...base, status: pi.status, beneficiaries: [], closed: true };
    default:
      return undefined;
  }
}

/** The workflow's dispatch loop, without the I/O: act on pending work until there is none. */
function dispatch(state: PaymentState, now: string): void {
  for (let guard = 0; guard < 100; guard++) {
    const work = pendingWork(state);
    if (!work) break;
    if (work === 'report') t.applyReport(state, state.inbox.reports.shift()!, now);
    else if (work === 'returns') {
      const orphan = state.inbox.returns.shift()!;
      t.applyRecordedReturns(state, orphan.piNumber, orphan.returned);
    } else if (work === 'cancel') t.cancel(state);
    else t.planInstruction(state, now);
  }
  refreshStatus(state);
  state.recordedStatus = state.status;
}

function deliver(state: PaymentState, e: Event, step: number): PaymentState {
  const open = state.instructions.filter((i) => !i.closed);
  const closed = state.instructions.filter((i) => i.closed && i.status !== 'NO_FUNDS');
  switch (e.kind) {
    case 'report': {
      const pi = open[e.pick % Math.max(open.length, 1)];
      const report = pi && piReport(pi, e.branch, e.failMask);
      if (report) state.inbox.reports.push(report);
      break;
    }
    case 'return': {
      const pi = closed[e.pick % Math.max(closed.length, 1)];
      const n = pi?.beneficiaryNumbers[e.which % pi.beneficiaryNumbers.length];
      if (pi && n)
        state.inbox.returns.push({ piNumber: pi.piNumber, returned: [{ beneficiaryNumber: n, reason: 'r' }] });
      break;
    }
    case 'correct': {
      const failed = state.beneficiaries.filter((b) => b.status === 'FAILED');
      const b = failed[e.which % Math.max(failed.length, 1)];
      if (!b) break;
      const request = {
        tenantId: 't',
        requestedBy: 'ops',
        corrections: [{ beneficiaryNumber: b.beneficiaryNumber, accountNumber: '100000000555', ifsc: 'SBIN0000041' }],
      };
      try {
        validateCorrections(state, request);
      } catch {
        break; // refused by the update's validator: never reaches the state
      }
      t.applyCorrections(state, request, at(step, e.lateDays), 90);
      break;
    }
    case 'wake':
      t.wakeForFunds(state);
      break;
    case 'cancel':
      try {
        validateCancel(state, { reason: 'stop', requestedBy: 'ops' });
        t.requestCancel(state, { reason: 'stop', requestedBy: 'ops' });
      } catch {
        /* refused by the validator */
      }
      break;
    case 'continueAsNew':
      return JSON.parse(JSON.stringify(state)) as PaymentState; // what the next run's input carries
  }
  return state;
}

function checkInvariants(state: PaymentState, total: number): void {
  // No beneficiary in two PIs the treasury may still pay.
  const live = liveBeforePayment(state).flatMap((i) => i.beneficiaryNumbers);
  expect(new Set(live).size).toBe(live.length);
  // Amounts conserved: the payment's total never changes, and each PI carries its payees' amounts.
  expect(state.beneficiaries.reduce((s, b) => s + b.amountPaise, 0)).toBe(total);
  for (const pi of state.instructions) {
    const sum = pi.beneficiaryNumbers.reduce(
      (s, n) => s + state.beneficiaries.find((b) => b.beneficiaryNumber === n)!.amountPaise,
      0,
    );
    expect(pi.amountPaise).toBe(sum);
  }
  // A beneficiary queued for a new PI is queued once.
  const queued = [...state.pendingOriginal, ...state.pendingRevisions.flatMap((g) => g.beneficiaryNumbers)];
  expect(new Set(queued).size).toBe(queued.length);
}

const amounts = fc.array(fc.integer({ min: 1, max: 10_000_000_00 }), { minLength: 1, maxLength: 5 });
const events = fc.array(event, { minLength: 1, maxLength: 80 });

describe('payment transitions under random sequences (fast-check)', () => {
  it('never puts a beneficiary in two live PIs and conserves every amount', () => {
    fc.assert(
      fc.property(amounts, events, (amts, evs) => {
        let state = newPayment(amts);
        const total = amts.reduce((s, a) => s + a, 0);
        dispatch(state, at(0));
        evs.forEach((e, step) => {
          state = deliver(state, e, step + 1);
          dispatch(state, at(step + 1));
          checkInvariants(state, total);
        });
      }),
      { seed: 20261202, numRuns: 400 },
    );
  });

  it('never changes a terminal status: CANCELLED is final, and a closed PAID payment reopens only for a return', () => {
    fc.assert(
      fc.property(amounts, events, (amts, evs) => {
        let state = newPayment(amts);
        dispatch(state, at(0));
        let cancelled = false;
        let closedPaid = false;
        evs.forEach((e, step) => {
          state = deliver(state, e, step + 1);
          dispatch(state, at(step + 1));
          if (cancelled) expect(state.status).toBe('CANCELLED');
          if (closedPaid && e.kind !== 'return') expect(state.status).toBe('PAID');
          cancelled = state.status === 'CANCELLED';
          closedPaid = isFinished(state) && state.status === 'PAID';
        });
      }),
      { seed: 1204, numRuns: 400 },
    );
  });

  it('loses nothing across continue-as-new: the same events give the same state with or without it', () => {
    fc.assert(
      fc.property(amounts, events, fc.array(fc.nat(), { maxLength: 6 }), (amts, evs, cuts) => {
        const run = (withCuts: boolean) => {
          let state = newPayment(amts);
          dispatch(state, at(0));
          evs.forEach((e, step) => {
            if (e.kind === 'continueAsNew') return;
            // A continue-as-new between delivery and dispatch: the message waits in the carried inbox.
            state = deliver(state, e, step + 1);
            if (withCuts && cuts.includes(step)) state = deliver(state, { kind: 'continueAsNew' }, step + 1);
            dispatch(state, at(step + 1));
          });
          return JSON.parse(JSON.stringify(state)) as PaymentState;
        };
        expect(run(true)).toEqual(run(false));
      }),
      { seed: 77, numRuns: 300 },
    );
  });
});
