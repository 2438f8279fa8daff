import { localClock } from '../../core/calendars/local-time';
import { isRealReply } from '../../core/replies/classify';
import type { CustomerRecord, MessageRecord, ReplyRecord } from '../../ports/store/index';
import { type SendMessageDeps, sendMessage } from '../send/send-message';

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
export async function acknowledge(
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
export async function alertOwner(
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
