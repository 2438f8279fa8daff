import type { Outbox } from '../../local/outbox';
import type { Clock } from '../clock/index';
import type { OutgoingSms, Sms } from './index';

/** Sms for the local engine: nothing leaves the machine, every SMS lands in the outbox. */
export class OutboxSms implements Sms {
  constructor(
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async send(message: OutgoingSms): Promise<{ providerMessageId: string }> {
    await this.outbox.append({
      id: message.messageId,
      customerId: message.context.customerId,
      channel: 'sms',
      to: message.to,
      text: message.body,
      rule: message.context.rule,
      sentAt: this.clock.now().toISOString(),
    });
    return { providerMessageId: `local-sms-${message.messageId}` };
  }
}
