import type { Channel } from '../../core/customer';
import type { OutgoingEmail } from '../mailer/index';
import type { OutgoingSms } from '../sms/index';
import type { MessageRecord } from '../store/index';

/**
 * One claimed message and everything needed to deliver it: rendered,
 * addressed, its headers set. The message is on the timeline as `queued`;
 * whoever delivers the job records the outcome there.
 */
export type SendJob = {
  customerId: string;
  /** The claimed message's id: the same job delivered twice still sends once. */
  messageId: string;
  rule: string;
  /** Counted per template once sent. */
  template: string;
  channel: Channel;
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
