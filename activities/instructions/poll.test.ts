import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { TreasuryErrorType } from '../../contracts/treasury-errors';
import type { InstructionRow } from '../../db/lifecycle/rows';
import { createPollActivities } from './poll';
import { beneficiaryOf, fakeInstructionDeps, preparedInstruction, runActivity } from './testing/fake-repository';

function poller(
  pi: InstructionRow,
  answers: Parameters<typeof fakeInstructionDeps>[2],
  beneficiaries = [beneficiaryOf(pi, 1)],
) {
  const { db, treasury, deps } = fakeInstructionDeps(pi, beneficiaries, answers);
  return { db, treasury, activities: createPollActivities(deps) };
}

const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (err: unknown) => err as ApplicationFailure,
  );

describe('pollSanction', () => {
  const initiated = preparedInstruction({ status: 'INITIATED' });

  it('throws a benign "not ready" while the SSU has not signed, writing nothing', async () => {
    const { db, activities } = poller(initiated, { instructionStatus: () => ({ kind: 'not_ready' }) });
    const failure = await failureOf(runActivity(() => activities.pollSanction({ piNumber: initiated.pi_number })));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure!.type).toBe(TreasuryErrorType.NotReady);
    expect(failure!.category).toBe('BENIGN');
    expect(db.transitions).toEqual([]);
  });

  it('records the approval with the treasury’s instruction id', async () => {
    const { db, activities } = poller(initiated, {
      instructionStatus: () => ({
        kind: 'ok',
        rows: [{ pmtInstId: 'PMT-9', payInstDate: '2026-06-02' } as never],
      }),
    });
    await expect(runActivity(() => activities.pollSanction({ piNumber: initiated.pi_number }))).resolves.toEqual({
      status: 'APPROVED',
    });
    expect(db.transitions).toMatchObject([
      { to: 'APPROVED', fields: { pmt_inst_id: 'PMT-9', pay_inst_date: '2026-06-02' } },
    ]);
  });

  it('fails a rejected PI, its beneficiaries too, and credits the funds back', async () => {
    const { db, activities } = poller(initiated, {
      instructionStatus: () => ({ kind: 'rejected', message: 'budget head closed', ssuOffice: 'SSU-1' }),
    });
    await expect(runActivity(() => activities.pollSanction({ piNumber: initiated.pi_number }))).resolves.toEqual({
      status: 'REJECTED',
      reason: 'budget head closed',
    });
    expect(db.transitions).toMatchObject([{ to: 'REJECTED', fields: { error: 'budget head closed' } }]);
    expect(db.bens[0]!.status).toBe('FAILED');
    expect(db.releases).toEqual([
      {
        reservationKey: initiated.pi_number,
        releaseKey: `${initiated.pi_number}:rejected`,
        reason: 'budget head closed',
      },
    ]);
  });

  it('answers a stage already recorded from the database, without asking the treasury', async () => {
    const approved = preparedInstruction({ status: 'IN_PROCESS' });
    const { treasury, activities } = poller(approved, {});
    await expect(runActivity(() => activities.pollSanction({ piNumber: approved.pi_number }))).resolves.toEqual({
      status: 'APPROVED',
    });
    expect(treasury.calls).toEqual([]);
  });
});

describe('pollDisbursement', () => {
  const inProcess = preparedInstruction({
    status: 'IN_PROCESS',
    fin_year: '2026-27',
    bill_ref_no: 'REF-1',
    token_number: 'T-1',
    token_date: '2026-06-03',
  });
  const two = [
    beneficiaryOf(inProcess, 1, { status: 'IN_PROCESS' }),
    beneficiaryOf(inProcess, 2, { status: 'IN_PROCESS' }),
  ];
  const scroll =
    (...paid: string[]) =>
    () => ({
      kind: 'ok' as const,
      rows: [{ voucherNo: 'V-1', benfDtls: paid.map((benfId) => ({ benfId, utrNo: `UTR-${benfId}` })) } as never],
    });

  it('records the paid lines and keeps polling while a beneficiary is missing from the scroll', async () => {
    const { db, activities } = poller(inProcess, { paymentDetails: scroll('BN/1') }, two);
    const failure = await failureOf(runActivity(() => activities.pollDisbursement({ piNumber: inProcess.pi_number })));
    expect(failure!.type).toBe(TreasuryErrorType.NotReady);
    expect(db.bens.map((b) => b.status)).toEqual(['SUCCESS', 'IN_PROCESS']);
    expect(db.transitions).toEqual([]);
  });

  it('settles the PI SUCCESSFUL once every beneficiary is paid, and answers their UTRs', async () => {
    const { db, activities } = poller(inProcess, { paymentDetails: scroll('BN/1', 'BN/2') }, two);
    await expect(runActivity(() => activities.pollDisbursement({ piNumber: inProcess.pi_number }))).resolves.toEqual({
      paid: [
        { beneficiaryNumber: 'BN/1', utrNo: 'UTR-BN/1' },
        { beneficiaryNumber: 'BN/2', utrNo: 'UTR-BN/2' },
      ],
    });
    expect(db.transitions.map((t) => t.to)).toEqual(['SUCCESSFUL']);
    expect(db.pis.get(inProcess.pi_number)!.status).toBe('SUCCESSFUL');
  });
});
