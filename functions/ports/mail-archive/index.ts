/**
 * A customer's mail kept outside the table: on AWS the raw MIME of their
 * inbound mail in the inbound mail bucket; locally the outbox's copies of what
 * was sent them (the stand-in for the providers). An erasure deletes it.
 * @example await mailArchive.erase({ customerId: 'c-42', rawMailKeys: ['inbound/0a1b…'] });
 */
export interface MailArchive {
  /** Deletes it; deleting what is gone is harmless. Answers how many pieces were asked to go. */
  erase(customer: { customerId: string; rawMailKeys: readonly string[] }): Promise<number>;
}
