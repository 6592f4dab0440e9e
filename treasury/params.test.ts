import type { Knex } from 'knex';
import pino from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config';
import { JIT_SCHEMAS } from '../jit/schemas';
import { createTreasuryGateway } from '.';
import { TreasuryRequestInvalidError } from './errors';
import { corParams, fdParams, ftpsParams, piParams, pisParams, vaParams } from './params';
import { piInput } from './testing/inputs';

const ctx = { extAppName: 'MUKTA' };
// 00:10 IST on 1 April 2024 is still 31 March in UTC: the legacy adapter sent the wrong day and year.
const JUST_AFTER_MIDNIGHT_IST = '2024-03-31T18:40:00Z';

describe('wire params from typed inputs', () => {
  it('PI: IST date, amounts from paise, net = gross = sum, counted beneficiaries', () => {
    const input = piInput('PI-1/2024-25/1', ['100000000001', '100000000002'], { jitBillDate: JUST_AFTER_MIDNIGHT_IST });
    input.beneficiaries[1]!.amountPaise = 5;
    const params = piParams(input);
    expect(params).toMatchObject({
      jitBillDate: '2024-04-01 00:10:00',
      billGrossAmount: '250.55',
      billNetAmount: '250.55',
      billNumberOfBenf: '2',
      jitBillDdoCode: 'OLSHUD001',
    });
    expect(params.beneficiaryDetails.map((b) => b.benfAmount)).toEqual(['250.50', '0.05']);
    expect(params.beneficiaryDetails[0]).toMatchObject({ benfAcctNo: '100000000001', benfEmailId: '' });
    expect(JIT_SCHEMAS.PI.params.safeParse(params).success).toBe(true);
  });

  it('PIS sends the IST date only; VA the IST date-time with the treasury spelling granteCode', () => {
    expect(pisParams({ jitBillNo: 'B', jitBillDate: JUST_AFTER_MIDNIGHT_IST, ssuIaId: '1' }).jitBillDate).toBe(
      '2024-04-01',
    );
    expect(vaParams({ hoa: 'H', ddoCode: 'D', granteeCode: 'G', fromDate: 0 })).toEqual({
      hoa: 'H',
      ddoCode: 'D',
      granteCode: 'G',
      fromDate: '1970-01-01 05:30:00',
    });
  });

  it('FD sends the calendar year and voucher date of the look-back instant in IST', () => {
    expect(fdParams({ since: JUST_AFTER_MIDNIGHT_IST }, ctx)).toEqual({
      finYear: '2024',
      extAppName: 'MUKTA',
      voucherDate: '2024-04-01',
    });
    expect(fdParams({ since: '2024-03-31T18:20:00Z', finYear: '2023' }, ctx).finYear).toBe('2023');
    // Legacy §2.6: the calendar year of the look-back instant, which is not the financial year in January–March.
    expect(fdParams({ since: '2025-01-15T10:00:00+05:30' }, ctx)).toMatchObject({
      finYear: '2025',
      voucherDate: '2025-01-15',
    });
    expect(fdParams({ since: '2024-12-31T18:40:00Z' }, ctx).finYear).toBe('2025'); // 00:10 IST on 1 January
  });

  it('COR and FTPS carry our department code and both bill dates in IST', () => {
    const cor = corParams(
      {
        jitCorBillNo: 'COR/1',
        jitCorBillDate: JUST_AFTER_MIDNIGHT_IST,
        orgBillRefNo: 'R',
        orgBillNo: 'B',
        orgBillDate: '2024-03-01T10:00:00+05:30',
        beneficiaries: [
          {
            benefId: 'BN-1',
            curBillRefNo: 'R',
            orgAccountNo: '1',
            orgIfsc: 'I',
            curAccountNo: '1',
            curIfsc: 'I',
            correctedAccountNo: '2',
            correctedIfsc: 'J',
          },
        ],
      },
      ctx,
    );
    expect(cor).toMatchObject({
      jitCorBillDeptCode: 'MUKTA',
      jitCorBillDate: '2024-04-01 00:10:00',
      jitOrgBillDate: '2024-03-01 10:00:00',
      beneficiaryDetails: [{ jitCurBillRefNo: 'R', correctedAccountNo: '2' }],
    });
    expect(
      ftpsParams({ jitCorBillNo: 'C', jitCorBillDate: 0, orgBillNo: 'B', orgBillRefNo: 'R', orgBillDate: 0 }, ctx)
        .jitCorBillDeptCode,
    ).toBe('MUKTA');
  });
});

describe('the gateway refuses a bad request before anything is sent', () => {
  const config = loadConfig({ NODE_ENV: 'test' });
  const fetchSpy = vi.fn<typeof fetch>();
  const gateway = createTreasuryGateway({
    config: config.treasury,
    audit: config.audit,
    // Never touched: validation happens before the session or the audit log are needed.
    db: {} as Knex,
    log: pino({ level: 'silent' }),
    registry: new Registry(),
    fetch: fetchSpy,
    publicKeyPem: 'unused',
  });

  it.each([
    ['fractional paise', { amountPaise: 12.5 }],
    ['negative paise', { amountPaise: -100 }],
  ])('PI with %s → TreasuryRequestInvalid', async (_name, change) => {
    const input = piInput('PI-X', ['100000000001']);
    Object.assign(input.beneficiaries[0]!, change);
    await expect(gateway.postPaymentInstruction(input)).rejects.toBeInstanceOf(TreasuryRequestInvalidError);
  });

  it('an instant without an offset, an empty bill number, no beneficiaries → TreasuryRequestInvalid', async () => {
    await expect(
      gateway.instructionStatus({ jitBillNo: 'B', jitBillDate: '2024-04-01T10:00:00', ssuIaId: '1' }),
    ).rejects.toBeInstanceOf(TreasuryRequestInvalidError);
    await expect(gateway.instructionStatus({ jitBillNo: ' ', jitBillDate: 0, ssuIaId: '1' })).rejects.toThrow(
      /jitBillNo/,
    );
    await expect(gateway.postPaymentInstruction(piInput('PI-Y', []))).rejects.toThrow(/beneficiaryDetails/);
    expect(fetchSpy).not.toHaveBeenCalled();
    await gateway.close();
  });
});
