/**
 * The events the engine sends integrators, in the order the API and the
 * console list them. Free of any runtime dependency, so the console imports
 * it as it is; their payloads are in events.ts.
 */
export const webhookEventTypes = [
  'reply.received',
  'customer.suppressed',
  'customer.unsubscribed',
  'message.sent',
  'message.delivered',
  'message.bounced',
  'message.complained',
  'task.created',
  'task.done',
  'campaign.completed',
] as const;

export type WebhookEventType = (typeof webhookEventTypes)[number];
