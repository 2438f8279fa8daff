import { createHash } from 'node:crypto';
import * as z from 'zod';
import { suppressionReasons } from '../customers/suppression-reasons';
import { onFirstUse } from '../validation';
import { type WebhookEventType, webhookEventTypes } from './event-types';

export { type WebhookEventType, webhookEventTypes };

/**
 * What the engine tells integrators, one schema per event type: the `data`
 * of the Standard Webhooks payload `{ type, timestamp, data }`. The same
 * schemas give the OpenAPI document its `webhooks`, so what is published is
 * what is sent. Addresses appear only where the address is the subject
 * (a suppression); a reply travels as a short excerpt. Built on first use
 * (the API's reference page): the engine itself needs only their types.
 */
export const webhookEventSchemas = onFirstUse(() => {
  const channel = z.enum(['email', 'sms']);
  const customerId = z.string().describe('The customer id as the backend filed it');
  const at = z.iso.datetime().describe('When it happened (UTC)');

  const replyKind = z.enum([
    'reply',
    'complaint',
    'referral',
    'auto-reply',
    'bounce',
    'abuse-report',
    'unsubscribe',
    'help',
  ]);

  const messageOutcome = z.object({
    customerId,
    messageId: z.string(),
    channel,
    template: z.string(),
    at,
    detail: z.string().optional().describe("The provider's words, e.g. the SMTP answer of a bounce"),
  });

  return {
    'reply.received': z.object({
      customerId,
      replyId: z.string(),
      messageId: z.string().optional().describe('The message it answers, when it was matched to one'),
      channel,
      kind: replyKind.describe('How the engine read it: a real reply, an auto-reply, a bounce, STOP…'),
      excerpt: z.string().describe('The start of the reply, quotes removed, at most 500 bytes of UTF-8'),
      at,
    }),
    'customer.suppressed': z.object({
      customerId,
      channel,
      address: z.string().describe('The address put on the suppression list, normalised'),
      reason: z.enum(suppressionReasons),
      source: z.string().describe('What listed it, e.g. `ses:bounce`, `one-click`, `api`'),
      at,
    }),
    'customer.unsubscribed': z.object({
      customerId,
      channel,
      source: z.enum(['one-click', 'inbound-email', 'inbound-sms']),
      at,
    }),
    'message.sent': z.object({
      customerId,
      messageId: z.string(),
      channel,
      template: z.string(),
      rule: z.string().describe('The cadence rule, `letter`, or `campaign:<id>`'),
      at,
    }),
    'message.delivered': messageOutcome,
    'message.bounced': messageOutcome.extend({ bounce: z.enum(['hard', 'soft']) }),
    'message.complained': messageOutcome,
    'task.created': z.object({
      customerId,
      taskId: z.string(),
      task: z.enum(['call']),
      note: z.string(),
      at,
    }),
    'task.done': z.object({ customerId, taskId: z.string(), task: z.enum(['call']), at }),
    'campaign.completed': z.object({
      campaignId: z.string(),
      name: z.string(),
      at,
      progress: z.object({
        targeted: z.number(),
        sent: z.number(),
        suppressed: z.number(),
        capped: z.number(),
        failed: z.number(),
        replied: z.number(),
      }),
    }),
  } as const satisfies Record<WebhookEventType, z.ZodObject>;
});
export type WebhookEventData<T extends WebhookEventType> = z.output<
  ReturnType<typeof webhookEventSchemas>[T]
>;

/** One event as it is sent: `id` is its `webhook-id`, the same on every attempt and replay. */
export type WebhookEvent = {
  [T in WebhookEventType]: { id: string; type: T; timestamp: string; data: WebhookEventData<T> };
}[WebhookEventType];

/** Whom an event is about: its deliveries are filed under it, so an erasure finds them. */
export type EventSubject = { customerId: string } | { campaignId: string };

/** The Standard Webhooks payload of an event: `{ type, timestamp, data }`. */
export function webhookPayload(event: WebhookEvent): string {
  return JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data });
}

/**
 * An event's id from what makes it this event (its type and a key of its own),
 * so an event emitted twice (a retried fire, a redelivered notification) has
 * one `webhook-id` and a receiver can drop the repeat.
 * @example webhookEventId('message.sent', 'a3f0c1…') // 'evt_5b1e…' (24 hex characters)
 */
export function webhookEventId(type: WebhookEventType, ...key: string[]): string {
  const hash = createHash('sha256')
    .update([type, ...key].join('\u0000'))
    .digest('hex');
  return `evt_${hash.slice(0, 24)}`;
}

/** The bytes of a reply an event carries. */
export const EVENT_EXCERPT_BYTES = 500;
