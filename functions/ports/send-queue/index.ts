import type { Channel } from '../../core/customers/customer';
import type { OutgoingEmail } from '../mailer/index';
import type { OutgoingSms } from '../sms/index';
import type { DraftMessage, MessageRecord } from '../store/index';

/**
 * One decided message and everything needed to deliver it: rendered,
 * addressed, its headers set, and the record to file. Nothing is on the
 * timeline yet: whoever delivers the job claims the message (files it
 * `sending`), and records the outcome there.
 */
export type SendJob = {
  customerId: string;
  /** The message's id: the same job delivered twice, or two jobs for it, still send once. */
  messageId: string;
  /** The message as filed on the customer's timeline when a delivery claims it. */
  message: DraftMessage;
  rule: string;
  /** Counted per template once sent. */
  template: string;
  channel: Channel;
  /** A marketer's test of a template: sent to them, never filed on a timeline or counted. */
  test?: true;
} & ({ channel: 'email'; email: OutgoingEmail } | { channel: 'sms'; sms: OutgoingSms });

/**
 * What handing a job over came to: `queued` when it waits for the `send`
 * consumer, or the delivery's own outcome when it was delivered at once.
 */
export type EnqueueOutcome =
  | { status: 'queued' }
  | { status: 'sent' | 'duplicate'; message: MessageRecord }
  | { status: 'failed'; message: MessageRecord; error: string };

/**
 * Hands claimed messages to the provider, at the account's sending rate. SQS
 * drained by the `send` Lambda on AWS; delivered in process, at once, locally.
 * Throws when the job could not be handed over (nothing will deliver it).
 * @example const outcome = await sendQueue.enqueue(job); // { status: 'queued' }
 */
export interface SendQueue {
  enqueue(job: SendJob): Promise<EnqueueOutcome>;
}
