import { z } from 'zod';
import { jitText } from './common';

/**
 * The decrypted response envelope of every service. `serviceId` is trimmed because one FTFPS sample
 * answers `" FTFPS"`. Rows stay `unknown` here; each service's row schema reads them afterwards.
 */
export const jitEnvelopeSchema = z.object({
  serviceId: z.string().transform((s) => s.trim()),
  errorMsg: z.string().nullish(),
  errorMsgs: z
    .array(
      z.object({
        errorCode: jitText,
        errorMsg: z
          .string()
          .nullish()
          .transform((m) => (m ?? '').trim()),
      }),
    )
    .nullish(),
  data: z.array(z.unknown()).nullish(),
});

export type JitEnvelope = z.infer<typeof jitEnvelopeSchema>;
