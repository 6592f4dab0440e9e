import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TreasuryResult } from '../contracts/treasury';
import { amountToPaise } from '../jit/formats';
import type { TreasuryGateway } from '.';
import { startHarness, type Harness } from './testing/harness';
import { accountNo, billNo, piInput } from './testing/inputs';

const MINUTE = 60_000;

function rowsOf<R>(result: TreasuryResult<R>): R[] {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.rows;
}

/**
 * Client ⇄ simulator for every service id, walking one bill through its whole life: allotments,
 * instruction, SSU approval, advice, debit scroll, a bank return, a correction to a new account, and
 * the correction's own payment and return. The simulator's clock is moved by hand between stages.
 */
describe('treasury gateway ⇄ simulator: every service id', () => {
  let h: Harness;
  let gateway: TreasuryGateway;
  const bill = billNo('life');
  const billDate = Date.now();
  const paid = accountNo();
  const bounced = accountNo('999');
  const corrected = accountNo('998');
  const advice = { onlineBillRefNo: '', tokenNumber: '', tokenDate: '', finYear: '' };
  const pis = { pmtInstId: '', payInstDate: '' };
  const corBill = `COR/${bill}`;
  const correction = { billRefNo: '', tokenNumber: '', tokenDate: '' };

  beforeAll(async () => {
    h = await startHarness({
      label: 'services',
      simulator: {
        sessionTtlMs: 24 * 60 * MINUTE,
        delays: {
          ssuApprovalDelayMs: 10 * MINUTE,
          adviceDelayMs: 10 * MINUTE,
          disbursementDelayMs: 10 * MINUTE,
          returnDelayMs: 10 * MINUTE,
        },
      },
    });
    gateway = h.gateway();
  });
  afterAll(() => h?.close());

  it('VA returns the seeded allotment transactions', async () => {
    const rows = rowsOf(
      await gateway.virtualAllotment({
        hoa: '221705800358641045908',
        ddoCode: 'OLSHUD001',
        granteeCode: 'GOHUDULBMPL0036',
        fromDate: '2026-04-01T00:00:00+05:30',
      }),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ mstAllotmentDistId: '1101', allotmentTxnType: 'Initial Allotment' });
  });

  it('PI is accepted', async () => {
    const rows = rowsOf(
      await gateway.postPaymentInstruction(piInput(bill, [paid, bounced], { jitBillDate: billDate })),
    );
    expect(rows[0]).toMatchObject({ jitBillNo: bill, successCode: '0' });
  });

  it('PIS is not_ready until the SSU approves, then returns the instruction id', async () => {
    const input = { jitBillNo: bill, jitBillDate: billDate, ssuIaId: '1621' };
    expect(await gateway.instructionStatus(input)).toEqual({ kind: 'not_ready' });
    h.simulator.clock.advance(11 * MINUTE);
    const [row] = rowsOf(await gateway.instructionStatus(input));
    expect(row!.jitBillNumber).toBe(bill);
    expect(amountToPaise(row!.billNetAmount!)).toBe(2 * 25_050);
    Object.assign(pis, { pmtInstId: row!.pmtInstId, payInstDate: row!.payInstDate });
  });

  it('PAG returns the online bill reference and token', async () => {
    h.simulator.clock.advance(11 * MINUTE);
    const [row] = rowsOf(
      await gateway.paymentAdvice({
        pmtInstId: pis.pmtInstId,
        pmtInstDate: pis.payInstDate,
        billNo: bill,
        billDate,
        ssuIaId: '1621',
      }),
    );
    expect(row!.benfList).toHaveLength(2);
    Object.assign(advice, {
      onlineBillRefNo: row!.onlineBillRefNo,
      tokenNumber: row!.tokenNumber,
      tokenDate: row!.tokenDate,
      finYear: row!.finYear,
    });
    expect(advice.onlineBillRefNo).not.toBe('');
  });

  it('PD returns a UTR for every beneficiary', async () => {
    h.simulator.clock.advance(11 * MINUTE);
    const [row] = rowsOf(
      await gateway.paymentDetails(
        {
          finYear: advice.finYear,
          billRefNo: advice.onlineBillRefNo,
          tokenNumber: advice.tokenNumber,
          tokenDate: advice.tokenDate,
        },
        { billNumber: bill },
      ),
    );
    expect(row!.billNumber).toBe(bill);
    expect(row!.benfDtls.map((b) => b.benfId).sort()).toEqual(['BN-1', 'BN-2']);
    expect(row!.benfDtls.every((b) => b.utrNo)).toBe(true);
  });

  it('FD reports the bounced payment once the bank returns it', async () => {
    h.simulator.clock.advance(11 * MINUTE);
    const rows = rowsOf(await gateway.failureDetails({ since: billDate - MINUTE }));
    const ours = rows.find((r) => r.billNumber === bill);
    expect(ours?.benfDtls).toEqual([
      expect.objectContaining({ benfId: 'BN-2', benfAcctNo: bounced, failedReason: 'Account does not exist' }),
    ]);
  });

  it('COR re-pays the returned beneficiary to a corrected account', async () => {
    const rows = rowsOf(
      await gateway.postCorrection({
        jitCorBillNo: corBill,
        jitCorBillDate: Date.now(),
        orgBillRefNo: advice.onlineBillRefNo,
        orgBillNo: bill,
        orgBillDate: billDate,
        beneficiaries: [
          {
            benefId: 'BN-2',
            curBillRefNo: advice.onlineBillRefNo,
            orgAccountNo: bounced,
            orgIfsc: 'SBIN0000041',
            curAccountNo: bounced,
            curIfsc: 'SBIN0000041',
            correctedAccountNo: corrected,
            correctedIfsc: 'SBIN0000041',
          },
        ],
      }),
    );
    expect(rows[0]).toMatchObject({ jitCorBillNo: corBill, successCode: '0' });
  });

  it('FTPS reports the correction paid, with its own bill reference', async () => {
    h.simulator.clock.advance(11 * MINUTE);
    const [row] = rowsOf(
      await gateway.correctionPaymentStatus({
        jitCorBillNo: corBill,
        jitCorBillDate: Date.now(),
        orgBillNo: bill,
        orgBillRefNo: advice.onlineBillRefNo,
        orgBillDate: billDate,
      }),
    );
    expect(row!.benfDtls).toEqual([expect.objectContaining({ benfId: 'BN-2', benfAcctNo: corrected })]);
    Object.assign(correction, { billRefNo: row!.billRefNo, tokenNumber: row!.tokenNumber, tokenDate: row!.tokenDate });
  });

  it('FTFPS reports the corrected account bouncing too', async () => {
    h.simulator.clock.advance(11 * MINUTE);
    const [row] = rowsOf(
      await gateway.correctionFailureStatus({
        jitCorBillNo: corBill,
        jitCorBillDate: Date.now(),
        billRefNo: correction.billRefNo,
        tokenNumber: correction.tokenNumber,
        tokenDate: correction.tokenDate,
      }),
    );
    expect(row!.benfDtls).toEqual([expect.objectContaining({ benfId: 'BN-2', failedReason: 'Account is Dormant' })]);
  });

  it('authenticated once, called every service, posted the bill once, breakers closed', async () => {
    const received = await h.received();
    expect(received.auth).toBe(1);
    expect(Object.keys(received.byService).sort()).toEqual(
      ['COR', 'FD', 'FTFPS', 'FTPS', 'PAG', 'PD', 'PI', 'PIS', 'VA'].sort(),
    );
    expect(received.PI[bill]).toBe(1);
    expect(new Set(Object.values(gateway.breakerStates()))).toEqual(new Set(['closed']));
  });
});
