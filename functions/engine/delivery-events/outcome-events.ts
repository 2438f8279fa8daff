import type { DeliveryEvent } from '../../core/delivery-events/delivery-event';
import type { MessageRecord } from '../../ports/store/index';
import type { EngineDeps } from '../deps';

/**
 * What integrators hear of a message's fate, once it is recorded: its
 * delivery (one event per message, however often SES reports it), and each
 * bounce and complaint (one per provider event).
 * @example await emitOutcome(deps, message, event, 'smtp; 550 5.1.1 user unknown');
 */
export async function emitOutcome(
  deps: Pick<EngineDeps, 'webhooks'>,
  message: MessageRecord,
  event: DeliveryEvent,
  detail: string | undefined,
): Promise<void> {
  const data = {
    customerId: message.customerId,
    messageId: message.id,
    channel: message.channel,
    template: message.template,
    at: event.at,
    ...(detail ? { detail } : {}),
  };
  const subject = { customerId: message.customerId };
  if (event.type === 'delivery') {
    await deps.webhooks.emit('message.delivered', data, { subject, key: [message.id] });
  } else if (event.type === 'bounce') {
    await deps.webhooks.emit(
      'message.bounced',
      { ...data, bounce: event.bounce },
      { subject, key: [message.id, event.id] },
    );
  } else if (event.type === 'complaint') {
    await deps.webhooks.emit('message.complained', data, { subject, key: [message.id, event.id] });
  }
}
