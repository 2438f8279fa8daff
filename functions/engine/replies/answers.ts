import { localClock, localDateOf, localWallTime } from '../../core/calendars/local-time';
import type { Customer } from '../../core/customers/customer';
import { isRealReply } from '../../core/replies/classify';
import type { AlertVerdict } from '../../core/replies/owner-alerts';
import type { CustomerRecord, MessageRecord, ReplyRecord } from '../../ports/store/index';
import { type SendMessageDeps, type SendOutcome, sendMessage } from '../send/send-message';

const ALERT_TEMPLATE: Record<'reply' | 'complaint' | 'referral', string> = {
  reply: 'owner-reply-alert',
  complaint: 'owner-complaint-alert',
  referral: 'owner-referral-alert',
};

/** The reply as templates see it (`reply` in occasions.ts), times on the customer's clock. */
function replyVariables(reply: ReplyRecord, timezone: string) {
  const at = new Date(reply.at);
  return {
    kind: reply.kind,
    channel: reply.channel,
    subject: reply.subject ?? null,
    text: reply.text,
    receivedAt: localWallTime(at, timezone),
    receivedOn: localDateOf(at, timezone),
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

/**
 * The owner hears of every real reply, complaints and referrals with their own
 * alert; past the hour's first few (`verdict` digest) in the digest instead.
 */
export async function alertOwner(
  deps: SendMessageDeps,
  { customer, state }: CustomerRecord,
  reply: ReplyRecord,
  verdict: AlertVerdict,
): Promise<boolean> {
  if (!isRealReply(reply.kind) || !customer.owner?.email) return false;
  if (verdict === 'digest') {
    deps.metrics.count('OwnerAlertsDigested');
    return false;
  }
  const outcome = await sendMessage(deps, customer, state, {
    rule: 'owner-alert',
    occurrence: reply.id,
    template: ALERT_TEMPLATE[reply.kind],
    channel: 'email',
    kind: 'transactional',
    toOwner: true,
    variables: { reply: replyVariables(reply, customer.timezone), fileUrl: fileUrlOf(deps, customer) },
  });
  return outcome.status === 'sent' || outcome.status === 'queued';
}

function fileUrlOf(deps: Pick<SendMessageDeps, 'settings'>, customer: Customer): string {
  return `${deps.settings.publicUrl}/console/customers/${encodeURIComponent(customer.customerId)}`;
}

/**
 * The owner's digest of the replies that came past the hour's first alerts:
 * one email listing them (the first `DIGEST_LISTED`, and how many in all).
 * Answering it answers the customer, as an alert's answer does.
 */
export async function sendOwnerDigest(
  deps: SendMessageDeps,
  { customer, state }: CustomerRecord,
  digest: { occurrence: string; replyIds: string[]; count: number },
): Promise<SendOutcome> {
  const replies = await Promise.all(
    digest.replyIds.map((id) =>
      deps.store.timeline.getEntry({ type: 'reply', customerId: customer.customerId, id }),
    ),
  );
  return sendMessage(deps, customer, state, {
    rule: 'owner-digest',
    occurrence: digest.occurrence,
    template: 'owner-reply-digest',
    channel: 'email',
    kind: 'transactional',
    toOwner: true,
    variables: {
      digest: {
        count: digest.count,
        replies: replies.flatMap((reply) =>
          reply ? [replyVariables({ ...reply, customerId: customer.customerId }, customer.timezone)] : [],
        ),
      },
      fileUrl: fileUrlOf(deps, customer),
    },
  });
}
