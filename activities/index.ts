import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Registry } from 'prom-client';
import type { TreasuryGateway } from '../treasury';
import { createConfirmActivities } from './instructions/confirm';
import { createPostActivities } from './instructions/post';
import { createPollActivities } from './instructions/poll';
import { createPrepareActivities } from './instructions/prepare';
import { createReturnsActivities } from './instructions/returns';
import { createFailureSweepActivities } from './failure-sweep';
import { createFundsSyncActivities } from './funds-sync';
import { createPaymentActivities } from './payments';
import { createProbeActivities } from './probe';
import { createReconciliationActivities } from './reconciliation';
import { createWebhookActivities, type WebhookDeliverySettings } from './webhooks';

/** Everything an activity may touch, built once by the worker's composition root. */
export interface ActivityDeps {
  db: Knex;
  treasury: TreasuryGateway;
  /** For activities that signal other workflows (funds arrived, returns routed). */
  temporal: Client;
  /** How far back the very first failure sweep reads (later sweeps start from their mark). */
  firstSweepLookbackDays: number;
  /** Who receives outbound status events; without subscribers the outbox is left undelivered. */
  webhooks?: WebhookDeliverySettings;
  /** The worker's Prometheus registry (reconciliation counts its differences there). */
  registry?: Registry;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createProbeActivities(deps),
    ...createPaymentActivities(deps),
    ...createPrepareActivities(deps),
    ...createPostActivities(deps),
    ...createConfirmActivities(deps),
    ...createPollActivities(deps),
    ...createReturnsActivities(deps),
    ...createFundsSyncActivities(deps),
    ...createFailureSweepActivities(deps),
    ...createWebhookActivities(deps),
    ...createReconciliationActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
