import { ProviderError } from '../../core/errors';
import { failsAuthentication, isFiledSender } from '../../core/replies/authentication';
import type { MessageRecord, ReplyRecord } from '../../ports/store/index';
import type { EngineDeps } from '../deps';
import { type HeldOutcome, holdReply } from './held';
import { answerCustomer } from './owner-answers';

export type OwnerMailOutcome =
  | HeldOutcome
  | { status: 'duplicate'; customerId: string; replyId: string }
  | { status: 'relayed'; customerId: string; replyId: string; messageId: string }
  | { status: 'not-relayed'; customerId: string; replyId: string; reason: string };

export interface OwnerMail {
  /** The alert it answers, named by the routing address it was sent to. */
  alert: MessageRecord;
  sender: string;
  headers: Record<string, string> | undefined;
  /** The mail as a reply draft: its id (from its Message-ID) makes a redelivery one answer. */
  reply: Omit<ReplyRecord, 'customerId' | 'at'>;
  automated: boolean;
}

/**
 * Mail to the routing address of an owner alert: the owner answering the
 * customer, relayed to them. Only the customer's current owner may, from
 * their own address and with passing receipt verdicts; anything else is kept,
 * marked, and acted on in no way. An automatic reply, an opt-out word
 * ("unsubscribe", STOP, 退订) or an empty answer is not relayed either, and never
 * suppresses the owner or the customer.
 */
export async function receiveOwnerMail(
  deps: EngineDeps,
  { alert, sender, headers, reply, automated }: OwnerMail,
): Promise<OwnerMailOutcome | { status: 'unmatched' }> {
  const current = await deps.store.customers.get(alert.customerId);
  if (!current) return { status: 'unmatched' };
  const { customer } = current;
  if (failsAuthentication(headers)) return holdReply(deps, customer, reply, 'failed-authentication');
  if (!isFiledSender(sender, customer.owner?.email)) return holdReply(deps, customer, reply, 'other-address');
  if (automated || reply.kind === 'unsubscribe' || reply.text.trim() === '') {
    return holdReply(deps, customer, reply, 'owner-not-relayed');
  }
  // A digest gathers several replies: its answer goes on the customer's email, or SMS without one (answerCustomer).
  const answering =
    alert.rule === 'owner-alert'
      ? await deps.store.timeline.getEntry({
          type: 'reply',
          customerId: customer.customerId,
          id: alert.occurrence,
        })
      : undefined;
  const outcome = await answerCustomer(deps, {
    customerId: customer.customerId,
    text: reply.text,
    occurrence: reply.id,
    by: { email: sender, ...(customer.owner?.name ? { name: customer.owner.name } : {}) },
    ...(answering ? { answering } : {}),
  });
  const about = { customerId: customer.customerId, replyId: reply.id };
  switch (outcome.status) {
    case 'relayed':
      return { status: 'relayed', ...about, messageId: outcome.message.id };
    case 'duplicate':
      return { status: 'duplicate', ...about };
    case 'unreachable':
      return { status: 'not-relayed', ...about, reason: outcome.reason };
    case 'failed':
      // Thrown, so the delivery of the owner's mail is retried: nothing went out yet.
      throw new ProviderError(`the owner's answer could not be handed over: ${outcome.error}`);
  }
}
