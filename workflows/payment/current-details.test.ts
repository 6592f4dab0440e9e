import { describe, expect, it } from 'vitest';
import { DEFAULT_LIFECYCLE_POLICY as POLICY } from '../../config/lifecycle-policy';
import type { InstructionReport, PaymentState } from '../../contracts';
import { activitySummary } from './activity-summaries';
import { instructionDetails, instructionWaitingFor, paymentDetails } from './current-details';
import { initialState, refreshStatus } from './state';
import * as t from './transitions';
import { istMinute, paymentWaitingFor } from './waiting-for';
import { payee } from './testing/payees';

const NOW = '2026-06-01T10:00:00.000Z';
const report = (status: InstructionReport['status'], extra: Partial<InstructionReport> = {}): InstructionReport => ({
  piNumber: 'PI/t/B/1',
  kind: 'ORIGINAL',
  status,
  beneficiaries: [],
  closed: false,
  ...extra,
});
function planned(count = 2): PaymentState {
  const state = initialState({ tenantId: 't', billNumber: 'B' }, [payee(1), payee(2)].slice(0, count));
  t.planInstruction(state, NOW);
  return state;
}

describe('what a payment waits for', () => {
  it('names the IST instant to the minute', () => {
    expect(istMinute(Date.parse('2026-12-10T12:30:00Z'))).toBe('2026-12-10T18:00+05:30');
  });

  it('awaiting funds: the PI, the overdue deadline and what a person can do', () => {
    const state = planned();
    t.applyReport(state, report('NO_FUNDS'), NOW);
    refreshStatus(state);
    const waiting = paymentWaitingFor(state, POLICY)!;
    expect(waiting.what).toBe('funds for PI PI/t/B/1 on its head of account');
    expect(waiting.until).toBe(istMinute(Date.parse(NOW) + POLICY.fundsWaitDeadlineMs));
    expect(waiting.nextStep).toMatch(/allot funds/);
    expect(paymentDetails(state.status, waiting)).toContain('**Stage:** AWAITING_FUNDS');
  });

  it('FAILED and PARTIAL: corrected bank details for the failed ones, until the revised-PI window ends', () => {
    const state = planned();
    const failedOne = [
      { beneficiaryNumber: 'BN/t/B/1', status: 'FAILED' as const, failureReason: 'Account is Dormant' },
      { beneficiaryNumber: 'BN/t/B/2', status: 'SUCCESS' as const, utrNo: 'U2' },
    ];
    t.applyReport(state, report('PARTIAL', { beneficiaries: failedOne }), NOW);
    refreshStatus(state);
    expect(state.status).toBe('PARTIAL');
    const waiting = paymentWaitingFor(state, POLICY)!;
    expect(waiting.what).toBe('corrected bank details for 1 failed beneficiary');
    expect(waiting.until).toBe(istMinute(Date.parse(NOW) + POLICY.correctionWindowDays * 86_400_000));
    expect(waiting.untilMeans).toMatch(/revised PI/);

    const rejected = planned();
    const allFailed = [1, 2].map((n) => ({ beneficiaryNumber: `BN/t/B/${n}`, status: 'FAILED' as const }));
    t.applyReport(rejected, report('REJECTED', { beneficiaries: allFailed, closed: true }), NOW);
    refreshStatus(rejected);
    expect(rejected.status).toBe('FAILED');
    expect(paymentWaitingFor(rejected, POLICY)).toMatchObject({
      what: 'corrected bank details for 2 failed beneficiaries',
      nextStep: expect.stringMatching(/SSU rejected/),
    });
  });

  it('paid and listening for returns: until the window closes; cancelled: nothing', () => {
    const state = planned(1);
    const until = '2026-06-01T11:00:00.000Z';
    const paid = [{ beneficiaryNumber: 'BN/t/B/1', status: 'SUCCESS' as const, utrNo: 'U1' }];
    t.applyReport(state, report('SUCCESSFUL', { beneficiaries: paid, returnsWindowUntil: until }), NOW);
    refreshStatus(state);
    expect(paymentWaitingFor(state, POLICY)).toMatchObject({
      what: 'bank returns on PI PI/t/B/1',
      until: istMinute(Date.parse(until)),
    });
    state.cancelledReason = 'test';
    expect(paymentWaitingFor(state, POLICY)).toBeUndefined();
    expect(paymentDetails('CANCELLED', undefined)).toContain('nothing: finished');
  });

  it('a stuck PI comes first, with the step a person takes', () => {
    const state = planned();
    t.applyReport(state, report('INITIATED', { stuckStage: 'SANCTION' }), NOW);
    refreshStatus(state);
    expect(paymentWaitingFor(state, POLICY)).toMatchObject({
      what: 'the treasury on PI PI/t/B/1, stuck at SANCTION',
      nextStep: expect.stringMatching(/Poll now/),
    });
  });
});

describe('what a PI waits for', () => {
  const since = Date.parse(NOW);
  it('follows its stages with the instant it would be flagged stuck', () => {
    const sanction = instructionWaitingFor({ kind: 'ORIGINAL', status: 'INITIATED', closed: false }, POLICY, since);
    expect(sanction).toMatchObject({
      what: 'the SSU’s sanction (PIS)',
      until: istMinute(since + POLICY.sanction.deadlineMs),
    });
    const revised = instructionWaitingFor({ kind: 'REVISED', status: 'INITIATED', closed: false }, POLICY, since);
    expect(revised?.what).toMatch(/FTPS/);
    const advice = instructionWaitingFor({ kind: 'ORIGINAL', status: 'APPROVED', closed: false }, POLICY, since);
    expect(advice?.until).toBe(istMinute(since + POLICY.advice.deadlineMs));
  });

  it('stuck, unconfirmed, in its returns window, closed', () => {
    const unconfirmed = {
      kind: 'ORIGINAL' as const,
      status: 'UNCONFIRMED' as const,
      stuckStage: 'CONFIRMATION',
      closed: false,
    };
    expect(instructionWaitingFor(unconfirmed, POLICY, since)?.nextStep).toMatch(/release-unconfirmed/);
    const view = { kind: 'ORIGINAL' as const, status: 'SUCCESSFUL' as const, returnsWindowUntil: NOW, closed: false };
    expect(instructionDetails(view, instructionWaitingFor(view, POLICY, since))).toContain(
      `**Until:** ${istMinute(since)} (the returns window closes then and the PI completes)`,
    );
    expect(instructionWaitingFor({ ...view, closed: true }, POLICY, since)).toBeUndefined();
  });
});

describe('activity summaries', () => {
  it('say what the call does with the PI number, and never copy other arguments', () => {
    expect(activitySummary('postInstruction', { piNumber: 'PI/1' })).toBe('Post PI PI/1 to the treasury');
    expect(activitySummary('recordPayment', { status: 'PAID', bill: { payees: [{ name: 'X' }] } })).toBe(
      'Record the payment as PAID',
    );
    expect(activitySummary('listFundsSyncKeys', {})).toBe('List funds sync keys');
  });
});
