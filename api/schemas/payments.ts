import { z } from 'zod';
import {
  ACCOUNT_NUMBER_FORMAT,
  ACCOUNT_NUMBER_PATTERN,
  IFSC_FORMAT,
  IFSC_PATTERN,
  PAYMENT_STATUSES,
  PI_STATUSES,
} from '../../contracts';
import { billNumber, cursor, dateOrInstant, hoaCode, limit, links, page, paise, paiseOut } from './common';

export const beneficiaryInput = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    accountNumber: z.string().regex(ACCOUNT_NUMBER_PATTERN, ACCOUNT_NUMBER_FORMAT),
    ifsc: z.string().regex(IFSC_PATTERN, IFSC_FORMAT),
    amountPaise: paise,
    type: z.enum(['IND', 'ORG', 'DEPT']),
    // Required: the treasury refuses a beneficiary without a mobile number.
    mobile: z.string().regex(/^(\+91)?[0-9]{10}$/, '10 digits, optionally +91'),
    address: z.string().trim().min(1).max(200).optional(),
    lineItemIds: z
      .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9/_.:-]{0,63}$/, 'letters, digits and / _ . : - only, at most 64'))
      .min(1)
      .max(1000),
  })
  .meta({ id: 'BeneficiaryInput' });

/** An approved bill: what POST /payments and the inbound webhook both carry. */
export const billInput = z
  .strictObject({
    billNumber,
    beneficiaries: z.array(beneficiaryInput).min(1).max(500),
    headOfAccountCodes: z.array(hoaCode).min(1).max(10).optional(),
  })
  .refine((b) => Number.isSafeInteger(b.beneficiaries.reduce((sum, x) => sum + x.amountPaise, 0)), {
    message: 'the total amount exceeds the largest representable paise value',
    path: ['beneficiaries'],
  })
  .meta({ id: 'BillInput' });
export type BillInput = z.infer<typeof billInput>;

export const idempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{8,128}$/, '8 to 128 of A-Z a-z 0-9 . _ : -')
  .meta({ description: 'Unique per submission; a retry with the same key replays the first answer' });

export const paymentAccepted = z
  .object({
    paymentId: z.string(),
    workflowId: z.string(),
    billNumber: z.string(),
    status: z.enum(PAYMENT_STATUSES),
    links,
  })
  .meta({ id: 'PaymentAccepted' });
export type PaymentAccepted = z.infer<typeof paymentAccepted>;

export const paymentSearch = z.strictObject({
  status: z.enum(PAYMENT_STATUSES).optional(),
  billNumber: billNumber.optional(),
  from: dateOrInstant.optional(),
  to: dateOrInstant.optional(),
  headOfAccount: hoaCode.optional(),
  limit,
  cursor: cursor.optional(),
});

export const paymentSummary = z
  .object({
    paymentId: z.string(),
    billNumber: z.string(),
    status: z.string(),
    totalPaise: paiseOut,
    beneficiaryCount: z.int(),
    headOfAccountCodes: z.array(z.string()),
    submittedBy: z.string(),
    submittedAt: z.string(),
    awaitingFundsSince: z.string().nullable(),
    updatedAt: z.string(),
    links,
  })
  .meta({ id: 'PaymentSummary' });
export const paymentPage = page(paymentSummary).meta({ id: 'PaymentPage' });

export const beneficiaryOut = z
  .object({
    beneficiaryNumber: z.string(),
    name: z.string(),
    accountNumber: z.string(),
    ifsc: z.string(),
    amountPaise: paiseOut,
    type: z.string(),
    status: z.string(),
    utrNo: z.string().nullable(),
    utrDate: z.string().nullable(),
    failureReason: z.string().nullable(),
    lineItemIds: z.array(z.string()),
  })
  .meta({ id: 'PiBeneficiary' });

export const instructionOut = z
  .object({
    piNumber: z.string(),
    billNumber: z.string(),
    paymentId: z.string(),
    kind: z.enum(['ORIGINAL', 'REVISED']),
    originalPiNumber: z.string().nullable(),
    correctsPiNumber: z.string().nullable(),
    status: z.string().meta({ description: `One of ${PI_STATUSES.join(', ')}` }),
    amountPaise: paiseOut,
    beneficiaryCount: z.int(),
    hoaCode: z.string().nullable(),
    billRefNo: z.string().nullable(),
    tokenNumber: z.string().nullable(),
    stuckStage: z.string().nullable(),
    stuckSince: z.string().nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    links,
  })
  .meta({ id: 'PaymentInstruction' });

export const timelineEntry = z
  .object({
    at: z.string(),
    subject: z.enum(['PAYMENT', 'PI']),
    subjectId: z.string(),
    status: z.string(),
    detail: z.unknown(),
  })
  .meta({ id: 'StatusTimelineEntry' });

export const paymentDetail = paymentSummary
  .extend({
    // Null for the moment between submission and the workflow's first write to the read model.
    totalPaise: paiseOut.nullable(),
    beneficiaryCount: z.int().nullable(),
    submittedBy: z.string().nullable(),
    submittedAt: z.string().nullable(),
    updatedAt: z.string().nullable(),
    workflowStatus: z.string().nullable().meta({ description: 'RUNNING, COMPLETED, … (null if the history is gone)' }),
    instructions: z.array(instructionOut.extend({ beneficiaries: z.array(beneficiaryOut) })),
    state: z.unknown().meta({
      description:
        "The workflow's live state (paymentState query); null if unavailable. Its waitingFor says what a running " +
        'payment waits for ({what, until, untilMeans, nextStep}), e.g. corrected bank details for failed beneficiaries.',
    }),
    timeline: z.array(timelineEntry),
  })
  .meta({ id: 'PaymentDetail' });

export const instructionDetail = instructionOut
  .extend({
    beneficiaries: z.array(beneficiaryOut),
    workflowStatus: z.string().nullable(),
    state: z.unknown().meta({ description: "The PI workflow's live state (instructionState query)" }),
    timeline: z.array(timelineEntry),
  })
  .meta({ id: 'PaymentInstructionDetail' });
