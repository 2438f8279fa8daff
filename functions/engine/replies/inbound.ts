import { localClock } from '../../core/calendars/local-time';
import type { Channel } from '../../core/customers/customer';
import { toE164 } from '../../core/customers/phone';
import { contentIdFor } from '../../core/ids';
import { type Automated, readAutomated } from '../../core/replies/automated';
import { classifyReply, isRealReply, type ReplyKind } from '../../core/replies/classify';
import { applyReply, refineKind } from '../../core/replies/reply-effects';
import { messageIdFromReplyAddress } from '../../core/replies/reply-token';
import type { CustomerRecord, MessageRecord, ReplyRecord } from '../../ports/store/index';
import { countCampaignReply } from '../campaigns/campaign-fire';
import { countTemplateEvent, sendWeekOf } from '../delivery-events/record-delivery-event';
import type { EngineDeps } from '../deps';
import { updateState } from '../fire/update-state';
import { type SendMessageDeps, sendMessage } from '../send/send-message';
import { suppressAddress } from '../send/suppression';
import { fileInInbox } from './inbox';
import { domainOf, inboundContent, listMachineReport, type MachineSigns } from './machine-mail';

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
}

export interface InboundSms {
  from: string;
  body: string;
}

export type InboundOutcome =
  | { status: 'unmatched' }
  | { status: 'ignored'; reason: 'own-address' }
  | { status: 'duplicate'; customerId: string; replyId: string }
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

const ALERT_TEMPLATE: Record<'reply' | 'complaint' | 'referral', string> = {
  reply: 'owner-reply-alert',
  complaint: 'owner-complaint-alert',
  referral: 'owner-referral-alert',
};

/** The reply as templates see it (`reply` in occasions.ts), times on the customer's clock. */
function replyVariables(reply: ReplyRecord, timezone: string) {
  const clock = localClock(new Date(reply.at), timezone);
  const hhmm = `${String(Math.floor(clock.minutes / 60)).padStart(2, '0')}:${String(clock.minutes % 60).padStart(2, '0')}`;
  return {
    kind: reply.kind,
    channel: reply.channel,
    subject: reply.subject ?? null,
    text: reply.text,
    receivedAt: `${clock.date} ${hhmm}`,
    receivedOn: clock.date,
    latencyMinutes: reply.latencySeconds === undefined ? null : Math.round(reply.latencySeconds / 60),
  };
}

/**
 * The customer hears back at once, in their language (seed: "reply within ten
 * minutes"): once per thread per day, never to an automatic reply, and HELP
 * gets who we are and how to stop.
 */
async function acknowledge(
  deps: SendMessageDeps,
  { customer, state }: CustomerRecord,
  reply: ReplyRecord,
  message: MessageRecord | undefined,
): Promise<boolean> {
  if (!isRealReply(reply.kind) && reply.kind !== 'help') return false;
  const today = localClock(new Date(reply.at), customer.timezone).date;
  const thread = message?.id ?? `direct-${reply.channel}`;
  const outcome = await sendMessage(deps, customer, state, {
    rule: reply.kind === 'help' ? 'sms-help' : 'reply-ack',
    occurrence: reply.kind === 'help' ? `${reply.id}` : `${thread}:${today}`,
    template: reply.kind === 'help' ? 'sms-help' : 'reply-ack',
    channel: reply.channel,
    kind: 'transactional',
    variables: { reply: replyVariables(reply, customer.timezone) },
  });
  return outcome.status === 'sent' || outcome.status === 'queued';
}

/** The owner hears of every real reply, complaints and referrals with their own alert. */
async function alertOwner(
  deps: SendMessageDeps,
  { customer, state }: CustomerRecord,
  reply: ReplyRecord,
): Promise<boolean> {
  if (!isRealReply(reply.kind) || !customer.owner?.email) return false;
  const outcome = await sendMessage(deps, customer, state, {
    rule: 'owner-alert',
    occurrence: reply.id,
    template: ALERT_TEMPLATE[reply.kind],
    channel: 'email',
    kind: 'transactional',
    toOwner: true,
    variables: {
      reply: replyVariables(reply, customer.timezone),
      fileUrl: `${deps.settings.publicUrl}/console/customers/${encodeURIComponent(customer.customerId)}`,
    },
  });
  return outcome.status === 'sent' || outcome.status === 'queued';
}

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
  // The state change, the acknowledgement and the alerts are each idempotent,
  // so they run before the entry that dedupes: a retry after a crash in
  // between still has every effect, once.
  const saved = await updateState(deps, customerId, (current, at) => {
    const context = {
      text: reply.text,
      ...(message ? { answering: message.rule } : {}),
      rules: deps.rules,
      timezone: current.customer.timezone,
    };
    kind = refineKind(reply.kind, context);
    const state = applyReply(current.state, kind, reply.channel, at, context);
    stopped = state.chases.filter((c, i) => c.status !== current.state.chases[i]?.status).length;
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
  if (kind === 'unsubscribe') {
    await suppressAddress(
      deps,
      reply.from,
      reply.channel === 'sms' ? 'stop' : 'unsubscribe',
      `inbound-${reply.channel}`,
    );
  }
  await listMachineReport(deps, automated, saved.customer.email);
  const acknowledged = await acknowledge(deps, saved, entry, message);
  const ownerAlerted = await alertOwner(deps, saved, entry);
  const added = await deps.store.timeline.addEntry({ type: 'reply', ...entry });
  if (!added) {
    // The inbox copy is keyed by the first delivery's `at`: a retry after a crash between the two
    // writes files it from the stored entry (the same key again), never a second copy of its own.
    const stored = await deps.store.timeline.getEntry({ type: 'reply', customerId, id: reply.id });
    if (stored) await fileInInbox(deps, saved.customer, stored);
    return { status: 'duplicate', customerId, replyId: reply.id };
  }
  await fileInInbox(deps, saved.customer, entry);
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

/**
 * Matches an inbound email by its routing token first, then by the sender's
 * address, and a bounce or abuse report by the address it is about.
 */
export async function receiveEmail(deps: EngineDeps, email: InboundEmail): Promise<InboundOutcome> {
  const sender = /<([^>]+)>/.exec(email.from)?.[1] ?? email.from.trim();
  // Mail from our own domains (a bounce of our acknowledgement, a forwarding loop) is never answered.
  const own = [domainOf(deps.settings.fromAddress), deps.settings.inboundDomain.toLowerCase()];
  if (own.includes(domainOf(sender))) return { status: 'ignored', reason: 'own-address' };
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
  return record(
    deps,
    customerId,
    {
      id: email.messageId
        ? contentIdFor('email-id', email.messageId)
        : contentIdFor('email', sender, email.to, email.subject ?? '', email.text),
      channel: 'email',
      from: sender,
      ...(email.subject ? { subject: email.subject } : {}),
      text: email.text,
      kind,
      ...(message ? { messageId: message.id } : {}),
    },
    message,
    automated,
  );
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
  const message = latest ? await deps.store.timeline.findMessage(latest.messageId) : undefined;
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
