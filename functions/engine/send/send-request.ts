import type { Channel } from '../../core/customers/customer';

/** What a rule, a letter or an alert asks the one send path to send. */
export interface SendRequest {
  rule: string;
  /** With `rule`, identifies the message for good: the same pair never sends twice. */
  occurrence: string;
  template: string;
  channel: Channel;
  /** Marketing messages carry unsubscribe links and obey consent; transactional ones are owed. */
  kind: 'marketing' | 'transactional';
  /** Send to the customer's owner instead of the customer (call tasks, alerts). */
  toOwner?: boolean;
  /** Extra template variables, e.g. `chase`. */
  variables?: Record<string, unknown>;
  /**
   * A person's own message (an owner answering the customer): sent from the
   * business's address under their name, not marked automatic, threaded to the
   * message it answers, and filed with who wrote it.
   */
  author?: { email: string; name: string; inReplyTo?: string };
}
