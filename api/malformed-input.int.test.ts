import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billInput } from './schemas/payments';
import { validBillBody } from './testing/bill-body';
import { bearer, TEST_WEBHOOK_SECRET } from './testing/harness';
import { EMPTY_FOOTPRINT, openIdleApi, type IdleApi } from './testing/idle-api';
import { signBody } from '../security/webhook-signature';
import { Prng } from '../lib/prng';

const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const validBill = (n: number) => ({
  ...validBillBody(`FUZZ-${n}`),
  headOfAccountCodes: ['221705800358641045908'],
});

const WRONG_TYPES: unknown[] = [null, true, 0, -1, 1.5, '', 'x', [], {}, [1, 2], { a: 1 }];
const UNICODE = ['ବିଲ୍', '😀😀', 'A\u0000B', '\u202eLTR', 'Ａ１２', 'SBIN\u00a00000041', '１２３４５６７８９０', 'é'];
const BAD_PAISE: unknown[] = [-1, -150000, 0, 0.5, 100.25, 1e-7, 2 ** 53, 2 ** 64, -0.0001, '150000', null, [150000]];
// Fields whose values are pattern- or type-restricted, so any mutation below makes the bill invalid.
const STRICT_FIELDS = ['accountNumber', 'ifsc', 'amountPaise', 'type', 'lineItemIds'] as const;
const REQUIRED_FIELDS = ['name', 'accountNumber', 'ifsc', 'amountPaise', 'type', 'lineItemIds'] as const;

type Bill = ReturnType<typeof validBill> & Record<string, unknown>;
type Mutation = (b: Bill, r: Prng) => unknown;
const b0 = (b: Bill) => b.beneficiaries[0] as Record<string, unknown>;

const MUTATIONS: Mutation[] = [
  (b, r) => ({ ...b, billNumber: r.pick(WRONG_TYPES.filter((v) => typeof v !== 'string' || v === '')) }),
  (b, r) => {
    b0(b)[r.pick(STRICT_FIELDS)] = r.pick(WRONG_TYPES);
    return b;
  },
  (b, r) => {
    b0(b).amountPaise = r.pick(BAD_PAISE);
    return b;
  },
  (b, r) => ({ ...b, billNumber: `B${r.pick(UNICODE)}` }),
  (b, r) => {
    b0(b)[r.pick(['accountNumber', 'ifsc'] as const)] = r.pick(UNICODE);
    return b;
  },
  (b, r) => ({ ...b, billNumber: 'B'.repeat(65 + r.int(200_000)) }),
  (b, r) => {
    b0(b).name = 'N'.repeat(101 + r.int(200_000));
    return b;
  },
  (b, r) => {
    delete b0(b)[r.pick(REQUIRED_FIELDS)];
    return b;
  },
  (b, r) => {
    const { billNumber: _n, beneficiaries: _b, ...rest } = b;
    return r.int(2) === 0 ? { ...rest, beneficiaries: b.beneficiaries } : { ...rest, billNumber: b.billNumber };
  },
  (b, r) => ({ ...b, [r.pick(['extra', 'status', 'submittedBy', 'tenantId', 'policy'])]: r.pick(WRONG_TYPES) }),
  (b, r) => {
    b0(b)[r.pick(['pan', 'email', 'status', 'beneficiaryNumber'])] = 'x';
    return b;
  },
  (b) => JSON.parse(JSON.stringify(b).replace('{', '{"__proto__":{"admin":true},')) as unknown,
  (b) => ({ ...b, beneficiaries: [] }),
  (b) => ({ ...b, beneficiaries: Array.from({ length: 501 }, () => b0(b)) }),
  (b, r) => ({ ...b, headOfAccountCodes: r.pick([[], ['HOA'], [1], 'x', [null]]) }),
  (b) => ({ ...b, beneficiaries: [b0(b), { ...b0(b), amountPaise: 2 ** 53 - 1 }] }),
  (_b, r) => r.pick([null, 42, 'bill', [], [validBill(0)], true]),
];

/** A raw body: JSON of a mutated bill (1 to 3 mutations), or text that is not JSON at all. */
function malformedBody(r: Prng, n: number): { raw: string; json?: unknown } {
  if (r.int(20) === 0) {
    return { raw: r.pick(['{', '{"billNumber":', '[1,2', 'nul', "{'a':1}", '{"a":1}}', '\u0000', '{"a":NaN}']) };
  }
  let body: unknown = validBill(n);
  for (let i = 0, count = 1 + r.int(3); i < count; i += 1) {
    // Later mutations edit the first beneficiary: stop once an earlier one removed it.
    const first = (body as Bill | null)?.beneficiaries?.[0] as unknown;
    if (Array.isArray(body) || first === null || typeof first !== 'object' || Array.isArray(first)) break;
    body = r.pick(MUTATIONS)(body as Bill, r);
  }
  return { raw: JSON.stringify(body), json: body };
}

let api: IdleApi;
let auth: string;

beforeAll(async () => {
  api = await openIdleApi('fuzz');
  auth = await bearer(api.tenant.tenantId, 'EMPLOYEE');
});
afterAll(async () => {
  await api?.close();
});

const footprint = async () => ({ ...(await api.footprint()), workflows: await api.workflows() });

describe('1,000 malformed submissions', () => {
  it(`never answer 5xx, write nothing and start nothing (seed ${SEED})`, async () => {
    const before = await footprint();
    expect(before).toEqual({ ...EMPTY_FOOTPRINT, workflows: 0 });
    const r = new Prng(SEED);
    const statuses = new Map<number, number>();
    const cases = Array.from({ length: 999 }, (_, n) => ({ n, ...malformedBody(r, n), webhook: r.int(10) === 0 }));
    for (const c of cases) {
      // The generator must only make invalid bills: guard against a mutation that happens to be valid.
      if (c.json !== undefined) expect(billInput.safeParse(c.json).success, c.raw.slice(0, 200)).toBe(false);
    }
    const send = (c: (typeof cases)[number]) => {
      if (c.webhook) {
        const raw =
          c.json === undefined
            ? c.raw
            : JSON.stringify({ eventId: `fuzz-event-${c.n}`, tenantId: api.tenant.tenantId, bill: c.json });
        const ts = String(Math.floor(Date.now() / 1000));
        return request(api.server)
          .post('/webhooks/bills')
          .set('Content-Type', 'application/json')
          .set('X-Timestamp', ts)
          .set('X-Signature', signBody(TEST_WEBHOOK_SECRET, ts, raw))
          .send(raw);
      }
      return request(api.server)
        .post('/api/v1/payments')
        .set('Authorization', auth)
        .set('Content-Type', 'application/json')
        .set('Idempotency-Key', `fuzz-key-${SEED}-${c.n}`)
        .send(c.raw);
    };
    for (let i = 0; i < cases.length; i += 25) {
      const batch = cases.slice(i, i + 25);
      const responses = await Promise.all(batch.map(send));
      responses.forEach((res, j) => {
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `case ${batch[j]!.n}: ${batch[j]!.raw.slice(0, 200)}`).toBeLessThan(500);
        expect([400, 413]).toContain(res.status);
        expect(res.body.error.code).toMatch(/^(VALIDATION_FAILED|MALFORMED_JSON|BODY_TOO_LARGE)$/);
      });
    }
    // The thousandth: a 10 MB body, refused by size before it is parsed.
    const huge = await request(api.server)
      .post('/api/v1/payments')
      .set('Authorization', auth)
      .set('Content-Type', 'application/json')
      .set('Idempotency-Key', `fuzz-key-${SEED}-huge`)
      .send(JSON.stringify({ ...validBill(1000), padding: 'x'.repeat(10 * 1024 * 1024) }));
    expect([huge.status, huge.body.error?.code]).toEqual([413, 'BODY_TOO_LARGE']);
    statuses.set(413, (statuses.get(413) ?? 0) + 1);

    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(1000);
    expect(statuses.get(400)).toBeGreaterThan(800);
    expect(await footprint()).toEqual(before);
  });
});
