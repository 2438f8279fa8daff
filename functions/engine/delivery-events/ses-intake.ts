import { ValidationError } from '../../core/errors';
import { parseSesEvent, type SesBusEvent, type SesSnsEvent } from '../../ports/mailer/ses-events';
import type { EngineDeps } from '../deps';
import { batchCounters } from '../stats/counter-batch';
import { recordDeliveryEvent } from './record-delivery-event';

async function take(deps: EngineDeps, eventId: string, read: () => unknown): Promise<void> {
  let parsed: ReturnType<typeof parseSesEvent>;
  try {
    parsed = parseSesEvent(read());
  } catch (error) {
    // Not an SES event record: retrying cannot help, so it is logged and dropped.
    if (!(error instanceof ValidationError || error instanceof SyntaxError)) throw error;
    deps.log('delivery.unreadable', { eventId, error: error.message });
    return;
  }
  const outcome = await recordDeliveryEvent(deps, parsed);
  deps.log('delivery.received', { eventId, type: parsed.type, status: outcome.status });
}

/**
 * What the `delivery-events` function receives, in either shape: one event
 * from the default event bus, or a batch of SNS notifications (stacks from
 * before the bus). Each record is recorded once; an unreadable one is logged
 * and dropped.
 * @example await takeSesEvents(deps, { id: 'e-1', source: 'aws.ses', detail: sesEvent });
 */
export async function takeSesEvents(deps: EngineDeps, event: SesBusEvent | SesSnsEvent): Promise<void> {
  if ('Records' in event) {
    // A batch counts its templates and campaigns once, at its end.
    const counters = batchCounters(deps.store, deps.log);
    const batched = { ...deps, store: counters.store };
    try {
      for (const { Sns } of event.Records) await take(batched, Sns.MessageId, () => JSON.parse(Sns.Message));
    } finally {
      await counters.flush();
    }
    return;
  }
  await take(deps, event.id, () => event.detail);
}
