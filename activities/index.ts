import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { Registry } from 'prom-client';
import { createInstructionRepository, type InstructionRepository } from '../db/lifecycle/repository';
import type { FieldCipher } from '../security/field-cipher';
import type { TreasuryGateway } from '../treasury';
import { ODISHA_2026 } from '../calendar/odisha-2026';
import { realClock } from '../lib/model-clock';
import type { PollPacing } from './instructions/pacing';
import { createConfirmActivities } from './instructions/confirm';
import { createPostActivities } from './instructions/post';
import { createPollActivities } from './instructions/poll';
import { createPrepareActivities } from './instructions/prepare';
import { createReturnsActivities } from './instructions/returns';
import { createSupersedeActivities } from './instructions/supersede';
import { deterministicFailureCounter, withDeterministicFailures } from './deterministic-failures';
import { createFailureSweepActivities } from './failure-sweep';
import { createFlagActivities } from './flags';
import { createFundsSyncActivities } from './funds-sync';
import { createFundsWaiterActivities } from './funds-waiters';
import { createPaymentActivities } from './payments';
import { createProbeActivities } from './probe';
import { createReconciliationActivities } from './reconciliation';
import { createWebhookActivities, type WebhookDeliverySettings } from '../outbox';

/** Everything an activity may touch, built once by the worker's composition root. */
export interface ActivityDeps {
  db: Knex;
  treasury: TreasuryGateway;
  /** Seals and opens the beneficiary columns (name, account, IFSC, mobile, address). */
  pii: FieldCipher;
  /** For activities that signal other workflows (funds arrived, returns routed). */
  temporal: Client;
  /** How far back the very first failure sweep reads (later sweeps start from their mark). */
  firstSweepLookbackDays: number;
  /** Who receives outbound status events; without subscribers the outbox is left undelivered. */
  webhooks?: WebhookDeliverySettings;
  /** The PI tables as the PI activities use them; built over `db` when omitted. */
  instructions?: InstructionRepository;
  /** Where the worker's activity metrics go (its /metrics, reconciliation's differences too); a private registry when omitted. */
  registry?: Registry;
  /** The treasury calendar and clock behind calendar-paced polls (the committed Odisha calendar, wall clock, when omitted). */
  pacing?: PollPacing;
}

export function createActivities(given: ActivityDeps) {
  const deps = {
    ...given,
    instructions: given.instructions ?? createInstructionRepository(given.db, given.pii),
    pacing: given.pacing ?? { calendar: ODISHA_2026, clock: realClock },
  };
  const activities = {
    ...createProbeActivities(deps),
    ...createPaymentActivities(deps),
    ...createPrepareActivities(deps),
    ...createPostActivities(deps),
    ...createConfirmActivities(deps),
    ...createPollActivities(deps),
    ...createReturnsActivities(deps),
    ...createSupersedeActivities(deps),
    ...createFundsSyncActivities(deps),
    ...createFundsWaiterActivities(deps),
    ...createFailureSweepActivities(deps),
    ...createWebhookActivities(deps),
    ...createFlagActivities(deps),
    ...createReconciliationActivities(deps),
  };
  return withDeterministicFailures(activities, deterministicFailureCounter(deps.registry ?? new Registry()));
}

export type Activities = ReturnType<typeof createActivities>;
