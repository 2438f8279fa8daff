import { confirmedAge, isFresh, type LiveCopyAge } from '../../core/caching/live-copy';
import { subscribes } from '../../core/webhooks/endpoint';
import {
  type EventSubject,
  type WebhookEvent,
  type WebhookEventData,
  type WebhookEventType,
  webhookEventId,
} from '../../core/webhooks/events';
import type { Clock } from '../../ports/clock/index';
import type { Metrics } from '../../ports/metrics/index';
import type { Store, WebhookEndpoint } from '../../ports/store/index';
import type { WebhookQueue } from '../../ports/webhook-queue/index';
import type { Logger } from '../log';

/** How stale the endpoint list may be where events are emitted: a new endpoint hears from every container within this. */
const REFRESH_MS = 60_000;

/** What makes an event this one: whom it is about, and the key its id is derived from. */
export interface EventOrigin {
  subject: EventSubject;
  /** The parts of the event's identity besides its type, e.g. the message id of a `message.sent`. */
  key: readonly string[];
}

/**
 * Where the engine's events leave it: the endpoints subscribed to an event's
 * type get one queued job each. With no endpoint taking the type, emitting
 * costs nothing (the list is cached a minute per container); otherwise one
 * enqueue, never an HTTP call, so nothing that emits waits for a receiver.
 */
export class WebhookEmitter {
  private cached: (LiveCopyAge & { endpoints: Promise<WebhookEndpoint[]> }) | undefined;
  /** The live version a fire read since the last read of the list, for the next one to be tagged with. */
  private confirmed: number | undefined;

  constructor(
    private readonly deps: {
      store: Pick<Store, 'webhooks'>;
      queue: WebhookQueue;
      clock: Clock;
      log: Logger;
      metrics: Metrics;
    },
  ) {}

  /** Forget the endpoint list (after a change in this container). */
  invalidate(): void {
    this.cached = undefined;
  }

  /** Whether a list is held and due a look (the next event would read it again). */
  get stale(): boolean {
    return this.cached !== undefined && !isFresh(this.cached, this.deps.clock.now().getTime(), REFRESH_MS);
  }

  /**
   * The endpoints are at live version `version`, as read just now: a list read
   * at it stays fresh another minute without a query (core/caching/live-copy.ts);
   * any other makes the next event read the list.
   */
  confirm(version: number): void {
    this.cached = this.cached && confirmedAge(this.cached, version, this.deps.clock.now().getTime());
    if (!this.cached) this.confirmed = version;
  }

  private endpoints(): Promise<WebhookEndpoint[]> {
    const now = this.deps.clock.now().getTime();
    if (this.cached && isFresh(this.cached, now, REFRESH_MS)) return this.cached.endpoints;
    const version = this.confirmed;
    this.confirmed = undefined;
    const endpoints = this.deps.store.webhooks.listEndpoints();
    this.cached = { at: now, loadedAt: now, ...(version === undefined ? {} : { version }), endpoints };
    endpoints.catch(() => {
      this.confirmed ??= version;
      this.invalidate();
    });
    return endpoints;
  }

  /**
   * Emits one event to every endpoint that takes its type. Never throws: the
   * caller's work (a send, a reply recorded) stands whatever becomes of the
   * event; a failed hand-over is logged and counted (`WebhookEmitFailures`).
   * @example await deps.webhooks.emit('message.sent', data, { subject: { customerId }, key: [messageId] });
   */
  async emit<T extends WebhookEventType>(
    type: T,
    data: WebhookEventData<T>,
    origin: EventOrigin,
  ): Promise<void> {
    const id = webhookEventId(type, ...origin.key);
    try {
      const endpoints = (await this.endpoints()).filter((endpoint) => subscribes(endpoint, type));
      if (endpoints.length === 0) return;
      const event = { id, type, timestamp: this.deps.clock.now().toISOString(), data } as WebhookEvent;
      await this.deps.queue.enqueue(
        endpoints.map((endpoint) => ({ endpointId: endpoint.id, subject: origin.subject, event })),
      );
    } catch (error) {
      this.deps.metrics.count('WebhookEmitFailures', { type });
      this.deps.log('webhook.emit-failed', {
        type,
        webhookId: id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
