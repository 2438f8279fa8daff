import type { RenderedMessage } from '../../core/content/render';
import type { Customer } from '../../core/customers/customer';
import { messageIdFor } from '../../core/ids';
import type { EngineState } from '../../core/planning/state';
import { fromAs } from '../../core/replies/answer-headers';
import { excerpt } from '../../core/replies/excerpt';
import { replyAddressFor } from '../../core/replies/reply-token';
import type { EnqueueOutcome, SendJob } from '../../ports/send-queue/index';
import type { DraftMessage, MessageRecord } from '../../ports/store/index';
import type { EngineDeps, StoreDeps } from '../deps';
import { claimMessage } from './claim-message';
import { renderRequest } from './render-request';
import type { SendRequest } from './send-request';
import { suppressionOf } from './suppression';

export type SendOutcome =
  | { status: 'sent'; message: MessageRecord }
  /** Handed to the send queue, which delivers it and records the outcome on the message. */
  | { status: 'queued'; message: MessageRecord }
  | { status: 'duplicate'; message: MessageRecord }
  | { status: 'unreachable'; reason: UnreachableReason }
  | { status: 'failed'; message: MessageRecord; error: string };

/**
 * Why a message could not go: no address on the channel, no consent for
 * marketing, the customer's channel suppressed (unsubscribe, STOP), or the
 * address itself on the suppression list (bounce, complaint, any customer's
 * unsubscribe).
 */
export type UnreachableReason = 'no-address' | 'no-consent' | 'suppressed' | 'suppressed-address';

/**
 * What the timeline keeps of a message's text: its opening, in bytes. Every
 * later write to the message (sent, delivered, opened) is billed by the whole
 * item's size in 1 KB steps; with the subject and the bookkeeping, this keeps
 * it in one.
 */
const TIMELINE_TEXT_BYTES = 240;

function recipient(
  customer: Customer,
  state: EngineState,
  request: SendRequest,
): { to: string } | { reason: 'no-address' | 'no-consent' | 'suppressed' } {
  if (request.toOwner) {
    const to = request.channel === 'email' ? customer.owner?.email : customer.owner?.phone;
    return to ? { to } : { reason: 'no-address' };
  }
  const to = request.channel === 'email' ? customer.email : customer.phone;
  if (!to) return { reason: 'no-address' };
  if (state.suppressed[request.channel]) return { reason: 'suppressed' };
  if (request.kind === 'marketing' && !customer.consent[request.channel]) return { reason: 'no-consent' };
  return { to };
}

/** The queue's job for a rendered message: the provider's email or SMS with its tags and headers. */
export function jobFor(
  message: DraftMessage,
  rendered: RenderedMessage,
  request: SendRequest,
  settings: EngineDeps['settings'],
  unsubscribeUrl: string,
): SendJob {
  const context = { customerId: message.customerId, rule: message.rule };
  const about = {
    customerId: message.customerId,
    messageId: message.id,
    message,
    rule: message.rule,
    template: message.template,
  };
  if (rendered.channel === 'sms') {
    return {
      ...about,
      channel: 'sms',
      sms: {
        messageId: message.id,
        to: message.to,
        body: rendered.text,
        kind: request.kind === 'marketing' ? 'promotional' : 'transactional',
        context,
      },
    };
  }
  return {
    ...about,
    channel: 'email',
    email: {
      messageId: message.id,
      from: request.author
        ? fromAs(settings.fromAddress, request.author.name, settings.businessName)
        : settings.fromAddress,
      to: message.to,
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers: emailHeaders(request, unsubscribeUrl),
      context,
    },
  };
}

function emailHeaders(request: SendRequest, unsubscribeUrl: string): Record<string, string> {
  if (request.author) {
    const answered = request.author.inReplyTo;
    return answered ? { 'In-Reply-To': answered, References: answered } : {};
  }
  if (request.kind === 'marketing' && !request.toOwner) {
    return {
      'List-Unsubscribe': `<${unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    };
  }
  // RFC 3834: what the engine sends on its own is marked, so no autoresponder answers it.
  return { 'Auto-Submitted': request.rule === 'reply-ack' ? 'auto-replied' : 'auto-generated' };
}

/**
 * What the send path needs: the templates, the suppression list, the send
 * queue, and the timeline to file a message it cannot hand over.
 */
export type SendMessageDeps = Pick<
  EngineDeps,
  'clock' | 'log' | 'metrics' | 'sendQueue' | 'settings' | 'templates'
> &
  StoreDeps<'campaigns' | 'suppressions' | 'timeline'>;

/**
 * The one send path every rule, letter and alert goes through: reachability,
 * rendering, and the hand-over to the send queue. Nothing is written here:
 * the delivery claims the message (the conditional write on customer + rule +
 * occurrence that lets it go once) and records the outcome. `queued` means
 * handed over: the occasion is done. The in-process queue answers with the
 * delivery's own outcome instead (`sent`, `duplicate`, `failed`).
 */
export async function sendMessage(
  deps: SendMessageDeps,
  customer: Customer,
  state: EngineState,
  request: SendRequest,
): Promise<SendOutcome> {
  const target = recipient(customer, state, request);
  if ('reason' in target) return { status: 'unreachable', reason: target.reason };
  // Suppressed addresses are never messaged. A customer's own addresses carry the
  // list's verdict on their state (mirrored when listed or changed), so only an
  // owner's address costs a lookup here.
  if (request.toOwner && (await suppressionOf(deps, target.to))) {
    deps.log('message.suppressed', {
      customerId: customer.customerId,
      rule: request.rule,
      channel: request.channel,
      ...(request.toOwner ? { toOwner: true } : {}),
    });
    return { status: 'unreachable', reason: 'suppressed-address' };
  }

  const id = messageIdFor(customer.customerId, request.rule, request.occurrence);
  const { settings } = deps;
  const { source, rendered, unsubscribeUrl } = await renderRequest(deps, customer, request, {
    id,
    to: target.to,
  });
  const replyTo =
    request.channel === 'email'
      ? replyAddressFor(id, settings.inboundDomain, settings.signingKey)
      : undefined;
  const now = deps.clock.now();
  const draft: DraftMessage = {
    id,
    customerId: customer.customerId,
    channel: request.channel,
    to: target.to,
    ...(replyTo ? { replyTo } : {}),
    ...(rendered.channel === 'email' ? { subject: rendered.subject } : {}),
    text: excerpt(rendered.text, TIMELINE_TEXT_BYTES),
    rule: request.rule,
    occurrence: request.occurrence,
    template: request.template,
    locale: source.locale,
    at: now.toISOString(),
    ...(request.author ? { by: request.author.email } : {}),
  };
  const message: MessageRecord = { ...draft, status: 'queued', attempts: 0 };

  let outcome: EnqueueOutcome;
  try {
    outcome = await deps.sendQueue.enqueue(jobFor(draft, rendered, request, settings, unsubscribeUrl));
  } catch (error) {
    // Nothing will deliver it: the occasion stays due. The failure is filed on the timeline
    // unless the message is there already (a repeat of a send that went out).
    const reason = `not handed to the send queue: ${error instanceof Error ? error.message : String(error)}`;
    const filed = await claimMessage(deps, draft, { status: 'failed', error: reason });
    // Sent, in flight, or waiting for its job's next try: an earlier hand-over carries it.
    if (!filed.claimed && filed.existing) return { status: 'duplicate', message: filed.existing };
    deps.log('message.failed', {
      customerId: customer.customerId,
      messageId: id,
      rule: request.rule,
      error: reason,
    });
    deps.metrics.count('MessagesFailed', { channel: request.channel });
    return {
      status: 'failed',
      message: filed.claimed ? filed.message : { ...message, status: 'failed', error: reason },
      error: reason,
    };
  }
  if (outcome.status !== 'queued') return outcome;
  deps.log('message.queued', {
    customerId: customer.customerId,
    messageId: id,
    rule: request.rule,
    channel: request.channel,
  });
  return { status: 'queued', message };
}

/** Whether a message has left the engine's hands: handed to the queue, in flight, or sent. */
export function handedOver(message: MessageRecord): boolean {
  return message.status !== 'failed';
}

/** The state after a message was handed over: it is the customer's latest on that channel. */
export function noteSent(state: EngineState, message: MessageRecord): EngineState {
  if (!handedOver(message)) return state;
  return {
    ...state,
    lastSent: {
      ...state.lastSent,
      [message.channel]: { messageId: message.id, at: message.sentAt ?? message.at },
    },
  };
}
