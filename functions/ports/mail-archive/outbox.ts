import type { Outbox } from '../../local/outbox';
import type { MailArchive } from './index';

/**
 * MailArchive for the local engine: it keeps no raw inbound mail (the harness
 * takes it in the request), but its outbox holds a copy of every message sent,
 * addresses included; those of the customer go.
 */
export class OutboxMailArchive implements MailArchive {
  constructor(private readonly outbox: Outbox) {}

  erase(customer: { customerId: string }): Promise<number> {
    return this.outbox.forget(customer.customerId);
  }
}
