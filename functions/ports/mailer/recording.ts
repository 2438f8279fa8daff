import type { Outbox } from '../../local/outbox';
import type { Clock } from '../clock/index';
import type { Mailer, OutgoingEmail } from './index';

/** Wraps the local SES mailer so every email sent also lands in the local outbox. */
export class RecordingMailer implements Mailer {
  constructor(
    private readonly inner: Mailer,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async send(email: OutgoingEmail): Promise<{ providerMessageId: string }> {
    const result = await this.inner.send(email);
    await this.outbox.append({
      id: email.messageId,
      customerId: email.context.customerId,
      channel: 'email',
      from: email.from,
      to: email.to,
      ...(email.replyTo ? { replyTo: email.replyTo } : {}),
      subject: email.subject,
      text: email.text,
      html: email.html,
      headers: email.headers,
      rule: email.context.rule,
      sentAt: this.clock.now().toISOString(),
    });
    return result;
  }
}
