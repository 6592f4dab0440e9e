/**
 * The outbox, one bounded context: status changes append events (in the writer's transaction), the
 * `outbox-delivery` Schedule starts `outboxDeliveryWorkflow` (in `workflows/`, as every workflow is
 * bundled from there), and these activities deliver each event, signed, to every subscriber. Shared
 * shapes are in `contracts/outbox.ts`.
 */
export { createWebhookActivities, type WebhookDeliverySettings, type WebhookSubscriber } from './delivery-activities';
export { ensureOutboxSchedule, type OutboxScheduleSettings } from './schedule';
