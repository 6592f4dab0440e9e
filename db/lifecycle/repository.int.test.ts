import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PiStatus } from '../../contracts';
import { loadInstruction } from './instructions';
import { loadBeneficiaries } from './pi-beneficiaries';
import { createInstructionRepository, type InstructionRepository } from './repository';
import type { InstructionRow } from './rows';
import { openLifecycleTestDb, seedInstruction, type LifecycleTestDb } from './testing/seed';

let t: LifecycleTestDb;
let repo: InstructionRepository;
beforeAll(async () => {
  t = await openLifecycleTestDb();
  repo = createInstructionRepository(t.db, t.pii);
});
afterAll(async () => {
  await t?.close();
});

const statusOf = async (piNumber: string) => (await loadInstruction(t.db, piNumber)).status;
const beneficiaryStatuses = async (piNumber: string) =>
  (await loadBeneficiaries(t.db, piNumber, t.pii)).map((b) => b.status);
const paid = (beneficiaryNumber: string) => ({
  beneficiaryNumber,
  utrNo: `UTR-${beneficiaryNumber}`,
  utrDate: null,
  endToEndId: null,
});
const returned = (beneficiaryNumber: string) => ({ beneficiaryNumber, reason: 'account closed' });
/** A revision of `original` in the same payment, re-paying its beneficiary BN/1. */
const revisionOf = (original: InstructionRow, status: PiStatus) =>
  seedInstruction(t, {
    status,
    kind: 'REVISED',
    originalPiNumber: original.pi_number,
    paymentWorkflowId: original.payment_workflow_id,
  });

describe('recordScroll', () => {
  it('settles SUCCESSFUL once every beneficiary is paid, and keeps the PI open while one is missing', async () => {
    const pi = await seedInstruction(t, { status: 'IN_PROCESS', beneficiaryStatuses: ['IN_PROCESS', 'IN_PROCESS'] });
    expect(await repo.recordScroll(pi, [paid('BN/1')], { voucher_no: 'V-1' })).toBe(1);
    expect(await statusOf(pi.pi_number)).toBe('IN_PROCESS');
    expect(await repo.recordScroll(pi, [paid('BN/1'), paid('BN/2')], {})).toBe(0);
    expect(await statusOf(pi.pi_number)).toBe('SUCCESSFUL');
    const bens = await loadBeneficiaries(t.db, pi.pi_number, t.pii);
    expect(bens.map((b) => [b.status, b.utr_no])).toEqual([
      ['SUCCESS', 'UTR-BN/1'],
      ['SUCCESS', 'UTR-BN/2'],
    ]);
  });

  it('never marks a returned beneficiary paid; the PI settles PARTIAL', async () => {
    const pi = await seedInstruction(t, { status: 'IN_PROCESS', beneficiaryStatuses: ['IN_PROCESS', 'FAILED'] });
    expect(await repo.recordScroll(pi, [paid('BN/1'), paid('BN/2')], {})).toBe(0);
    expect(await beneficiaryStatuses(pi.pi_number)).toEqual(['SUCCESS', 'FAILED']);
    expect(await statusOf(pi.pi_number)).toBe('PARTIAL');
  });

  it('settles RETURNED when every beneficiary was returned before the scroll completed', async () => {
    const pi = await seedInstruction(t, { status: 'IN_PROCESS', beneficiaryStatuses: ['IN_PROCESS'] });
    await repo.recordReturns(pi, [returned('BN/1')]);
    expect(await statusOf(pi.pi_number)).toBe('IN_PROCESS');
    expect(await repo.recordScroll(pi, [paid('BN/1')], {})).toBe(0);
    expect(await beneficiaryStatuses(pi.pi_number)).toEqual(['FAILED']);
    expect(await statusOf(pi.pi_number)).toBe('RETURNED');
  });
});

describe('recordReturns', () => {
  it('moves a SUCCESSFUL PI to PARTIAL and counts each return once', async () => {
    const pi = await seedInstruction(t, { status: 'SUCCESSFUL', beneficiaryStatuses: ['SUCCESS', 'SUCCESS'] });
    expect(await repo.recordReturns(pi, [returned('BN/2')])).toEqual([returned('BN/2')]);
    expect(await statusOf(pi.pi_number)).toBe('PARTIAL');
    expect(await repo.recordReturns(pi, [returned('BN/2')])).toEqual([]);
    expect(await beneficiaryStatuses(pi.pi_number)).toEqual(['SUCCESS', 'FAILED']);
    expect((await repo.failedAmong(pi.pi_number, ['BN/1', 'BN/2'])).map((f) => f.beneficiary_number)).toEqual(['BN/2']);
  });

  it('moves a paid PI to RETURNED once every beneficiary came back, never to PARTIAL', async () => {
    const pi = await seedInstruction(t, { status: 'SUCCESSFUL', beneficiaryStatuses: ['SUCCESS', 'SUCCESS'] });
    await repo.recordReturns(pi, [returned('BN/1')]);
    expect(await statusOf(pi.pi_number)).toBe('PARTIAL');
    await repo.recordReturns(pi, [returned('BN/2')]);
    expect(await statusOf(pi.pi_number)).toBe('RETURNED');
    const single = await seedInstruction(t, { status: 'SUCCESSFUL', beneficiaryStatuses: ['SUCCESS'] });
    await repo.recordReturns(single, [returned('BN/1')]);
    expect(await statusOf(single.pi_number)).toBe('RETURNED');
  });

  it('leaves the status of a PI still in process as it is (its own poll decides)', async () => {
    const pi = await seedInstruction(t, { status: 'IN_PROCESS', beneficiaryStatuses: ['IN_PROCESS', 'IN_PROCESS'] });
    await repo.recordReturns(pi, [returned('BN/1')]);
    expect(await statusOf(pi.pi_number)).toBe('IN_PROCESS');
    expect(await beneficiaryStatuses(pi.pi_number)).toEqual(['FAILED', 'IN_PROCESS']);
  });
});

describe('accept and supersede', () => {
  it('accepts a revision without touching the PI it re-pays: that PI is superseded on its own workflow’s word', async () => {
    const partial = await seedInstruction(t, { status: 'PARTIAL', beneficiaryStatuses: ['SUCCESS', 'FAILED'] });
    const revision = await revisionOf(partial, 'POSTING');
    await repo.accept(revision, 'accepted');
    expect(await statusOf(revision.pi_number)).toBe('INITIATED');
    expect(await beneficiaryStatuses(revision.pi_number)).toEqual(['INITIATED']);
    expect(await statusOf(partial.pi_number)).toBe('PARTIAL');

    await expect(repo.supersede(partial.pi_number, revision.pi_number)).resolves.toEqual({ superseded: true });
    expect(await statusOf(partial.pi_number)).toBe('COMPLETED');
    // Idempotent: asked again, it is superseded already and nothing changes.
    await expect(repo.supersede(partial.pi_number, revision.pi_number)).resolves.toEqual({ superseded: true });
  });

  it('supersedes a RETURNED PI as it does a PARTIAL one', async () => {
    const returnedPi = await seedInstruction(t, { status: 'RETURNED', beneficiaryStatuses: ['FAILED'] });
    const revision = await revisionOf(returnedPi, 'INITIATED');
    await expect(repo.supersede(returnedPi.pi_number, revision.pi_number)).resolves.toEqual({ superseded: true });
    expect(await statusOf(returnedPi.pi_number)).toBe('COMPLETED');
  });

  it('leaves a PI in another status alone', async () => {
    const inProcess = await seedInstruction(t, { status: 'IN_PROCESS' });
    const early = await revisionOf(inProcess, 'POSTING');
    await expect(repo.supersede(inProcess.pi_number, early.pi_number)).resolves.toEqual({ superseded: false });
    expect(await statusOf(inProcess.pi_number)).toBe('IN_PROCESS');
  });
});

describe('otherRevisionIn', () => {
  it('finds a live revision of the same original PI, not the asking one or one in another status', async () => {
    const original = await seedInstruction(t, { status: 'RETURNED', beneficiaryStatuses: ['FAILED'] });
    const revision = (status: PiStatus) => revisionOf(original, status);
    const failed = await revision('FAILED');
    expect(await repo.otherRevisionIn(failed, ['INITIATED'])).toBeUndefined();
    const live = await revision('INITIATED');
    expect(await repo.otherRevisionIn(failed, ['INITIATED'])).toBe(live.pi_number);
    expect(await repo.otherRevisionIn(live, ['INITIATED'])).toBeUndefined();
  });
});

describe('failUnconfirmed', () => {
  it('fails an UNCONFIRMED PI and its beneficiaries, clearing its flag; refuses any other status', async () => {
    const pi = await seedInstruction(t, { status: 'UNCONFIRMED', beneficiaryStatuses: ['PENDING'] });
    await repo.flagStuck({ piNumber: pi.pi_number, stage: 'CONFIRM', stuck: true, reason: 'no answer' });
    const before = await repo.failUnconfirmed(pi.pi_number, 'released by ops', (row) => ({ was: row.status }));
    expect(before?.status).toBe('UNCONFIRMED');
    const after = await loadInstruction(t.db, pi.pi_number);
    expect([after.status, after.error, after.stuck_stage, after.stuck_reason]).toEqual([
      'FAILED',
      'released by ops',
      null,
      null,
    ]);
    expect(await beneficiaryStatuses(pi.pi_number)).toEqual(['FAILED']);
    expect(await repo.failUnconfirmed(pi.pi_number, 'again', () => ({}))).toBeUndefined();
    expect((await loadInstruction(t.db, pi.pi_number)).error).toBe('released by ops');
  });
});
