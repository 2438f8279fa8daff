import type { EventSubject, WebhookEvent } from '../../core/webhooks/events';

/** One event for one endpoint: what a delivery attempt needs (the endpoint itself is read fresh). */
export interface WebhookJob {
  endpointId: string;
  subject: EventSubject;
  event: WebhookEvent;
}

/** What a delivery attempt asks of the queue: nothing more, or the same job again after a wait. */
export type WebhookJobOutcome = { done: true } | { done: false; retryAfterSeconds: number };

/**
 * Where emitted events wait for delivery, so nothing that emits one waits for
 * a receiver: SQS drained by the `webhooks` Lambda on AWS, in process locally.
 * @example await webhookQueue.enqueue([{ endpointId: 'ep_1', subject: { customerId: 'c-1' }, event }]);
 */
export interface WebhookQueue {
  /** Hands the jobs over; throws when they could not be (nothing will deliver them). */
  enqueue(jobs: readonly WebhookJob[]): Promise<void>;
}
