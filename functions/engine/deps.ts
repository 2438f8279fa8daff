import type { Rules } from '../core/planning/actions';
import type { EndpointUrlPolicy } from '../core/webhooks/endpoint';
import type { Clock } from '../ports/clock/index';
import type { MailArchive } from '../ports/mail-archive/index';
import type { Metrics } from '../ports/metrics/index';
import type { Scheduler } from '../ports/scheduler/index';
import type { SendQueue } from '../ports/send-queue/index';
import type { Store } from '../ports/store/index';
import type { WebhookQueue } from '../ports/webhook-queue/index';
import type { CampaignCache } from './campaigns/campaign-cache';
import type { ContentCache } from './content/content-cache';
import type { TemplateCatalog } from './content/templates';
import type { TierCache } from './customers/tier-cache';
import type { Logger } from './log';
import type { WebhookEmitter } from './webhooks/emitter';

export interface EngineSettings {
  /** How messages name the business, e.g. `Lin's Furniture`. */
  businessName: string;
  /** The From of every email, e.g. `Wang Fang <hello@shop.example>`. */
  fromAddress: string;
  /** Replies come back to `reply+<token>@<inboundDomain>`. */
  inboundDomain: string;
  /** Signs reply tokens and unsubscribe links. */
  signingKey: string;
  /** Where the API is reachable from the outside, for links in messages. */
  publicUrl: string;
  /** Which webhook receiver URLs may be registered and called: https only on AWS. */
  webhookUrls: EndpointUrlPolicy;
}

/** Everything the engine's use cases need, built once by a composition root. */
export interface EngineDeps {
  store: Store;
  scheduler: Scheduler;
  /** Where claimed messages go to be delivered; only the `send` consumer talks to the providers. */
  sendQueue: SendQueue;
  clock: Clock;
  /** The live templates (files overlaid with saved versions): `deps.content.templates`. */
  templates: TemplateCatalog;
  /** The live rules as last refreshed (`deps.content.rules`): entry points `await deps.content.refresh()`. */
  readonly rules: Rules;
  /** Templates and rules as edited through the API, cached briefly per container. */
  content: ContentCache;
  tiers: TierCache;
  /** Campaigns as the fire path reads them, cached briefly. */
  campaignCache: CampaignCache;
  settings: EngineSettings;
  log: Logger;
  /** Counters flushed once per invocation (CloudWatch EMF on AWS, in memory locally). */
  metrics: Metrics;
  /** Where events for integrators are emitted (to the endpoints that take them). */
  webhooks: WebhookEmitter;
  /** Where event deliveries wait: a replay puts dead letters back on it. */
  webhookQueue: WebhookQueue;
  /** The customers' mail kept outside the table (raw inbound MIME on AWS): an erasure deletes it. */
  mailArchive: MailArchive;
}

/**
 * The store's repositories a use case touches, for a signature that names
 * them: `deps: Pick<EngineDeps, 'clock'> & StoreDeps<'timeline' | 'stats'>`.
 * Callers pass the whole deps; a test builds only what is named.
 */
export type StoreDeps<R extends keyof Store> = { store: Pick<Store, R> };
