import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServiceResponse } from '../../treasury/response';
import type { JitServiceId } from '../service-ids';
import { JIT_SCHEMAS, matchSsuRejection } from '.';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(__dirname, '../../test/fixtures/jit-samples', name), 'utf8'));
const fixtureText = (name: string): string =>
  readFileSync(path.join(__dirname, '../../test/fixtures/jit-samples', name), 'utf8');

describe('request fixtures fit the params schemas', () => {
  const requests: Array<[string, JitServiceId]> = [
    ['1VARequest.json', 'VA'],
    ['2PIRequest.json', 'PI'],
    ['2PIRequest-new.json', 'PI'],
    ['3PISRequest.json', 'PIS'],
    ['4PAGRequest.json', 'PAG'],
    ['5PDRequest.json', 'PD'],
    ['6FDNewRequest.json', 'FD'],
    ['6FDRequest.json', 'FD'],
    ['request.json', 'FD'],
    ['7CORRequest.json', 'COR'],
    ['8FTPSRequest.json', 'FTPS'],
    ['9FTFPSRequest.json', 'FTFPS'],
  ];
  it.each(requests)('%s → %s params', (file, serviceId) => {
    const { params } = fixture(file) as { params: unknown };
    const parsed = JIT_SCHEMAS[serviceId].params.safeParse(params);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('trims the COR sample IFSC that carries a leading space', () => {
    const { params } = fixture('7CORRequest.json') as { params: unknown };
    const parsed = JIT_SCHEMAS.COR.params.parse(params);
    expect(parsed.beneficiaryDetails[0]?.orgIfsc).toBe('SBIN0000041');
  });

  it('refuses dates we would format wrongly and amounts with three decimals', () => {
    const { params } = fixture('3PISRequest.json') as { params: Record<string, unknown> };
    expect(JIT_SCHEMAS.PIS.params.safeParse({ ...params, jitBillDate: '2023-05-30 10:00:00' }).success).toBe(false);
    const pi = fixture('2PIRequest.json') as { params: Record<string, unknown> };
    expect(JIT_SCHEMAS.PI.params.safeParse({ ...pi.params, billNetAmount: '500.001' }).success).toBe(false);
    expect(JIT_SCHEMAS.FD.params.safeParse({ finYear: '2023', extAppName: 'MUKTA' }).success).toBe(false);
  });
});

describe('response fixtures parse into the right result kind', () => {
  it('VA → ok with every allotment transaction', () => {
    const result = parseServiceResponse('VA', fixtureText('1VAResponse.json'));
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(result.rows).toHaveLength(17);
    expect(result.rows[0]).toMatchObject({ mstAllotmentDistId: '920', allotmentAmount: '1000' });
    expect(result.rows.at(-1)?.allotmentTxnType).toBe('Allotment withdrawal');
  });

  it('PI success → ok with the acknowledgement', () => {
    const result = parseServiceResponse('PI', fixtureText('2PIResponse.json'));
    expect(result).toMatchObject({ kind: 'ok', rows: [{ jitBillNo: 'MUKTA/2022-23/05/30/105', successCode: '0' }] });
  });

  it('PI and COR acknowledgements whose successCode is not "0" → business_error, not accepted', () => {
    for (const [serviceId, file] of [
      ['PI', '2PIResponse.json'],
      ['COR', '7CORSuccess.json'],
    ] as const) {
      const answer = fixture(file) as { data: Array<Record<string, unknown>> };
      answer.data[0]!.successCode = '1';
      const result = parseServiceResponse(serviceId, JSON.stringify(answer));
      expect(result).toMatchObject({ kind: 'business_error', message: expect.stringMatching(/successCode 1/) });
    }
  });

  it('PI error → validation with both 340 codes', () => {
    const result = parseServiceResponse('PI', fixtureText('2PIErrorResponse.json'));
    expect(result).toEqual({
      kind: 'validation',
      errors: [
        { code: '340', message: 'Wrong IFSC provided in Beneficiary Details for BenefId 1603202301' },
        { code: '340', message: 'Wrong IFSC provided in Beneficiary Details for BenefId 1603202302' },
      ],
    });
  });

  it('PIS success → ok with pmtInstId and payInstDate', () => {
    const result = parseServiceResponse('PIS', fixtureText('3PISResponse.json'), {
      jitBillNo: 'MUKTA/2022-23/05/25/105',
    });
    expect(result).toMatchObject({ kind: 'ok', rows: [{ pmtInstId: '858', payInstDate: '2023-05-26 16:03:04' }] });
  });

  it('PIS rejection fixture → rejected, naming the SSU office', () => {
    const result = parseServiceResponse('PIS', fixtureText('3PISRejectedResponse.json'), {
      jitBillNo: 'MUKTA/2022-23/05/30/105',
    });
    expect(result).toEqual({
      kind: 'rejected',
      ssuOffice: 'angul_op',
      message: 'This Bill Number MUKTA/2022-23/05/30/105 is rejected by SSU angul_op',
    });
  });

  it('PIS rejection of a different bill is a business error, not our rejection', () => {
    const result = parseServiceResponse('PIS', fixtureText('3PISRejectedResponse.json'), {
      jitBillNo: 'MUKTA/2022-23/05/30/10',
    });
    expect(result.kind).toBe('business_error');
  });

  it('PAG → ok with bill ref and token; PD → ok with UTRs', () => {
    const pag = parseServiceResponse('PAG', fixtureText('4PAGResponse.json'));
    expect(pag).toMatchObject({ kind: 'ok', rows: [{ onlineBillRefNo: '202311171279', tokenNumber: '4' }] });
    const pd = parseServiceResponse('PD', fixtureText('5PDResponse.json'));
    expect(pd).toMatchObject({ kind: 'ok', rows: [{ benfDtls: [{ utrNo: 'RBI504' }, { benfId: '2' }] }] });
  });

  it('FD (bulk and old) → ok; trims failedReason; tolerates a line without benfId', () => {
    const bulk = parseServiceResponse('FD', fixtureText('6FDNewResponse.json'));
    expect(bulk.kind).toBe('ok');
    if (bulk.kind === 'ok') expect(bulk.rows[0]?.benfDtls[0]?.failedReason).toBe('Account does not exist');
    const old = parseServiceResponse('FD', fixtureText('6FDResponse.json'));
    expect(old).toMatchObject({ kind: 'ok', rows: [{ benfDtls: [{ challanNumber: '865820617' }] }] });
  });

  it('COR success → ok; COR failure → validation 322', () => {
    expect(parseServiceResponse('COR', fixtureText('7CORSuccess.json'))).toMatchObject({
      kind: 'ok',
      rows: [{ jitCorBillNo: 'COR/MUKTA2399' }],
    });
    expect(parseServiceResponse('COR', fixtureText('7CORFailure.json'))).toMatchObject({
      kind: 'validation',
      errors: [{ code: '322' }],
    });
  });

  it('FTPS → ok; FTFPS with the " FTFPS" serviceId → ok', () => {
    expect(parseServiceResponse('FTPS', fixtureText('8FTPSResponse.json'))).toMatchObject({
      kind: 'ok',
      rows: [{ billRefNo: '202211039244', tokenNumber: '35' }],
    });
    expect(parseServiceResponse('FTFPS', fixtureText('9FTFPSResponse.json'))).toMatchObject({
      kind: 'ok',
      rows: [{ benfDtls: [{ challanNumber: '865820616' }] }],
    });
  });

  it('no data and no error → not_ready', () => {
    expect(parseServiceResponse('PIS', '{"serviceId":"PIS","errorMsg":null,"data":[]}', { jitBillNo: 'X' })).toEqual({
      kind: 'not_ready',
    });
    expect(parseServiceResponse('PAG', '{"serviceId":"PAG"}')).toEqual({ kind: 'not_ready' });
  });
});

describe('SSU rejection wording (pinned)', () => {
  const bill = 'MUKTA/2022-23/05/30/105';
  it.each([
    ['This Bill Number MUKTA/2022-23/05/30/105 is rejected by SSU angul_op', 'angul_op'],
    ['  This Bill Number  MUKTA/2022-23/05/30/105 is rejected by SSU  angul op office ', 'angul op office'],
  ])('matches %j', (message, office) => {
    expect(matchSsuRejection(message, bill)).toEqual({ ssuOffice: office });
  });

  it.each([
    'This Bill Number MUKTA/2022-23/05/30/105 is not rejected by SSU angul_op',
    'This Bill Number MUKTA/2022-23/05/30/1050 is rejected by SSU angul_op',
    'This Bill Number XMUKTA/2022-23/05/30/105 is rejected by SSU angul_op',
    'Bill MUKTA/2022-23/05/30/105 rejected',
    'This Bill Number MUKTA/2022-23/05/30/105 is rejected by SSU',
    'Earlier: This Bill Number MUKTA/2022-23/05/30/105 is rejected by SSU angul_op',
  ])('does not match %j', (message) => {
    expect(matchSsuRejection(message, bill)).toBeNull();
  });

  it('treats regex metacharacters in bill numbers literally', () => {
    expect(
      matchSsuRejection('This Bill Number PI-1013/2023-24/000182 is rejected by SSU x', 'PI.1013/2023-24/000182'),
    ).toBeNull();
    expect(matchSsuRejection('This Bill Number A+B(1) is rejected by SSU x', 'A+B(1)')).toEqual({ ssuOffice: 'x' });
  });
});
