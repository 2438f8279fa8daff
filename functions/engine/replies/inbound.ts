import type { Channel, Customer } from '../../core/customers/customer';
import { toE164 } from '../../core/customers/phone';
import { contentIdFor } from '../../core/ids';
import { threadingId } from '../../core/replies/answer-headers';
import { failsAuthentication, type HoldReason, isFiledSender } from '../../core/replies/authentication';
import { type Automated, readAutomated } from '../../core/replies/automated';
import { classifyReply, isRealReply, type ReplyKind } from '../../core/replies/classify';
import { excerpt } from '../../core/replies/excerpt';
import { type AlertVerdict, admitOwnerAlert } from '../../core/replies/owner-alerts';
import { applyReply, refineKind } from '../../core/replies/reply-effects';
import { messageIdFromReplyAddress } from '../../core/replies/reply-token';
import { onSequenceEvents } from '../../core/sequences/triggers';
import { EVENT_EXCERPT_BYTES } from '../../core/webhooks/events';
import type { MessageRecord, ReplyRecord } from '../../ports/store/index';
import { countCampaignReply } from '../campaigns/campaign-fire';
import { countTemplateEvent, sendWeekOf } from '../delivery-events/template-counts';
import type { EngineDeps } from '../deps';
import { updateState } from '../fire/update-state';
import { suppressAddress } from '../send/suppression';
import { acknowledge, alertOwner } from './answers';
import { type HeldOutcome, holdReply } from './held';
import { fileInInbox } from './inbox';
import {
  countTransientBounce,
  inboundContent,
  isOwnAddress,
  listMachineReport,
  type MachineSigns,
} from './machine-mail';
import { isAnswerableAlert } from './owner-answers';
import { type OwnerMailOutcome, receiveOwnerMail } from './owner-mail';

export interface InboundEmail extends MachineSigns {
  from: string;
  /** The address it was sent to: our per-message routing address. */
  to: string;
  subject?: string;
  /** The new text of the reply, quoted history and signature already removed. */
  text: string;
  headers?: Record<string, string>;
  /** The email's own Message-ID: a redelivery of the same email has one effect. */
  messageId?: string;
  /** Where the raw MIME is kept (the inbound mail bucket's object key), when it is. */
  rawMailKey?: string;
}

export interface InboundSms {
  from: string;
  body: string;
}

export type InboundOutcome =
  | { status: 'unmatched' }
  | { status: 'ignored'; reason: 'own-address' }
  | { status: 'duplicate'; customerId: string; replyId: string }
  | HeldOutcome
  | OwnerMailOutcome
  | {
      status: 'recorded';
      customerId: string;
      replyId: string;
      kind: ReplyKind;
      messageId?: string;
      chasesStopped: number;
      acknowledged: boolean;
      ownerAlerted: boolean;
    };

async function record(
  deps: EngineDeps,
  customerId: string,
  reply: Omit<ReplyRecord, 'customerId' | 'at' | 'latencySeconds'>,
  message: MessageRecord | undefined,
  automated?: Automated,
): Promise<InboundOutcome> {
  const now = deps.clock.now();
  let stopped = 0;
  let kind = reply.kind;
  let alert: AlertVerdict = 'alert';
  // The state change, the acknowledgement and the alerts are each idempotent,
  // so they run before the entry that dedupes: a retry after a crash in
  // between still has every effect, once.
  const saved = await updateState(deps, customerId, async (current, at) => {
    const context = {
      text: reply.text,
      ...(message ? { answering: message.rule } : {}),
      rules: deps.rules,
      timezone: current.customer.timezone,
    };
    kind = refineKind(reply.kind, context);
    let state = applyReply(current.state, kind, reply.channel, at, context);
    // A reply of a kind may start sequences (after the runs it ends have ended).
    if (deps.rules.sequences.some((s) => s.trigger.kind === 'reply')) {
      const tier = await deps.tiers.tierOf(state.value, current.customer.referredBy !== undefined);
      state = onSequenceEvents(state, deps.rules.sequences, tier, [{ kind: 'reply', replyKind: kind }], at);
    }
    stopped = state.chases.filter((c, i) => c.status !== current.state.chases[i]?.status).length;
    if (isRealReply(kind) && current.customer.owner?.email) {
      // Decided with the state, so a retried delivery makes the same choice.
      const admitted = admitOwnerAlert(state.ownerAlerts, reply.id, at);
      alert = admitted.verdict;
      if (admitted.log !== state.ownerAlerts) state = { ...state, ownerAlerts: admitted.log };
    }
    return state === current.state ? undefined : { state };
  });
  const sentAt = message?.sentAt ?? message?.at;
  const entry: ReplyRecord = {
    ...reply,
    kind,
    customerId,
    at: now.toISOString(),
    ...(sentAt ? { latencySeconds: Math.round((now.getTime() - Date.parse(sentAt)) / 1000) } : {}),
  };
  // STOP, 退订…: the address goes on the suppression list for good, whatever customer it is filed under.
  // It is the address on the file of the customer the reply was matched to, never the header's From.
  const filed = reply.channel === 'sms' ? saved.customer.phone : saved.customer.email;
  if (kind === 'unsubscribe') {
    await suppressAddress(
      deps,
      filed ?? reply.from,
      reply.channel === 'sms' ? 'stop' : 'unsubscribe',
      `inbound-${reply.channel}`,
    );
  }
  await listMachineReport(deps, automated, saved.customer.email);
  const acknowledged = await acknowledge(deps, saved, entry, message);
  const ownerAlerted = await alertOwner(deps, saved, entry, alert);
  const added = await deps.store.timeline.addEntry({ type: 'reply', ...entry });
  if (!added) {
    // The inbox copy is keyed by the first delivery's `at`: a retry after a crash between the two
    // writes files it from the stored entry (the same key again), never a second copy of its own.
    const stored = await deps.store.timeline.getEntry({ type: 'reply', customerId, id: reply.id });
    if (stored) await fileInInbox(deps, saved.customer, stored);
    return { status: 'duplicate', customerId, replyId: reply.id };
  }
  await fileInInbox(deps, saved.customer, entry);
  await emitReply(deps, entry);
  await countTransientBounce(deps, automated, now);
  deps.metrics.count('Replies', { kind });
  if (message && kind === 'abuse-report') {
    await countTemplateEvent(deps, message.template, 'complained', sendWeekOf(message));
  }
  if (message && isRealReply(kind)) {
    await countTemplateEvent(deps, message.template, 'replied', sendWeekOf(message));
    await countCampaignReply(deps, message, now);
  }
  deps.log('reply.recorded', {
    customerId,
    replyId: reply.id,
    kind,
    channel: reply.channel,
    chasesStopped: stopped,
  });
  return {
    status: 'recorded',
    customerId,
    replyId: reply.id,
    kind,
    chasesStopped: stopped,
    acknowledged,
    ownerAlerted,
    ...(message ? { messageId: message.id } : {}),
  };
}

/** Integrators hear of every reply recorded, and of an unsubscribe by reply. */
async function emitReply(deps: EngineDeps, reply: ReplyRecord): Promise<void> {
  const { customerId, id: replyId, channel, kind, at } = reply;
  const origin = { subject: { customerId }, key: [customerId, replyId] };
  await deps.webhooks.emit(
    'reply.received',
    {
      customerId,
      replyId,
      ...(reply.messageId ? { messageId: reply.messageId } : {}),
      channel,
      kind,
      excerpt: excerpt(reply.text, EVENT_EXCERPT_BYTES),
      at,
    },
    origin,
  );
  if (kind === 'unsubscribe') {
    await deps.webhooks.emit(
      'customer.unsubscribed',
      { customerId, channel, source: channel === 'sms' ? 'inbound-sms' : 'inbound-email', at },
      origin,
    );
  }
}

/**
 * Matches an inbound email by its routing token first, then by the sender's
 * address, and a bounce or abuse report by the address it is about.
 */
export async function receiveEmail(deps: EngineDeps, email: InboundEmail): Promise<InboundOutcome> {
  const sender = /<([^>]+)>/.exec(email.from)?.[1] ?? email.from.trim();
  // Mail from our own domains (a bounce of our acknowledgement, a forwarding loop) is never answered.
  if (isOwnAddress(deps.settings, sender)) return { status: 'ignored', reason: 'own-address' };
  await deps.content.refresh();
  const messageId = messageIdFromReplyAddress(email.to, deps.settings.signingKey);
  const message = messageId ? await deps.store.timeline.findMessage(messageId) : undefined;
  const content = inboundContent(email, sender);
  const automated = readAutomated(content);
  const about = automated && automated.kind !== 'auto-reply' ? automated.recipient : undefined;
  const customerId =
    message?.customerId ??
    (await deps.store.customers.findByContact({ email: sender }))[0] ??
    (about ? (await deps.store.customers.findByContact({ email: about }))[0] : undefined);
  if (!customerId) {
    deps.log('reply.unmatched', {
      channel: 'email',
      from: sender,
      ...(automated ? { kind: automated.kind } : {}),
    });
    return { status: 'unmatched' };
  }
  const classified = automated?.kind ?? classifyReply(content);
  // HELP is a carrier keyword; an email that says "help" is a customer asking for it.
  const kind = classified === 'help' ? 'reply' : classified;
  const emailMessageId = threadingId(email.messageId);
  const reply = {
    id: email.messageId
      ? contentIdFor('email-id', email.messageId)
      : contentIdFor('email', sender, email.to, email.subject ?? '', email.text),
    channel: 'email' as const,
    from: sender,
    ...(email.subject ? { subject: email.subject } : {}),
    text: email.text,
    kind,
    ...(message ? { messageId: message.id } : {}),
    ...(emailMessageId ? { emailMessageId } : {}),
    ...(email.rawMailKey ? { rawMailKey: email.rawMailKey } : {}),
  };
  if (message && isAnswerableAlert(message)) {
    const { headers } = email;
    return receiveOwnerMail(deps, { alert: message, sender, headers, reply, automated: !!automated });
  }
  const hold = await holdReasonOf(deps, email, customerId, kind, sender);
  if (hold) return holdReply(deps, hold.customer, reply, hold.reason);
  return record(deps, customerId, reply, message, automated);
}

/**
 * Why an inbound email is to be kept but not acted on, if it is: its receipt
 * verdicts fail, or (for anything but a bounce or an abuse report, which come
 * from an MTA and never from the customer) its From is not the address on the
 * file of the customer it was matched to. A match by the sender's own address
 * passes the second check by construction; a routing token is what it guards.
 */
async function holdReasonOf(
  deps: EngineDeps,
  email: InboundEmail,
  customerId: string,
  kind: ReplyKind,
  sender: string,
): Promise<{ reason: HoldReason; customer: Customer } | undefined> {
  const failed = failsAuthentication(email.headers);
  const machine = kind === 'bounce' || kind === 'abuse-report';
  if (!failed && machine) return undefined;
  const current = await deps.store.customers.get(customerId);
  if (!current) return undefined;
  if (failed) return { reason: 'failed-authentication', customer: current.customer };
  if (isFiledSender(sender, current.customer.email)) return undefined;
  return { reason: 'other-address', customer: current.customer };
}

/** Matches an inbound SMS by number to the customer, and to their latest SMS. */
export async function receiveSms(deps: EngineDeps, sms: InboundSms): Promise<InboundOutcome> {
  const from = toE164(sms.from) ?? sms.from;
  await deps.content.refresh();
  const customerId = (await deps.store.customers.findByContact({ phone: from }))[0];
  if (!customerId) {
    deps.log('reply.unmatched', { channel: 'sms', from });
    return { status: 'unmatched' };
  }
  const current = await deps.store.customers.get(customerId);
  const latest = current?.state.lastSent.sms;
  const message = latest ? await deps.store.timeline.getMessage(customerId, latest.messageId) : undefined;
  return record(
    deps,
    customerId,
    {
      id: contentIdFor('sms', from, sms.body, latest?.messageId ?? ''),
      channel: 'sms' satisfies Channel,
      from,
      text: sms.body,
      kind: classifyReply({ text: sms.body }),
      ...(message ? { messageId: message.id } : {}),
    },
    message,
  );
}
