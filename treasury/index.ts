import type {
  BreakerState,
  CorrectionFailureStatusInput,
  CorrectionInput,
  CorrectionPaymentStatusInput,
  FailureDetailsInput,
  InstructionStatusInput,
  PaymentAdviceInput,
  PaymentDetailsInput,
  PaymentInstructionInput,
  TreasuryResult,
  VirtualAllotmentInput,
} from '../contracts/treasury';
import type { CorRow, FdRow, FtfpsRow, FtpsRow, PagRow, PdRow, PiRow, PisRow, VaRow } from '../jit/schemas';
import type { JitServiceId } from '../jit/service-ids';
import { createServiceCaller, type CallOptions, type TreasuryGatewayDeps } from './gateway';
import {
  corParams,
  fdParams,
  ftfpsParams,
  ftpsParams,
  pagParams,
  pdParams,
  piParams,
  pisParams,
  vaParams,
} from './params';

export interface TreasuryGateway {
  /** VA: allotment transactions since `fromDate`. */
  virtualAllotment(input: VirtualAllotmentInput, options?: CallOptions): Promise<TreasuryResult<VaRow>>;
  /** PI: post a bill. A `validation`/`business_error` may be a duplicate: see `isDuplicateInstruction`. */
  postPaymentInstruction(input: PaymentInstructionInput, options?: CallOptions): Promise<TreasuryResult<PiRow>>;
  /** PIS: `ok` once the SSU approved, `rejected` if it rejected this very bill, `not_ready` before. */
  instructionStatus(input: InstructionStatusInput, options?: CallOptions): Promise<TreasuryResult<PisRow>>;
  /** PAG: the payment advice (bill reference and token). */
  paymentAdvice(input: PaymentAdviceInput, options?: CallOptions): Promise<TreasuryResult<PagRow>>;
  /** PD: the debit scroll with UTRs per beneficiary. */
  paymentDetails(input: PaymentDetailsInput, options?: CallOptions): Promise<TreasuryResult<PdRow>>;
  /** FD: returns since an instant (bulk). `not_ready` means none. */
  failureDetails(input: FailureDetailsInput, options?: CallOptions): Promise<TreasuryResult<FdRow>>;
  /** COR: post a correction for failed beneficiaries. */
  postCorrection(input: CorrectionInput, options?: CallOptions): Promise<TreasuryResult<CorRow>>;
  /** FTPS: payment status of a correction. */
  correctionPaymentStatus(input: CorrectionPaymentStatusInput, options?: CallOptions): Promise<TreasuryResult<FtpsRow>>;
  /** FTFPS: failures of a correction. */
  correctionFailureStatus(
    input: CorrectionFailureStatusInput,
    options?: CallOptions,
  ): Promise<TreasuryResult<FtfpsRow>>;
  /** Circuit breaker state per service id, for health endpoints and the operator inbox. */
  breakerStates(): Record<JitServiceId, BreakerState>;
  /** Stops the breakers' timers. The database handle belongs to the caller. */
  close(): Promise<void>;
}

/**
 * The JIT-FS client: one typed function per service. Each returns the classified envelope
 * (`ok | not_ready | rejected | validation | business_error`) and throws typed `TreasuryError`s for
 * everything else; activities turn those into Temporal failures with `toApplicationFailure`.
 */
export function createTreasuryGateway(deps: TreasuryGatewayDeps): TreasuryGateway {
  const { call, breakerStates, close } = createServiceCaller(deps);
  const ctx = { extAppName: deps.config.extAppName };
  return {
    virtualAllotment: (i, o) => call({ serviceId: 'VA', params: () => vaParams(i), billNumber: null }, o),
    postPaymentInstruction: (i, o) => call({ serviceId: 'PI', params: () => piParams(i), billNumber: i.jitBillNo }, o),
    instructionStatus: (i, o) =>
      call({ serviceId: 'PIS', params: () => pisParams(i), billNumber: i.jitBillNo, jitBillNo: i.jitBillNo }, o),
    paymentAdvice: (i, o) => call({ serviceId: 'PAG', params: () => pagParams(i), billNumber: i.billNo }, o),
    paymentDetails: (i, o) => call({ serviceId: 'PD', params: () => pdParams(i, ctx), billNumber: i.billRefNo }, o),
    failureDetails: (i, o) => call({ serviceId: 'FD', params: () => fdParams(i, ctx), billNumber: null }, o),
    postCorrection: (i, o) =>
      call({ serviceId: 'COR', params: () => corParams(i, ctx), billNumber: i.jitCorBillNo }, o),
    correctionPaymentStatus: (i, o) =>
      call({ serviceId: 'FTPS', params: () => ftpsParams(i, ctx), billNumber: i.jitCorBillNo }, o),
    correctionFailureStatus: (i, o) =>
      call({ serviceId: 'FTFPS', params: () => ftfpsParams(i), billNumber: i.jitCorBillNo }, o),
    breakerStates,
    close,
  };
}

export type { CallOptions, TreasuryGatewayDeps } from './gateway';
export { toApplicationFailure, TreasuryError } from './errors';
export { describeTreasuryAnswer, expectRows, isDuplicateInstruction } from './outcomes';
export { createTreasuryMetrics, type TreasuryMetrics } from './metrics';
export { readBillAudit, type AuditEntry } from './audit-reader';
