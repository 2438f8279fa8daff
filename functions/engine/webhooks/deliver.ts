import { assertNever } from '../../core/assert-never';
import {
  deliveryHeaders,
  type EndpointUrlPolicy,
  endpointUrlProblem,
  signingSecrets,
} from '../../core/webhooks/endpoint';
import { webhookPayload } from '../../core/webhooks/events';
import { type DeliveryVerdict, deliveryVerdict } from '../../core/webhooks/retry';
import type { Clock } from '../../ports/clock/index';
import type { Metrics } from '../../ports/metrics/index';
import type { Store, WebhookDeliveryRecord, WebhookEndpoint } from '../../ports/store/index';
import type { WebhookJob, WebhookJobOutcome } from '../../ports/webhook-queue/index';
import type { WebhookReceiver } from '../../ports/webhook-receiver/index';
import type { Logger } from '../log';

/** What delivering an event needs: the endpoints and log in the store, the receiver's HTTP, a clock. */
export interface WebhookDeliveryDeps {
  store: Pick<Store, 'webhooks'>;
  receiver: WebhookReceiver;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /** Which receiver URLs this world may call (https only on AWS). */
  urls: EndpointUrlPolicy;
}

/** A receiver refused (410) or an endpoint switched off: nothing more is sent until it is enabled. */
async function disable(deps: WebhookDeliveryDeps, endpoint: WebhookEndpoint, reason: string, at: Date) {
  if (endpoint.disabled) return;
  const iso = at.toISOString();
  await deps.store.webhooks.saveEndpoint({ ...endpoint, disabled: { at: iso, reason }, updatedAt: iso });
  deps.log('webhook.endpoint-disabled', { endpointId: endpoint.id, reason });
}

/** Why a job is not attempted at all, if it is not: the endpoint is off, or its URL no longer passes. */
function refusal(endpoint: WebhookEndpoint, urls: EndpointUrlPolicy): string | undefined {
  if (endpoint.disabled) return `endpoint disabled: ${endpoint.disabled.reason}`;
  const problem = endpointUrlProblem(endpoint.url, urls);
  return problem ? `endpoint URL ${problem}` : undefined;
}

/**
 * One attempt at one event for one endpoint: signed with the endpoint's
 * secrets (both, during a rotation) and the event's own `webhook-id`, posted,
 * and recorded in the endpoint's log. A 2xx ends it; a 410 disables the
 * endpoint; anything else is tried again on the schedule, then kept as a dead
 * letter. A job for a deleted endpoint is dropped, one already delivered is
 * acknowledged (a duplicate job, or a replay that raced a retry).
 * @example const outcome = await deliverWebhookJob(deps, job); // { done: false, retryAfterSeconds: 5 }
 */
export async function deliverWebhookJob(
  deps: WebhookDeliveryDeps,
  job: WebhookJob,
): Promise<WebhookJobOutcome> {
  const { endpointId, subject, event } = job;
  const endpoint = await deps.store.webhooks.getEndpoint(endpointId);
  if (!endpoint) return { done: true };
  const previous = await deps.store.webhooks.getDelivery(subject, endpointId, event.id);
  if (previous?.status === 'delivered') return { done: true };
  const attempt = (previous?.attempts ?? 0) + 1;
  const now = deps.clock.now();
  const refused = refusal(endpoint, deps.urls);
  let verdict: DeliveryVerdict;
  let responseStatus: number | undefined;
  if (refused) {
    verdict = { kind: 'dead', reason: refused };
  } else {
    const body = webhookPayload(event);
    const headers = deliveryHeaders(signingSecrets(endpoint, now), event.id, now, body);
    const result = await deps.receiver.post({ url: endpoint.url, headers, body });
    if ('status' in result) responseStatus = result.status;
    verdict = deliveryVerdict(result, attempt);
  }
  const at = deps.clock.now();
  const record: WebhookDeliveryRecord = {
    endpointId,
    webhookId: event.id,
    type: event.type,
    subject,
    status: verdict.kind === 'delivered' ? 'delivered' : verdict.kind === 'retry' ? 'pending' : 'dead',
    attempts: attempt,
    createdAt: previous?.createdAt ?? now.toISOString(),
    lastAttemptAt: at.toISOString(),
    ...(verdict.kind === 'retry'
      ? { nextAttemptAt: new Date(at.getTime() + verdict.afterSeconds * 1000).toISOString() }
      : {}),
    ...(responseStatus !== undefined ? { responseStatus } : {}),
    ...(verdict.kind === 'delivered' ? { deliveredAt: at.toISOString() } : { error: verdict.reason }),
    event,
  };
  await deps.store.webhooks.recordAttempt(record);
  deps.metrics.count('WebhookDeliveries', { outcome: verdict.kind });
  deps.log('webhook.attempt', {
    endpointId,
    webhookId: event.id,
    type: event.type,
    attempt,
    outcome: verdict.kind,
    ...(responseStatus !== undefined ? { status: responseStatus } : {}),
  });
  switch (verdict.kind) {
    case 'delivered':
    case 'dead':
      return { done: true };
    case 'gone':
      await disable(deps, endpoint, verdict.reason, at);
      return { done: true };
    case 'retry':
      return { done: false, retryAfterSeconds: verdict.afterSeconds };
    default:
      return assertNever(verdict);
  }
}
