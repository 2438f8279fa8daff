import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { OutgoingSms, Sms } from './index';

export interface SnsSmsOptions {
  /** An origination number or sender id registered for the destination countries. */
  originationNumber?: string;
  senderId?: string;
}

/** Sms on SNS Publish straight to a phone number. */
export class SnsSms implements Sms {
  constructor(
    private readonly sns: SNSClient,
    private readonly options: SnsSmsOptions = {},
  ) {}

  async send(message: OutgoingSms): Promise<{ providerMessageId: string }> {
    const attributes: Record<string, { DataType: 'String'; StringValue: string }> = {
      'AWS.SNS.SMS.SMSType': {
        DataType: 'String',
        StringValue: message.kind === 'transactional' ? 'Transactional' : 'Promotional',
      },
    };
    if (this.options.originationNumber) {
      attributes['AWS.MM.SMS.OriginationNumber'] = {
        DataType: 'String',
        StringValue: this.options.originationNumber,
      };
    }
    if (this.options.senderId) {
      attributes['AWS.SNS.SMS.SenderID'] = { DataType: 'String', StringValue: this.options.senderId };
    }
    const output = await this.sns.send(
      new PublishCommand({ PhoneNumber: message.to, Message: message.body, MessageAttributes: attributes }),
    );
    if (!output.MessageId) throw new Error('SNS accepted the SMS but returned no MessageId');
    return { providerMessageId: output.MessageId };
  }
}
