import type { Logger } from '../engine/log';
import { deliverWebhookJob } from '../engine/webhooks/deliver';
import { WebhookEmitter } from '../engine/webhooks/emitter';
import type { Clock, SimulatedClock } from '../ports/clock/index';
import type { Metrics } from '../ports/metrics/index';
import type { Store } from '../ports/store/index';
import { InProcessWebhookQueue } from '../ports/webhook-queue/in-process';
import { FetchWebhookReceiver } from '../ports/webhook-receiver/fetch';

/**
 * Webhooks in the local engine: the in-process queue, the emitter in front of
 * it, and the deliverer behind it (fetch to the receiver), with plain http to
 * 127.0.0.1 allowed so a receiver on this machine can listen.
 */
export function localWebhooks(parts: { store: Store; clock: Clock; log: Logger; metrics: Metrics }) {
  const { store, clock, log, metrics } = parts;
  const webhookQueue = new InProcessWebhookQueue(clock, (error) =>
    log('webhook.delivery-failed', { error: error instanceof Error ? error.message : String(error) }),
  );
  const receiver = new FetchWebhookReceiver();
  webhookQueue.handleWith((job) =>
    deliverWebhookJob({ store, receiver, clock, log, metrics, urls: { allowLoopbackHttp: true } }, job),
  );
  return { webhookQueue, webhooks: new WebhookEmitter({ store, queue: webhookQueue, clock, log, metrics }) };
}

/**
 * Moves a simulated clock to `target` with `advance` (alarms, sweeps), stopping
 * at each webhook retry due on the way to deliver it, so a retry five seconds
 * or ten hours out happens at its time; settles the deliveries at the end.
 */
export async function advanceWithWebhooks(
  queue: InProcessWebhookQueue,
  clock: SimulatedClock,
  target: Date,
  advance: (to: Date) => Promise<void>,
): Promise<void> {
  // What is being delivered right now schedules its retry from now, before the clock moves.
  await queue.settled();
  for (let due = queue.nextDueAt(); due && due <= target; due = queue.nextDueAt()) {
    if (due > clock.now()) await advance(due);
    queue.kick();
    await queue.settled();
  }
  await advance(target);
  queue.kick();
  await queue.settled();
}
