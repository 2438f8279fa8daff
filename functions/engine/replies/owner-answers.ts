import { localWallTime } from '../../core/calendars/local-time';
import type { Channel, Customer } from '../../core/customers/customer';
import { NotFoundError } from '../../core/errors';
import { fromAs, replySubject } from '../../core/replies/answer-headers';
import { excerpt } from '../../core/replies/excerpt';
import type { MessageRecord, ReplyRecord } from '../../ports/store/index';
import type { StoreDeps } from '../deps';
import { renderRequest } from '../send/render-request';
import { type SendMessageDeps, sendMessage, type UnreachableReason } from '../send/send-message';
import type { SendRequest } from '../send/send-request';
import { fileNote } from '../timeline-note';

/** The rule an owner's answer is sent and filed under. */
export const OWNER_ANSWER_RULE = 'owner-answer';

/** The owner messages whose answers go to the customer: the reply alerts and their digest. */
const ANSWERABLE_RULES = new Set(['owner-alert', 'owner-digest']);

/** Whether a message is an alert an owner answers the customer through. */
export function isAnswerableAlert(message: MessageRecord): boolean {
  return ANSWERABLE_RULES.has(message.rule);
}

/** How much of an owner's words a message carries: an email's worth of text, a few SMS segments. */
const ANSWER_BYTES: Record<Channel, number> = { email: 32_768, sms: 600 };
/** How much of the customer's message an email answer quotes. */
const QUOTE_BYTES = 4_096;

export interface OwnerAnswer {
  customerId: string;
  /** The channel to answer on; by default the one the answered reply came on, else email when on file. */
  channel?: Channel;
  text: string;
  /** Identifies the answer for good (the owner's email, a console request): it goes out once. */
  occurrence: string;
  by: { email: string; name?: string };
  /** The customer's reply being answered: the answer is threaded to it. */
  answering?: ReplyRecord;
}

export type AnswerOutcome =
  | { status: 'relayed' | 'duplicate'; message: MessageRecord }
  | { status: 'unreachable'; reason: UnreachableReason }
  | { status: 'failed'; error: string };

/**
 * An owner's answer to their customer (seed 002: answer within ten minutes):
 * through the one send path, from the business's address under the owner's
 * name, threaded to the customer's message, on the customer's timeline as the
 * owner's message. It is owed, not marketing: no caps, no unsubscribe footer,
 * and no effect on the chase, the suppression list or the acknowledgement.
 * The customer's answer to it comes back through its routing address as any reply.
 * @example await answerCustomer(deps, { customerId, channel: 'email', text, occurrence, by: owner });
 */
export async function answerCustomer(
  deps: SendMessageDeps & StoreDeps<'customers'>,
  request: OwnerAnswer,
): Promise<AnswerOutcome> {
  const record = await deps.store.customers.get(request.customerId);
  if (!record) throw new NotFoundError(`no customer ${request.customerId}`);
  const { customer, state } = record;
  const answer = resolved(customer, request);
  const outcome = await sendMessage(deps, customer, state, answerRequest(customer, answer));
  switch (outcome.status) {
    case 'sent':
    case 'queued':
    case 'duplicate':
      deps.log('owner.answered', {
        customerId: customer.customerId,
        messageId: outcome.message.id,
        channel: answer.channel,
        duplicate: outcome.status === 'duplicate',
      });
      if (outcome.status !== 'duplicate') deps.metrics.count('OwnerAnswers', { channel: answer.channel });
      return { status: outcome.status === 'duplicate' ? 'duplicate' : 'relayed', message: outcome.message };
    case 'unreachable':
      await noteUndelivered(deps, customer, answer, `the customer cannot be reached: ${outcome.reason}`);
      return { status: 'unreachable', reason: outcome.reason };
    case 'failed':
      return { status: 'failed', error: outcome.error };
  }
}

type Resolved = OwnerAnswer & { channel: Channel };

/** The answer with its channel settled against the customer's file. */
function resolved(customer: Customer, answer: OwnerAnswer): Resolved {
  const channel = answer.channel ?? answer.answering?.channel ?? (customer.email ? 'email' : 'sms');
  return { ...answer, channel };
}

/** The send request of an owner's answer: the one the send path takes and the preview renders. */
function answerRequest(customer: Customer, answer: Resolved): SendRequest {
  const name = answer.by.name ?? customer.owner?.name ?? answer.by.email;
  return {
    rule: OWNER_ANSWER_RULE,
    occurrence: answer.occurrence,
    template: 'answer-from-owner',
    channel: answer.channel,
    kind: 'transactional',
    author: {
      email: answer.by.email,
      name,
      ...(answer.answering?.emailMessageId ? { inReplyTo: answer.answering.emailMessageId } : {}),
    },
    variables: {
      answer: {
        text: excerpt(answer.text.trim(), ANSWER_BYTES[answer.channel]),
        subject: replySubject(answer.answering?.subject) ?? null,
        quote: answer.answering
          ? {
              receivedAt: localWallTime(new Date(answer.answering.at), customer.timezone),
              text: excerpt(answer.answering.text, QUOTE_BYTES),
            }
          : null,
      },
    },
  };
}

export interface AnswerPreview {
  channel: Channel;
  to: string | null;
  from: string;
  subject?: string;
  text: string;
  html?: string;
}

/**
 * The answer as the customer will get it, rendered and sent nowhere: what the
 * console shows before the owner sends it.
 */
export async function previewAnswer(
  deps: Pick<SendMessageDeps, 'settings' | 'templates'> & StoreDeps<'customers'>,
  asked: OwnerAnswer,
): Promise<AnswerPreview> {
  const record = await deps.store.customers.get(asked.customerId);
  if (!record) throw new NotFoundError(`no customer ${asked.customerId}`);
  const { customer } = record;
  const answer = resolved(customer, asked);
  const request = answerRequest(customer, answer);
  const to = (answer.channel === 'email' ? customer.email : customer.phone) ?? null;
  const { rendered } = await renderRequest(deps, customer, request, { id: 'preview', to: to ?? '' });
  const from = fromAs(deps.settings.fromAddress, request.author?.name ?? '', deps.settings.businessName);
  return rendered.channel === 'email'
    ? { channel: 'email', to, from, subject: rendered.subject, text: rendered.text, html: rendered.html }
    : { channel: 'sms', to, from, text: rendered.text };
}

/** An answer that cannot go is on the timeline, so the owner who wrote it sees why. */
async function noteUndelivered(
  deps: StoreDeps<'timeline'> & Pick<SendMessageDeps, 'clock'>,
  customer: Customer,
  answer: Resolved,
  why: string,
): Promise<void> {
  await fileNote(deps, {
    customerId: customer.customerId,
    rule: OWNER_ANSWER_RULE,
    occurrence: answer.occurrence,
    what: 'undelivered',
    facts: {
      kind: 'answer-undelivered',
      by: answer.by.name ?? answer.by.email,
      channel: answer.channel,
      reason: why,
    },
    at: deps.clock.now(),
  });
}
