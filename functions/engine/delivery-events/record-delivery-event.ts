import { assertNever } from '../../core/assert-never';
import type { DeliveryEvent, DeliveryEventType } from '../../core/delivery-events/delivery-event';
import {
  type DeliveryStatus,
  deliveryStatuses,
  type MessagePatch,
  type MessageRecord,
  type MessageUpdateOptions,
  type TemplateCounter,
} from '../../ports/store/index';
import { countCampaignEvent } from '../campaigns/campaign-counts';
import type { EngineDeps, StoreDeps } from '../deps';
import { recordSoftBounce, suppressAddress } from '../send/suppression';
import { markSequenceRun } from '../sequences/sequence-runs';
import { emitOutcome } from './outcome-events';
import { countTemplateEvent, sendWeekOf } from './template-counts';

export type DeliveryOutcome =
  | {
      status: 'ignored';
      reason: 'not-ours' | 'unknown-message' | 'nothing-to-record';
      event: DeliveryEventType;
      eventId: string;
    }
  /** Nothing new for the message: a redelivered notification, or a later open or click. */
  | { status: 'duplicate'; event: DeliveryEventType; eventId: string; messageId: string }
  | {
      status: 'recorded';
      event: DeliveryEventType;
      eventId: string;
      messageId: string;
      customerId: string;
      /** How many addresses this event put on the suppression list; the template counter it moved. */
      suppressed: number;
      counted?: TemplateCounter;
    };

/** What one delivery event does: to the message, the suppression list and the template's counters. */
interface Effect {
  /** The message's fate as it now stands. */
  status?: DeliveryStatus;
  /** Engagement is counted once per message (the first open, the first click), and marked on a sequence's run. */
  firstOf?: 'openedAt' | 'clickedAt';
  counter?: TemplateCounter;
  suppress?: 'hard-bounce' | 'complaint';
  softBounce?: boolean;
  addresses: string[];
  detail?: string;
}

const DETAIL_LIMIT = 300;

function effectOf(event: DeliveryEvent): Effect {
  switch (event.type) {
    case 'send':
      return { addresses: [] };
    case 'delivery':
      return { status: 'delivered', counter: 'delivered', addresses: [], detail: event.smtpResponse };
    case 'bounce': {
      const first = event.recipients[0];
      const detail = [`${event.bounceType} (${event.bounceSubType})`, first?.diagnosticCode ?? first?.status]
        .filter(Boolean)
        .join(': ');
      const addresses = event.recipients.map((r) => r.address);
      return event.bounce === 'hard'
        ? { status: 'bounced', counter: 'bounced', suppress: 'hard-bounce', addresses, detail }
        : { status: 'soft-bounced', counter: 'bounced', softBounce: true, addresses, detail };
    }
    case 'complaint':
      return {
        status: 'complained',
        counter: 'complained',
        suppress: 'complaint',
        addresses: event.recipients,
        detail: event.feedbackType,
      };
    case 'open':
      return { firstOf: 'openedAt', counter: 'opened', addresses: [] };
    case 'click':
      return { firstOf: 'clickedAt', counter: 'clicked', addresses: [], detail: event.link };
    case 'rendering-failure':
      return { status: 'not-rendered', addresses: [], detail: event.errorMessage };
    case 'reject':
      return { status: 'rejected', addresses: [], detail: event.reason };
    case 'delivery-delay':
      return { status: 'delayed', addresses: [], detail: event.delayType };
    default:
      return assertNever(event);
  }
}

/** Events may arrive out of order: a delivery reported after a bounce does not undo the bounce. */
function outranks(next: DeliveryStatus, current: DeliveryStatus | undefined): boolean {
  return current === undefined || deliveryStatuses.indexOf(next) >= deliveryStatuses.indexOf(current);
}

type Mark = { patch: MessagePatch; options: MessageUpdateOptions };

/**
 * The common events (delivery, first open, first click) live on the message
 * alone: the conditional update that records one is its idempotency guard, so
 * a redelivered notification changes, files and counts nothing.
 */
function markedOnMessage(
  delivery: MessageRecord['delivery'],
  event: DeliveryEvent,
  effect: Effect,
): Mark | undefined {
  if (effect.firstOf) {
    return { patch: { [effect.firstOf]: event.at }, options: { onlyIfUnset: effect.firstOf } };
  }
  if (event.type !== 'delivery' || !effect.status) return undefined;
  // `deliveredAt` makes the delivery count once, in whatever order the events arrive; the
  // status moves only from below (a delivery reported after a bounce does not undo it).
  if (delivery && outranks(delivery.status, effect.status)) {
    return { patch: { deliveredAt: event.at }, options: { onlyIfUnset: 'deliveredAt' } };
  }
  const detail = effect.detail?.slice(0, DETAIL_LIMIT);
  return {
    patch: {
      delivery: { status: effect.status, at: event.at, ...(detail ? { detail } : {}) },
      deliveredAt: event.at,
    },
    options: { onlyIfUnset: 'deliveredAt', onlyIfDeliveryBelow: effect.status },
  };
}

/**
 * Finds the message an event is about: by its customer tag with one read (strongly
 * consistent, so a fate written a moment ago is seen), else through the index.
 */
function messageOf(deps: StoreDeps<'timeline'>, event: DeliveryEvent & { messageId: string }) {
  return event.customerId
    ? deps.store.timeline.getMessage(event.customerId, event.messageId, { consistent: true })
    : deps.store.timeline.findMessage(event.messageId);
}

/**
 * A common event whose customer tag gives the message's key is marked
 * without reading the message first, as if no fate were recorded on it yet:
 * the update answers with the message. Undefined when it changed nothing (a
 * repeat, a message we do not know, a delivery after a bounce): the event then
 * goes the long way.
 */
async function markedDirectly(
  deps: StoreDeps<'timeline'>,
  event: DeliveryEvent & { messageId: string },
  effect: Effect,
): Promise<MessageRecord | undefined> {
  const mark = markedOnMessage(undefined, event, effect);
  if (!mark || !event.customerId) return undefined;
  return deps.store.timeline.markMessage(event.customerId, event.messageId, mark.patch, mark.options);
}

/**
 * One SES delivery event, once. A delivery, a first open or a first click is
 * marked on the message by a conditional update and counted when it changed
 * something; a later open or click, or a redelivered notification, changes
 * nothing. A rarer event (bounce, complaint, reject, rendering failure,
 * delay) also files its own entry on the customer's timeline, which makes it
 * count once: a hard bounce or complaint lists the address, a third soft
 * bounce in 30 days too. A Send event adds nothing to what the send recorded.
 * An event for an email that is not ours, or for a message we do not know,
 * is ignored.
 * @example await recordDeliveryEvent(deps, parseSesEvent(JSON.parse(record.Sns.Message)));
 */
export async function recordDeliveryEvent(deps: EngineDeps, event: DeliveryEvent): Promise<DeliveryOutcome> {
  const about = { event: event.type, eventId: event.id };
  const { messageId } = event;
  if (!messageId) return { status: 'ignored', reason: 'not-ours', ...about };
  if (event.type === 'send') return { status: 'ignored', reason: 'nothing-to-record', ...about };
  const effect = effectOf(event);
  const direct = await markedDirectly(deps, { ...event, messageId }, effect);
  const message = direct ?? (await messageOf(deps, { ...event, messageId }));
  if (!message) return { status: 'ignored', reason: 'unknown-message', ...about };
  const recorded = direct ? { suppressed: 0 } : await recordTheLongWay(deps, message, event, effect);
  if (!recorded) return { status: 'duplicate', ...about, messageId: message.id };
  deps.metrics.count('DeliveryEvents', { event: event.type });
  const counted = effect.counter;
  if (counted) await countTemplateEvent(deps, message.template, counted, sendWeekOf(message));
  if (counted) await countCampaignEvent(deps, message, counted);
  if (effect.firstOf) await markSequenceRun(deps, message, effect.firstOf, event.at);
  await emitOutcome(deps, message, event, effect.detail?.slice(0, DETAIL_LIMIT));
  deps.log('delivery.event', {
    customerId: message.customerId,
    messageId: message.id,
    type: event.type,
    suppressed: recorded.suppressed,
    ...(counted ? { counted } : {}),
  });
  return {
    status: 'recorded',
    ...about,
    messageId: message.id,
    customerId: message.customerId,
    suppressed: recorded.suppressed,
    ...(counted ? { counted } : {}),
  };
}

/**
 * The event as the message read stands: the conditional update of a common
 * event, unless the mark is there already; else the event's entry of its own.
 * Undefined when it changed nothing.
 */
async function recordTheLongWay(
  deps: EngineDeps,
  message: MessageRecord,
  event: DeliveryEvent,
  effect: Effect,
): Promise<{ suppressed: number } | undefined> {
  const mark = markedOnMessage(message.delivery, event, effect);
  if (!mark) return recordWithEntry(deps, message, event, effect);
  // Every mark is made once: a field already set is a repeat, and nothing is written.
  const once = mark.options.onlyIfUnset;
  if (once && message[once] !== undefined) return undefined;
  const changed = await deps.store.timeline.updateMessage(
    message.customerId,
    message.id,
    mark.patch,
    mark.options,
  );
  return changed ? { suppressed: 0 } : undefined;
}

/** The suppression list, the message's fate and the event's own entry: undefined when it was filed before. */
async function recordWithEntry(
  deps: EngineDeps,
  message: MessageRecord,
  event: DeliveryEvent,
  effect: Effect,
): Promise<{ suppressed: number } | undefined> {
  const source = `ses:${event.type}`;
  // The list first: listing is idempotent, and a crash further on must not lose it.
  let suppressed = 0;
  if (effect.suppress) {
    for (const address of effect.addresses) {
      if (await suppressAddress(deps, address, effect.suppress, source)) suppressed++;
    }
  }
  const detail = effect.detail?.slice(0, DETAIL_LIMIT);
  if (effect.status && outranks(effect.status, message.delivery?.status)) {
    await deps.store.timeline.updateMessage(message.customerId, message.id, {
      delivery: { status: effect.status, at: event.at, ...(detail ? { detail } : {}) },
    });
  }
  const filed = await deps.store.timeline.addEntry({
    type: 'event',
    id: event.id,
    customerId: message.customerId,
    messageId: message.id,
    event: event.type,
    ...(detail ? { detail } : {}),
    at: event.at,
  });
  if (!filed) return undefined;
  // Only by the delivery that filed the entry: a redelivered notification counts nothing.
  if (effect.softBounce) {
    for (const address of effect.addresses) {
      if ((await recordSoftBounce(deps, address, new Date(event.at), source)).suppressed) suppressed++;
    }
  }
  return { suppressed };
}
