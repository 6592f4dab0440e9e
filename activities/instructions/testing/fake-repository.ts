import { MockActivityEnvironment } from '@temporalio/testing';
import { paidStatusOf, PI_STATUSES_PAID, type PiStatus, type ReturnedBeneficiary } from '../../../contracts';
import type { ReleaseFundsInput } from '../../../db/funds/types';
import type { InstructionRepository } from '../../../db/lifecycle/repository';
import type { BeneficiaryRow, InstructionRow } from '../../../db/lifecycle/rows';
import type { TreasuryGateway } from '../../../treasury';

/** A PREPARED original PI with its sanction recorded, as the post activity finds it after reservation. */
export function preparedInstruction(overrides: Partial<InstructionRow> = {}): InstructionRow {
  return {
    pi_number: 'PI/T/1',
    tenant_id: 'tenant-1',
    bill_number: 'BILL/T/1',
    payment_workflow_id: 'payment-1',
    kind: 'ORIGINAL',
    original_pi_number: null,
    corrects_pi_number: null,
    status: 'PREPARED',
    amount_paise: 250_00,
    beneficiary_count: 1,
    jit_bill_date: new Date('2026-06-01T10:00:00Z'),
    master_allotment_id: 'MA-1',
    hoa_code: 'HOA-1',
    ddo_code: 'DDO-1',
    ssu_id: 'SSU-1',
    scheme_code: 'SCH-1',
    grantee_ag_code: 'AG-1',
    ssu_allotment_id: 'SA-1',
    allotment_txn_sl_no: '1',
    pmt_inst_id: null,
    pay_inst_date: null,
    fin_year: null,
    bill_ref_no: null,
    token_number: null,
    token_date: null,
    post_attempted_at: null,
    stuck_stage: null,
    stuck_since: null,
    stuck_reason: null,
    stuck_evidence: null,
    error: null,
    created_at: new Date('2026-06-01T10:00:00Z'),
    updated_at: new Date('2026-06-01T10:00:00Z'),
    ...overrides,
  };
}

export function beneficiaryOf(pi: InstructionRow, n: number, overrides: Partial<BeneficiaryRow> = {}): BeneficiaryRow {
  return {
    pi_number: pi.pi_number,
    beneficiary_number: `BN/${n}`,
    name: `Payee ${n}`,
    account_number: `1000000000${n}`,
    ifsc: 'SBIN0000041',
    cur_pi_number: null,
    org_account_number: null,
    org_ifsc: null,
    cur_account_number: null,
    cur_ifsc: null,
    amount_paise: 250_00,
    type: 'IND',
    mobile: '9000000000',
    address: 'Bhubaneswar',
    status: 'PENDING',
    utr_no: null,
    utr_date: null,
    failure_reason: null,
    challan_number: null,
    challan_date: null,
    line_item_ids: [],
    ...overrides,
  };
}

export interface RecordedTransition {
  piNumber: string;
  to: PiStatus;
  fields?: Record<string, unknown>;
  detail?: Record<string, unknown>;
}

/**
 * The lifecycle tables in memory, with the same conditional rules as `db/lifecycle` where the
 * activities rely on them: a `from` transition needs the current status; returns count once.
 */
export function fakeInstructionRepository(rows: InstructionRow[], beneficiaries: BeneficiaryRow[] = []) {
  const pis = new Map(rows.map((r) => [r.pi_number, { ...r }]));
  const bens = beneficiaries.map((b) => ({ ...b }));
  const transitions: RecordedTransition[] = [];
  const releases: ReleaseFundsInput[] = [];
  const postingMarks: Array<'marked' | 'unmarked'> = [];

  const get = (piNumber: string) => {
    const pi = pis.get(piNumber);
    if (!pi) throw new Error(`no PI ${piNumber}`);
    return pi;
  };
  const move = (
    piNumber: string,
    to: PiStatus,
    options: { fields?: Record<string, unknown>; detail?: Record<string, unknown> },
  ) => {
    Object.assign(get(piNumber), options.fields ?? {}, { status: to });
    transitions.push({ piNumber, to, fields: options.fields, detail: options.detail });
  };

  const tables: Synchronous<InstructionRepository> = {
    instruction: (piNumber) => ({ ...get(piNumber) }),
    beneficiaries: (piNumber) => bens.filter((b) => b.pi_number === piNumber).map((b) => ({ ...b })),
    otherRevisionIn: (pi, statuses) =>
      [...pis.values()].find(
        (o) =>
          o.kind === 'REVISED' &&
          o.original_pi_number === pi.original_pi_number &&
          o.pi_number !== pi.pi_number &&
          statuses.includes(o.status),
      )?.pi_number,
    markPosting: (piNumber) => {
      Object.assign(get(piNumber), { status: 'POSTING', post_attempted_at: new Date() });
      postingMarks.push('marked');
    },
    unmarkPosting: (piNumber) => {
      Object.assign(get(piNumber), { status: 'PREPARED', post_attempted_at: null });
      postingMarks.push('unmarked');
    },
    transition: (pi, to, options = {}) => {
      if (options.from && get(pi.pi_number).status !== options.from) return false;
      move(pi.pi_number, to, options);
      if (options.beneficiaryStatus) {
        for (const b of bens)
          if (b.pi_number === pi.pi_number && b.status !== 'FAILED') b.status = options.beneficiaryStatus;
      }
      return true;
    },
    accept: (pi, how) => move(pi.pi_number, 'INITIATED', { detail: { how } }),
    supersede: (piNumber, supersededBy) => {
      const status = get(piNumber).status;
      if (!PI_STATUSES_PAID.has(status)) return { superseded: status === 'COMPLETED' };
      move(piNumber, 'COMPLETED', { detail: { supersededBy } });
      return { superseded: true };
    },
    recordScroll: (pi, lines, fields) => {
      for (const line of lines) {
        const b = bens.find((x) => x.pi_number === pi.pi_number && x.beneficiary_number === line.beneficiaryNumber);
        if (b && b.status !== 'FAILED' && b.status !== 'SUCCESS')
          Object.assign(b, { status: 'SUCCESS', utr_no: line.utrNo });
      }
      Object.assign(get(pi.pi_number), fields);
      const own = bens.filter((b) => b.pi_number === pi.pi_number);
      const outstanding = own.filter((b) => b.status !== 'SUCCESS' && b.status !== 'FAILED').length;
      if (outstanding === 0) move(pi.pi_number, paidStatusOf(own), {});
      return outstanding;
    },
    recordReturns: (pi, returned) => {
      const newly: ReturnedBeneficiary[] = [];
      for (const r of returned) {
        const b = bens.find((x) => x.pi_number === pi.pi_number && x.beneficiary_number === r.beneficiaryNumber);
        if (b && b.status !== 'FAILED') {
          Object.assign(b, { status: 'FAILED', failure_reason: r.reason });
          newly.push(r);
        }
      }
      // As the repository: a paid PI's status follows its beneficiaries; before that, PD decides.
      const own = bens.filter((b) => b.pi_number === pi.pi_number);
      if (PI_STATUSES_PAID.has(get(pi.pi_number).status) && newly.length > 0) move(pi.pi_number, paidStatusOf(own), {});
      return newly;
    },
    failedAmong: (piNumber, numbers) =>
      bens.filter((b) => b.pi_number === piNumber && b.status === 'FAILED' && numbers.includes(b.beneficiary_number)),
    writeEvidence: (piNumber, evidence) => {
      const pi = get(piNumber);
      if (pi.status !== 'UNCONFIRMED') return false;
      pi.stuck_evidence = evidence;
      return true;
    },
    failUnconfirmed: (piNumber, reason, detail) => {
      const pi = pis.get(piNumber);
      if (!pi || pi.status !== 'UNCONFIRMED') return undefined;
      const before = { ...pi };
      move(piNumber, 'FAILED', { fields: { error: reason }, detail: detail(before) });
      return before;
    },
    flagStuck: (input) => {
      Object.assign(get(input.piNumber), { stuck_stage: input.stuck ? input.stage : null });
    },
    releaseFunds: (input) => {
      releases.push(input);
      return { outcome: 'RELEASED', amountPaise: input.amountPaise ?? 0, sanctionId: 1, remainingPaise: 0 };
    },
  };
  const repository = promised(tables);
  return { repository, pis, bens, transitions, releases, postingMarks };
}

type Synchronous<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never;
};

/** The repository's interface over synchronous in-memory implementations. */
function promised<T>(tables: Synchronous<T>): T {
  const entries = Object.entries(tables as Record<string, (...args: unknown[]) => unknown>);
  return Object.fromEntries(
    entries.map(([name, f]) => [name, (...args: unknown[]) => Promise.resolve().then(() => f(...args))]),
  ) as T;
}

/** A gateway whose every service fails the test unless the test gives it an answer. */
export type TreasuryAnswers = Partial<Synchronous<Omit<TreasuryGateway, 'breakerStates' | 'close'>>>;

export function fakeTreasury(answers: TreasuryAnswers): TreasuryGateway & { calls: string[] } {
  const calls: string[] = [];
  const unexpected = (name: string) => () => {
    throw new Error(`unexpected treasury call ${name}`);
  };
  const services = [
    'virtualAllotment',
    'postPaymentInstruction',
    'instructionStatus',
    'paymentAdvice',
    'paymentDetails',
    'failureDetails',
    'postCorrection',
    'correctionPaymentStatus',
    'correctionFailureStatus',
  ] as const;
  const gateway = { calls, breakerStates: () => ({}) as never, close: () => Promise.resolve() } as Record<
    string,
    unknown
  >;
  for (const name of services) {
    const answer = (answers[name] ?? unexpected(name)) as (...args: unknown[]) => unknown;
    gateway[name] = (...args: unknown[]) => {
      calls.push(name);
      return Promise.resolve().then(() => answer(...args));
    };
  }
  return gateway as unknown as TreasuryGateway & { calls: string[] };
}

const quiet = () => undefined;

/** Runs an activity in a mocked activity context whose logger keeps test output for failures (activities log at info). */
export function runActivity<R>(call: () => Promise<R>): Promise<R> {
  const env = new MockActivityEnvironment(undefined, {
    logger: { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
  return env.run(call);
}

/** The deps of the PI activities over one PI (and its beneficiaries) in memory and a scripted treasury. */
export function fakeInstructionDeps(pi: InstructionRow, beneficiaries: BeneficiaryRow[], answers: TreasuryAnswers) {
  const db = fakeInstructionRepository([pi], beneficiaries);
  const treasury = fakeTreasury(answers);
  return { db, treasury, deps: { treasury, instructions: db.repository } };
}
