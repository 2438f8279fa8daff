import type { WebhookEndpoint } from '../../core/webhooks/endpoint';
import type { EventSubject, WebhookEvent, WebhookEventType } from '../../core/webhooks/events';

export type { WebhookEndpoint };

/** Where a delivery stands: being tried (first try or a retry), delivered, or given up and kept for a replay. */
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'dead';

/** One event's delivery to one endpoint, with its last attempt: the endpoint's delivery log. */
export interface WebhookDeliveryRecord {
  endpointId: string;
  /** The event's id, sent as `webhook-id` on every attempt. */
  webhookId: string;
  type: WebhookEventType;
  subject: EventSubject;
  status: WebhookDeliveryStatus;
  /** Attempts since it was emitted or last replayed. */
  attempts: number;
  /** When it was first tried: the log's order. */
  createdAt: string;
  lastAttemptAt: string;
  nextAttemptAt?: string;
  /** The receiver's answer to the last attempt, when it answered. */
  responseStatus?: number;
  /** Why the last attempt failed. */
  error?: string;
  deliveredAt?: string;
  /** The event itself, for a replay. */
  event: WebhookEvent;
}

export interface WebhookDeliveryPage {
  deliveries: WebhookDeliveryRecord[];
  next?: string;
}

/**
 * Webhook endpoints and their deliveries. Endpoints live under one
 * partition; a delivery lives under the partition of whom its event is about
 * (so erasing a customer drops theirs with one query), indexed per endpoint
 * for its log and its dead letters.
 * @example const page = await store.webhooks.deliveries('ep_1', { status: 'dead', limit: 50 });
 */
export interface WebhookRepo {
  listEndpoints(): Promise<WebhookEndpoint[]>;
  getEndpoint(id: string): Promise<WebhookEndpoint | undefined>;
  /** False when an endpoint with this id exists already. */
  createEndpoint(endpoint: WebhookEndpoint): Promise<boolean>;
  /** Replaces a stored endpoint; false when it is gone. */
  saveEndpoint(endpoint: WebhookEndpoint): Promise<boolean>;
  /** True when this call deleted it. */
  deleteEndpoint(id: string): Promise<boolean>;
  getDelivery(
    subject: EventSubject,
    endpointId: string,
    webhookId: string,
  ): Promise<WebhookDeliveryRecord | undefined>;
  /** Files an attempt's outcome; never over a delivered one (a late duplicate changes nothing). */
  recordAttempt(delivery: WebhookDeliveryRecord): Promise<void>;
  /**
   * A dead letter back to `pending` with no attempts, for a replay; undefined
   * when it is not a dead letter (anymore).
   */
  requeue(
    subject: EventSubject,
    endpointId: string,
    webhookId: string,
  ): Promise<WebhookDeliveryRecord | undefined>;
  /** The endpoint's deliveries, newest first, or only its dead letters; `next` continues. */
  deliveries(
    endpointId: string,
    options: { status?: 'dead'; limit: number; after?: string },
  ): Promise<WebhookDeliveryPage>;
  /** Every delivery of events about `subject`: an export lists them, an erasure drops them. */
  deliveriesAbout(subject: EventSubject): Promise<WebhookDeliveryRecord[]>;
  /** Drops every delivery of events about `subject`; answers how many. */
  forget(subject: EventSubject): Promise<number>;
}
