import { randomBytes } from 'node:crypto';
import type * as z from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors';
import {
  type EndpointUrlPolicy,
  type endpointInputSchema,
  type endpointPatchSchema,
  endpointSecret,
  endpointUrlProblem,
  MAX_ENDPOINTS,
  ROTATION_OVERLAP_MS,
  type WebhookEndpoint,
} from '../../core/webhooks/endpoint';
import type { WebhookDeliveryRecord } from '../../ports/store/index';
import type { EngineDeps, StoreDeps } from '../deps';

type EndpointDeps = Pick<EngineDeps, 'clock' | 'log' | 'webhooks' | 'settings'> & StoreDeps<'webhooks'>;

/** An endpoint as the API shows it: the current secret, never the one a rotation replaced. */
export interface EndpointView {
  id: string;
  url: string;
  events: WebhookEndpoint['events'];
  secret: string;
  description?: string;
  disabled: WebhookEndpoint['disabled'] | null;
  /** Until when the previous secret still signs beside this one, during a rotation. */
  previousSecretUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export function viewOf(endpoint: WebhookEndpoint): EndpointView {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    secret: endpoint.secret,
    ...(endpoint.description ? { description: endpoint.description } : {}),
    disabled: endpoint.disabled ?? null,
    previousSecretUntil: endpoint.previousSecret?.until ?? null,
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt,
  };
}

function checkUrl(url: string, urls: EndpointUrlPolicy): void {
  const problem = endpointUrlProblem(url, urls);
  if (problem)
    throw new ValidationError(`invalid webhook endpoint: url: ${problem}`, [
      { path: 'url', message: problem },
    ]);
}

export async function listEndpoints(deps: StoreDeps<'webhooks'>): Promise<EndpointView[]> {
  return (await deps.store.webhooks.listEndpoints()).map(viewOf);
}

async function found(deps: StoreDeps<'webhooks'>, id: string): Promise<WebhookEndpoint> {
  const endpoint = await deps.store.webhooks.getEndpoint(id);
  if (!endpoint) throw new NotFoundError(`webhook endpoint ${id} not found`);
  return endpoint;
}

export async function getEndpoint(deps: StoreDeps<'webhooks'>, id: string): Promise<EndpointView> {
  return viewOf(await found(deps, id));
}

/**
 * Registers a receiver for the event types it names, with a secret of its own.
 * @example const { id, secret } = await createEndpoint(deps, { url: 'https://crm.example.com/hooks', events: ['reply.received'] });
 */
export async function createEndpoint(
  deps: EndpointDeps,
  input: z.output<typeof endpointInputSchema>,
): Promise<EndpointView> {
  checkUrl(input.url, deps.settings.webhookUrls);
  if ((await deps.store.webhooks.listEndpoints()).length >= MAX_ENDPOINTS) {
    throw new ConflictError(`at most ${MAX_ENDPOINTS} webhook endpoints: delete one first`);
  }
  const at = deps.clock.now().toISOString();
  const endpoint: WebhookEndpoint = {
    id: `ep_${randomBytes(8).toString('hex')}`,
    url: input.url,
    events: input.events,
    ...(input.description ? { description: input.description } : {}),
    secret: endpointSecret(randomBytes(24)),
    createdAt: at,
    updatedAt: at,
  };
  if (!(await deps.store.webhooks.createEndpoint(endpoint)))
    throw new ConflictError('endpoint id taken: try again');
  deps.webhooks.invalidate();
  deps.log('webhook.endpoint-created', { endpointId: endpoint.id, events: endpoint.events });
  return viewOf(endpoint);
}

/**
 * Changes an endpoint: its URL, event types or description; `enabled` turns
 * it on again after a 410 (or off); `rotateSecret` issues a new secret, the
 * old one signing beside it for 24 hours so the receiver can move over.
 */
export async function updateEndpoint(
  deps: EndpointDeps,
  id: string,
  patch: z.output<typeof endpointPatchSchema>,
): Promise<EndpointView> {
  const endpoint = await found(deps, id);
  if (patch.url !== undefined) checkUrl(patch.url, deps.settings.webhookUrls);
  const now = deps.clock.now();
  const at = now.toISOString();
  const { disabled: _on, ...enabled } = endpoint;
  const next: WebhookEndpoint = {
    ...(patch.enabled === true ? enabled : endpoint),
    ...(patch.url !== undefined ? { url: patch.url } : {}),
    ...(patch.events !== undefined ? { events: patch.events } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.enabled === false && !endpoint.disabled
      ? { disabled: { at, reason: 'disabled by an admin' } }
      : {}),
    ...(patch.rotateSecret
      ? {
          secret: endpointSecret(randomBytes(24)),
          previousSecret: {
            secret: endpoint.secret,
            until: new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString(),
          },
        }
      : {}),
    updatedAt: at,
  };
  if (!(await deps.store.webhooks.saveEndpoint(next)))
    throw new NotFoundError(`webhook endpoint ${id} not found`);
  deps.webhooks.invalidate();
  deps.log('webhook.endpoint-updated', { endpointId: id, fields: Object.keys(patch) });
  return viewOf(next);
}

/** Deletes an endpoint: nothing more is sent to it (its log expires on its own). A repeat is harmless. */
export async function deleteEndpoint(deps: EndpointDeps, id: string): Promise<{ deleted: boolean }> {
  const deleted = await deps.store.webhooks.deleteEndpoint(id);
  deps.webhooks.invalidate();
  if (deleted) deps.log('webhook.endpoint-deleted', { endpointId: id });
  return { deleted };
}

/** A delivery as the log shows it: what was tried and how it went, the event's data left out. */
export type DeliveryView = Omit<WebhookDeliveryRecord, 'event' | 'subject'>;

const deliveryView = ({ event: _e, subject: _s, ...rest }: WebhookDeliveryRecord): DeliveryView => rest;

/** The endpoint's delivery log, newest first, or its dead letters; `next` continues. */
export async function endpointDeliveries(
  deps: StoreDeps<'webhooks'>,
  id: string,
  options: { status?: 'dead'; limit: number; cursor?: string },
): Promise<{ deliveries: DeliveryView[]; next: string | null }> {
  await found(deps, id);
  const page = await deps.store.webhooks.deliveries(id, {
    ...(options.status ? { status: options.status } : {}),
    limit: options.limit,
    ...(options.cursor ? { after: options.cursor } : {}),
  });
  return { deliveries: page.deliveries.map(deliveryView), next: page.next ?? null };
}

/** Dead letters replayed per request; `more` says whether others are left. */
const REPLAY_LIMIT = 100;

/**
 * Sends dead letters again, each with its own `webhook-id` and a fresh
 * schedule of attempts: the ones named, or the newest hundred. A delivery
 * already replayed (or delivered) is left as it is, so a repeat is harmless.
 */
export async function replayDeadLetters(
  deps: Pick<EngineDeps, 'log' | 'webhookQueue'> & StoreDeps<'webhooks'>,
  id: string,
  webhookIds?: readonly string[],
): Promise<{ replayed: string[]; more: boolean }> {
  const endpoint = await found(deps, id);
  if (endpoint.disabled) {
    throw new ConflictError(
      `webhook endpoint ${id} is disabled (${endpoint.disabled.reason}): enable it first`,
    );
  }
  const page = await deps.store.webhooks.deliveries(id, { status: 'dead', limit: REPLAY_LIMIT });
  const wanted = webhookIds ? new Set(webhookIds) : undefined;
  const replayed: WebhookDeliveryRecord[] = [];
  for (const dead of page.deliveries) {
    if (wanted && !wanted.has(dead.webhookId)) continue;
    const requeued = await deps.store.webhooks.requeue(dead.subject, id, dead.webhookId);
    if (requeued) replayed.push(requeued);
  }
  await deps.webhookQueue.enqueue(
    replayed.map((d) => ({ endpointId: id, subject: d.subject, event: d.event })),
  );
  deps.log('webhook.replayed', { endpointId: id, count: replayed.length });
  return { replayed: replayed.map((d) => d.webhookId), more: page.next !== undefined && !wanted };
}
