import type {
  CorrectionFailureStatusInput,
  CorrectionPaymentStatusInput,
  InstructionStatusInput,
} from '../../contracts/treasury';
import type { InstructionRow } from '../../db/lifecycle/rows';

/** PIS: the treasury's record of a PI, by number. */
export const pisQuery = (pi: InstructionRow): InstructionStatusInput => ({
  jitBillNo: pi.pi_number,
  jitBillDate: pi.jit_bill_date.toISOString(),
  ssuIaId: pi.ssu_id ?? '',
});

/** FTPS: a correction's payment status, naming the original PI it corrects. */
export const ftpsQuery = (cor: InstructionRow, original: InstructionRow): CorrectionPaymentStatusInput => ({
  jitCorBillNo: cor.pi_number,
  jitCorBillDate: cor.jit_bill_date.toISOString(),
  orgBillNo: original.pi_number,
  orgBillRefNo: original.bill_ref_no ?? '',
  orgBillDate: original.jit_bill_date.toISOString(),
});

/** FTFPS: a correction's failures; bill reference and token as FTPS gave them (empty before). */
export const ftfpsQuery = (cor: InstructionRow): CorrectionFailureStatusInput => ({
  jitCorBillNo: cor.pi_number,
  jitCorBillDate: cor.jit_bill_date.toISOString(),
  billRefNo: cor.bill_ref_no ?? '',
  tokenNumber: cor.token_number ?? '',
  tokenDate: cor.token_date ?? '',
});
