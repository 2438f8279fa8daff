import type { Channel } from '../../core/customers/customer';

/**
 * A message's way out. It is filed when a delivery claims it, already
 * `sending` (in the provider's hands), then `sent` or `failed`. `queued` is the
 * answer of a send handed to the queue and not delivered yet (not filed), and
 * the state a retryable failure leaves a filed message in until the job's next
 * try. A queued or failed message may be claimed again, unless its failure
 * left the outcome unknown (`outcomeUnknown`).
 */
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface MessageRecord {
  id: string;
  customerId: string;
  channel: Channel;
  to: string;
  replyTo?: string;
  subject?: string;
  text: string;
  rule: string;
  occurrence: string;
  template: string;
  locale: string;
  status: MessageStatus;
  /** When the send was claimed; the time the message is filed under. */
  at: string;
  /** When the current attempt began calling the provider (while `sending`). */
  sendingAt?: string;
  sentAt?: string;
  providerMessageId?: string;
  attempts: number;
  error?: string;
  /**
   * An attempt began calling the provider and ended without an outcome: the
   * message may have gone out, so it is failed for good and never claimed again.
   */
  outcomeUnknown?: boolean;
  /** What the provider last reported about the message's fate (delivery events). */
  delivery?: MessageDelivery;
  /** When the provider reported the message delivered (its Delivery event), whatever came after. */
  deliveredAt?: string;
  /** The first time the customer opened the email (its first Open event). */
  openedAt?: string;
  /** The first time the customer clicked a link in it (its first Click event). */
  clickedAt?: string;
  /** The first real reply to it: campaigns count replies per message. */
  repliedAt?: string;
}

/** A message's fate as the provider reported it, from the least to the most final. */
export const deliveryStatuses = [
  'delayed',
  'delivered',
  'not-rendered',
  'rejected',
  'soft-bounced',
  'bounced',
  'complained',
] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export interface MessageDelivery {
  status: DeliveryStatus;
  /** When the provider saw it happen. */
  at: string;
  /** The provider's words, e.g. `Permanent (General): smtp; 550 5.1.1 user unknown`. */
  detail?: string;
}

/** The fields a send attempt or a delivery event may change on a filed message. */
export type MessagePatch = Partial<
  Pick<
    MessageRecord,
    | 'status'
    | 'sendingAt'
    | 'sentAt'
    | 'providerMessageId'
    | 'error'
    | 'outcomeUnknown'
    | 'attempts'
    | 'delivery'
    | 'deliveredAt'
    | 'openedAt'
    | 'clickedAt'
    | 'repliedAt'
  >
>;

/**
 * A message as decided and rendered, before any attempt: what a send job
 * carries and what its delivery files when it claims the message.
 */
export type DraftMessage = Pick<
  MessageRecord,
  | 'id'
  | 'customerId'
  | 'channel'
  | 'to'
  | 'replyTo'
  | 'subject'
  | 'text'
  | 'rule'
  | 'occurrence'
  | 'template'
  | 'locale'
  | 'at'
>;

/** How a claim files its message: in the provider's hands, or failed before it got there. */
export type ClaimAs = { status: 'sending'; sendingAt: string } | { status: 'failed'; error: string };

/**
 * What a conditional message update expects to find: the message still at
 * `status` and, when given, still held by the attempt that began at `sendingAt`.
 */
export interface MessageExpectation {
  status: MessageStatus;
  sendingAt?: string;
}

/** The conditions a message update may carry; see `TimelineRepo.updateMessage`. */
export interface MessageUpdateOptions {
  onlyIfUnset?: keyof MessagePatch;
  onlyIfDeliveryBelow?: DeliveryStatus;
  expect?: MessageExpectation;
}
