import { parseSesEvent } from '../core/delivery-events';
import { ValidationError } from '../core/errors';
import { recordDeliveryEvent } from '../engine/delivery';
import type { EngineDeps } from '../engine/deps';
import { engineHandler } from '../wiring/aws-runtime';

/** An EventBridge event from SES: the SES event record is its `detail`. */
interface SesBusEvent {
  id: string;
  source: string;
  detail: unknown;
}

/** The SNS notifications a stack deployed before the event bus delivered (topic -> function). */
interface SnsEvent {
  Records: { Sns: { MessageId: string; Message: string } }[];
}

async function record(deps: EngineDeps, eventId: string, read: () => unknown): Promise<void> {
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

/** SES configuration set → the default event bus → this function: bounces, complaints, deliveries, opens, clicks. */
export const handler = engineHandler(async (deps, event: SesBusEvent | SnsEvent) => {
  if ('Records' in event) {
    for (const { Sns } of event.Records) await record(deps, Sns.MessageId, () => JSON.parse(Sns.Message));
    return;
  }
  await record(deps, event.id, () => event.detail);
});
