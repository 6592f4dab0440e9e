import express, { type Router } from 'express';
import { z } from 'zod';
import type { AdjustableClock } from './clock';
import type { FaultInjector } from './faults';
import { formatIstDateTime, parseIst } from './ist';
import { parseRupees } from './money';
import { ALLOTMENT_TXN_TYPES } from './seed/schema';
import { allotmentRow } from './services/va';
import type { SessionStore } from './sessions';
import { LedgerError } from './state/allotments';
import { piStage } from './state/records';
import type { TreasuryState } from './state/treasury-state';

export interface AdminDeps {
  state: TreasuryState;
  sessions: SessionStore;
  faults: FaultInjector;
  clock: AdjustableClock;
  publicKeyPem: string;
}

const rupees = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const paise = parseRupees(v);
  if (paise === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be a rupee amount with at most 2 decimals' });
    return z.NEVER;
  }
  return paise;
});

const allotmentBodySchema = z
  .object({
    ddoCode: z.string().trim().min(1),
    hoa: z.string().trim().min(1),
    type: z.enum(ALLOTMENT_TXN_TYPES).default('Additional allotment'),
    /** Rupees ("1000" or "1000.50"), or `amountPaise`. */
    amount: rupees.optional(),
    amountPaise: z.number().int().positive().optional(),
    mstAllotmentDistId: z.string().trim().min(1).optional(),
    sanctionedAmount: rupees.optional(),
    sanctionedPaise: z.number().int().positive().optional(),
    schemeCode: z.string().trim().min(1).optional(),
    schemeName: z.string().trim().min(1).optional(),
    ssuAllotmentId: z.string().trim().min(1).optional(),
    /** IST `yyyy-MM-dd HH:mm:ss`; default now. */
    recordedAt: z
      .string()
      .refine((v) => parseIst(v) !== undefined, 'must be IST yyyy-MM-dd HH:mm:ss')
      .optional(),
  })
  .strict()
  .refine((b) => (b.amount === undefined) !== (b.amountPaise === undefined), 'give exactly one of amount, amountPaise');

const timeBodySchema = z
  .object({ advanceMs: z.number().int().min(0).optional(), offsetMs: z.number().int().min(0).optional() })
  .strict()
  .refine((b) => (b.advanceMs === undefined) !== (b.offsetMs === undefined), 'give exactly one of advanceMs, offsetMs');

/**
 * `/admin`: drive the simulator from tests and benchmarks (JSON in, JSON out). Not part of the
 * treasury's protocol; bind the simulator to localhost.
 */
export function createAdminRouter(deps: AdminDeps): Router {
  const { state, sessions, faults, clock } = deps;
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/faults', (_req, res) => {
    res.json(faults.config);
  });

  router.post('/faults', (req, res) => {
    try {
      res.json(faults.configure(req.body ?? {}));
    } catch (err) {
      badRequest(res, err);
    }
  });

  router.delete('/faults', (_req, res) => {
    faults.clear();
    res.json(faults.config);
  });

  router.get('/dialect', (_req, res) => {
    res.json(state.dialect.config);
  });

  router.post('/dialect', (req, res) => {
    try {
      res.json(state.dialect.configure(req.body ?? {}));
    } catch (err) {
      badRequest(res, err);
    }
  });

  router.delete('/dialect', (_req, res) => {
    res.json(state.dialect.configure({}));
  });

  router.post('/sessions/expire', (_req, res) => {
    res.json({ expired: sessions.expireAll() });
  });

  router.get('/received', (_req, res) => {
    res.json(state.received.snapshot());
  });

  router.delete('/received', (_req, res) => {
    state.received.clear();
    res.json(state.received.snapshot());
  });

  router.post('/allotments', (req, res) => {
    const parsed = allotmentBodySchema.safeParse(req.body);
    if (!parsed.success) {
      badRequest(res, parsed.error);
      return;
    }
    const b = parsed.data;
    try {
      const txn = state.addAllotment({
        ddoCode: b.ddoCode,
        hoa: b.hoa,
        type: b.type,
        amountPaise: (b.amountPaise ?? b.amount)!,
        mstAllotmentDistId: b.mstAllotmentDistId,
        sanctionedPaise: b.sanctionedPaise ?? b.sanctionedAmount,
        schemeCode: b.schemeCode,
        schemeName: b.schemeName,
        ssuAllotmentId: b.ssuAllotmentId,
        recordedAt: b.recordedAt === undefined ? undefined : parseIst(b.recordedAt),
      });
      const ssu = state.ledger.ssuByDdo(b.ddoCode)!;
      const master = state.ledger.master(txn.mstAllotmentDistId)!;
      res.status(201).json({
        ...allotmentRow(ssu, master, txn),
        spendableBalance: state.availablePaise(txn.mstAllotmentDistId),
      });
    } catch (err) {
      if (err instanceof LedgerError) {
        res.status(409).json({ error: err.message });
        return;
      }
      throw err;
    }
  });

  router.get('/time', (_req, res) => {
    res.json(timeView(clock));
  });

  router.post('/time', (req, res) => {
    const parsed = timeBodySchema.safeParse(req.body);
    if (!parsed.success) {
      badRequest(res, parsed.error);
      return;
    }
    const { advanceMs, offsetMs } = parsed.data;
    const step = advanceMs ?? (offsetMs ?? 0) - clock.offsetMs;
    if (step < 0) {
      res.status(409).json({ error: `the clock only moves forward (offset is already ${clock.offsetMs} ms)` });
      return;
    }
    clock.advance(step);
    res.json(timeView(clock));
  });

  // Bill numbers contain slashes: URL-encode them (`MUKTA%2F2022-23%2F05%2F25%2F105`).
  router.get('/pi/:billNo', (req, res) => {
    const pi = state.paymentInstruction(req.params.billNo);
    if (!pi) {
      res.status(404).json({ error: `no payment instruction ${req.params.billNo}` });
      return;
    }
    const now = clock.now();
    res.json({
      jitBillNo: pi.jitBillNo,
      stage: piStage(pi, now),
      rejected: pi.rejected,
      pmtInstId: pi.pmtInstId,
      onlineBillRefNo: pi.onlineBillRefNo,
      tokenNumber: pi.tokenNumber,
      voucherNo: pi.voucherNo,
      receivedAt: formatIstDateTime(pi.receivedAt),
      approvalAt: formatIstDateTime(pi.approvalAt),
      adviceAt: formatIstDateTime(pi.adviceAt),
      disbursedAt: formatIstDateTime(pi.disbursedAt),
      beneficiaries: pi.beneficiaries.map((b) => ({
        benefId: b.benefId,
        paidAt: formatIstDateTime(b.paidAt),
        returned: b.returned && { reason: b.returned.reason, visibleAt: formatIstDateTime(b.returned.visibleAt) },
      })),
    });
  });

  router.post('/pi/:billNo/reject', (req, res) => {
    const outcome = state.rejectPaymentInstruction(req.params.billNo);
    if (outcome === 'ALREADY_DECIDED') {
      res.status(409).json({ error: 'the SSU has already approved this bill', outcome });
      return;
    }
    res.status(outcome === 'WILL_REJECT' ? 202 : 200).json({ jitBillNo: req.params.billNo, outcome });
  });

  router.get('/public-key', (_req, res) => {
    res.type('application/x-pem-file').send(deps.publicKeyPem);
  });

  return router;
}

function timeView(clock: AdjustableClock) {
  const now = clock.now();
  return { now, ist: formatIstDateTime(now), offsetMs: clock.offsetMs };
}

function badRequest(res: express.Response, err: unknown): void {
  if (err instanceof z.ZodError) {
    res.status(400).json({
      error: 'invalid request',
      issues: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
    return;
  }
  res.status(400).json({ error: err instanceof Error ? err.message : 'invalid request' });
}
