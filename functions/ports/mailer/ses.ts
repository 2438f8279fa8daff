import { type SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { CUSTOMER_TAG, customerTagValue, MESSAGE_TAG } from '../../core/sending/message-tags';
import type { Clock } from '../clock/index';
import type { Mailer, OutgoingEmail } from './index';
import { buildMime } from './mime';

/**
 * Mailer on SES SendRawEmail. Locally the same client points at the embedded
 * SES server, so this exact code path is what the tests exercise.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESClient,
    private readonly clock: Clock,
    private readonly options: { configurationSet?: string } = {},
  ) {}

  async send(email: OutgoingEmail): Promise<{ providerMessageId: string }> {
    const raw = buildMime(email, this.clock.now());
    const output = await this.ses.send(
      new SendRawEmailCommand({
        RawMessage: { Data: raw },
        Destinations: [email.to],
        ...(this.options.configurationSet ? { ConfigurationSetName: this.options.configurationSet } : {}),
        // Delivery events carry the tags back: they find the message by them.
        Tags: [
          { Name: MESSAGE_TAG, Value: email.messageId },
          { Name: CUSTOMER_TAG, Value: customerTagValue(email.context.customerId) },
        ],
      }),
    );
    if (!output.MessageId) throw new Error('SES accepted the email but returned no MessageId');
    return { providerMessageId: output.MessageId };
  }
}
