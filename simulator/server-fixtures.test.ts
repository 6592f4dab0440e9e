import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import { parseIst } from './ist';
import { startSimulator, type RunningSimulator } from './server';
import { DEFAULT_FAILURE_RULES } from './state/failure-rules';
import { keyPaths, loadSample, sampleRequestFiles } from './testing/fixtures';
import { authenticate, callService, type RawSession } from './testing/raw-client';
import { TEST_DELAYS } from './testing/state';

/**
 * The treasury's own sample requests, encrypted and posted over HTTP after seeding what they refer to;
 * every answer must have the shape of the matching sample response.
 */
type Sample = { serviceId?: string; serviceID?: string; params: Record<string, unknown> };
type Envelope = NonNullable<Awaited<ReturnType<typeof callService>>['envelope']>;

let sim: RunningSimulator;
let session: RawSession;
const clock = new ManualClock(parseIst('2023-06-01 09:00:00')!);

beforeAll(async () => {
  sim = await startSimulator({
    clock,
    delays: TEST_DELAYS,
    failureRules: [
      // The correction sample's original and corrected accounts: returned, so COR and FTFPS have something to say.
      { accountSuffix: '100000000005', outcome: 'return', reason: 'Account does not exist' },
      { accountSuffix: '100000000006', outcome: 'return', reason: 'Account does not exist.' },
      ...DEFAULT_FAILURE_RULES,
    ],
  });
  // Identifiers the later samples quote (PAG's pmtInstId, PD's billRefNo/token, COR's original bill reference).
  sim.state.presetPaymentInstruction('MUKTA/2022-23/05/25/105', {
    identifiers: { pmtInstId: '858', onlineBillRefNo: '202311171279', tokenNumber: '4' },
  });
  sim.state.presetPaymentInstruction('MUKTA2399', { identifiers: { onlineBillRefNo: '202211033261' } });
  session = await authenticate(sim.url, sim.publicKeyPem);
});

afterAll(() => sim.close());

async function post(payload: unknown): Promise<Envelope> {
  const result = await callService(sim.url, session, payload);
  expect(result.status, result.text).toBe(200);
  expect(result.contentType).toMatch(/^text\/plain/);
  expect(result.envelope).toBeDefined();
  return result.envelope!;
}

function expectShape(actual: Envelope, sampleFile: string): void {
  expect(actual.data.length, `${sampleFile}: expected data`).toBeGreaterThan(0);
  expect([...keyPaths(actual)].sort()).toEqual([...keyPaths(loadSample(sampleFile))].sort());
}

/** The correction sample's original bill: one beneficiary, sent with a leading space in neither field. */
function originalOfCorrectionSample(): Sample {
  const pi = loadSample<Sample>('2PIRequest.json');
  const [benef] = pi.params.beneficiaryDetails as Array<Record<string, string>>;
  return {
    serviceId: 'PI',
    params: {
      ...pi.params,
      jitBillNo: 'MUKTA2399',
      jitBillDate: '2023-03-18 16:26:42',
      billGrossAmount: '100',
      billNetAmount: '100',
      billNumberOfBenf: '1',
      beneficiaryDetails: [
        {
          ...benef,
          benefId: '16032023001',
          benfAcctNo: '100000000005',
          benfBankIfscCode: 'SBIN0000041',
          benfAmount: '100',
        },
      ],
    },
  };
}

describe('the treasury samples over HTTP', () => {
  it('walks every sample request through a bill lifecycle with sample-shaped answers', async () => {
    expectShape(await post(loadSample('1VARequest.json')), '1VAResponse.json');

    expectShape(await post(loadSample('2PIRequest.json')), '2PIResponse.json');
    expectShape(await post(loadSample('2PIRequest-new.json')), '2PIResponse.json');
    expectShape(await post(originalOfCorrectionSample()), '2PIResponse.json');
    const badIfsc = structuredClone(loadSample<Sample>('2PIRequest-new.json'));
    badIfsc.params.jitBillNo = 'MUKTA/BAD-IFSC';
    for (const b of badIfsc.params.beneficiaryDetails as Array<Record<string, string>>)
      b.benfBankIfscCode = 'ICIC1003892';
    const invalid = await post(badIfsc);
    expect(invalid.errorMsgs).toEqual([
      { errorCode: '340', errorMsg: 'Wrong IFSC provided in Beneficiary Details for BenefId 1' },
      { errorCode: '340', errorMsg: 'Wrong IFSC provided in Beneficiary Details for BenefId 2' },
    ]);
    expect([...keyPaths(invalid)].sort()).toEqual([...keyPaths(loadSample('2PIErrorResponse.json'))].sort());
    const rejected = structuredClone(loadSample<Sample>('2PIRequest-new.json'));
    rejected.params.jitBillNo = 'MUKTA/REJECT/1';
    await post(rejected);

    clock.advance(TEST_DELAYS.ssuApprovalDelayMs);
    expectShape(await post(loadSample('3PISRequest.json')), '3PISResponse.json');
    const rejection = await post({ serviceId: 'PIS', params: { jitBillNo: 'MUKTA/REJECT/1', ssuIaId: '1621' } });
    expect(rejection).toEqual({ ...loadSample('3PISRejectedResponse.json'), errorMsg: expect.any(String) });
    expect(rejection.errorMsg).toBe('This Bill Number MUKTA/REJECT/1 is rejected by SSU angul_op');

    clock.advance(TEST_DELAYS.adviceDelayMs);
    expectShape(await post(loadSample('4PAGRequest.json')), '4PAGResponse.json');

    clock.advance(TEST_DELAYS.disbursementDelayMs);
    expectShape(await post(loadSample('5PDRequest.json')), '5PDResponse.json');

    clock.advance(TEST_DELAYS.returnDelayMs);
    expectShape(await post(loadSample('6FDNewRequest.json')), '6FDNewResponse.json');
    expect(await post(loadSample('6FDRequest.json'))).toEqual({ serviceId: 'FD', errorMsg: null, data: [] });
    const perBill = await post({
      serviceId: 'FD',
      params: { finYear: '2023', extAppName: 'MUKTA', billRefNo: '202211033261', tokenNumber: tokenOf('MUKTA2399') },
    });
    // The older per-bill answer (6FDResponse) lacks benfId; the simulator adds it, as the bulk form has it.
    const oldShape = keyPaths(loadSample('6FDResponse.json'));
    expect([...oldShape].every((k) => keyPaths(perBill).has(k))).toBe(true);
    expect([...keyPaths(perBill)].filter((k) => !oldShape.has(k))).toEqual(['data[].benfDtls[].benfId']);

    const corFailure = structuredClone(loadSample<Sample>('7CORRequest.json'));
    corFailure.params.jitCorBillNo = 'COR/MUKTA2399/0';
    (corFailure.params.beneficiaryDetails as Array<Record<string, string>>)[0]!.correctedIfsc = 'SBIN00041';
    const failure = await post(corFailure);
    expect(failure.errorMsgs).toEqual([
      { errorCode: '322', errorMsg: 'Wrong IFSC provided in Beneficiary Details for BenefId 16032023001' },
    ]);
    expect([...keyPaths(failure)].sort()).toEqual([...keyPaths(loadSample('7CORFailure.json'))].sort());

    expectShape(await post(loadSample('7CORRequest.json')), '7CORSuccess.json');

    clock.advance(TEST_DELAYS.disbursementDelayMs);
    expectShape(await post(loadSample('8FTPSRequest.json')), '8FTPSResponse.json');

    clock.advance(TEST_DELAYS.returnDelayMs);
    expectShape(await post(loadSample('9FTFPSRequest.json')), '9FTFPSResponse.json');
  });

  it('accepts every sample request without a protocol error (after the lifecycle above)', async () => {
    const files = sampleRequestFiles();
    expect(files).toHaveLength(12);
    for (const file of files) {
      const sample = loadSample<Sample>(file);
      const answer = await post(sample);
      expect(answer.serviceId, file).toBe((sample.serviceId ?? sample.serviceID)!.trim());
      expect(answer.errorMsg ?? '', file).not.toMatch(/^Invalid (request|serviceId)/);
      for (const e of answer.errorMsgs ?? []) expect(e.errorCode, file).not.toBe('310');
    }
    expect(sim.state.received.snapshot().PI).toMatchObject({ 'MUKTA/2022-23/05/25/105': 2 });
  });
});

function tokenOf(billNo: string): string {
  return sim.state.paymentInstruction(billNo)!.tokenNumber;
}
