import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../../functions/local/outbox';
import { SimulatedClock } from '../../../functions/ports/clock/index';
import type { OutgoingSms } from '../../../functions/ports/sms/index';
import { OutboxSms } from '../../../functions/ports/sms/outbox';
import { SnsSms } from '../../../functions/ports/sms/sns';
import { createTable, type DynamoServer, startDynalite } from '../../support/dynamo-servers';

const promotional: OutgoingSms = {
  messageId: '0123456789abcdef0123',
  to: '+8613800138000',
  body: '王芳您好,春节快乐!新品已到店,回复T退订',
  kind: 'promotional',
  context: { customerId: 'c-wang', rule: 'festival' },
};

const transactional: OutgoingSms = {
  messageId: 'fedcba98765432100123',
  to: '+14155550101',
  body: 'Your order has shipped and should arrive on March 3.',
  kind: 'transactional',
  context: { customerId: 'c-li', rule: 'order-progress' },
};

describe('SnsSms', () => {
  const sns = mockClient(SNSClient);

  beforeEach(() => {
    sns.reset();
  });

  afterAll(() => {
    sns.restore();
  });

  function client(): SNSClient {
    return new SNSClient({ region: 'ap-east-1' });
  }

  it('publishes a promotional SMS straight to the number', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-0001' });
    const result = await new SnsSms(client()).send(promotional);

    expect(result).toEqual({ providerMessageId: 'sns-0001' });
    expect(sns.calls()).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toStrictEqual({
      PhoneNumber: '+8613800138000',
      Message: '王芳您好,春节快乐!新品已到店,回复T退订',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Promotional' },
      },
    });
  });

  it('marks a transactional SMS as such', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-0002' });
    await new SnsSms(client()).send(transactional);

    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toStrictEqual({
      PhoneNumber: '+14155550101',
      Message: 'Your order has shipped and should arrive on March 3.',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
      },
    });
  });

  it('adds the origination number and sender id when configured', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-0003' });
    await new SnsSms(client(), { originationNumber: '+18445550100', senderId: 'ShopCo' }).send(transactional);
    await new SnsSms(client(), { originationNumber: '+18445550100' }).send(promotional);
    await new SnsSms(client(), { senderId: 'ShopCo' }).send(promotional);

    expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input)).toStrictEqual([
      {
        PhoneNumber: '+14155550101',
        Message: 'Your order has shipped and should arrive on March 3.',
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'AWS.MM.SMS.OriginationNumber': { DataType: 'String', StringValue: '+18445550100' },
          'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'ShopCo' },
        },
      },
      {
        PhoneNumber: '+8613800138000',
        Message: promotional.body,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Promotional' },
          'AWS.MM.SMS.OriginationNumber': { DataType: 'String', StringValue: '+18445550100' },
        },
      },
      {
        PhoneNumber: '+8613800138000',
        Message: promotional.body,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Promotional' },
          'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'ShopCo' },
        },
      },
    ]);
  });

  it('fails when SNS returns no MessageId', async () => {
    sns.on(PublishCommand).resolves({});
    await expect(new SnsSms(client()).send(promotional)).rejects.toThrow(/no MessageId/);
  });

  it('lets an SNS error through', async () => {
    sns.on(PublishCommand).rejects(new Error('Invalid parameter: PhoneNumber'));
    await expect(new SnsSms(client()).send(promotional)).rejects.toThrow('Invalid parameter: PhoneNumber');
  });
});

describe('OutboxSms', () => {
  const tableName = 'sms-outbox';
  let server: DynamoServer;
  let outbox: Outbox;

  beforeAll(async () => {
    server = await startDynalite();
    await createTable(server.client, tableName);
    outbox = new Outbox(
      DynamoDBDocumentClient.from(server.client, { marshallOptions: { removeUndefinedValues: true } }),
      tableName,
    );
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('files every SMS in the outbox, in send order, and lists one customer on request', async () => {
    const clock = new SimulatedClock(new Date('2027-02-06T02:00:00Z'));
    const sms = new OutboxSms(outbox, clock);

    expect(await sms.send(promotional)).toEqual({ providerMessageId: `local-sms-${promotional.messageId}` });
    clock.set(new Date('2027-02-06T02:00:01Z'));
    expect(await sms.send(transactional)).toEqual({
      providerMessageId: `local-sms-${transactional.messageId}`,
    });

    const wang = {
      id: promotional.messageId,
      customerId: 'c-wang',
      channel: 'sms',
      to: '+8613800138000',
      text: promotional.body,
      rule: 'festival',
      sentAt: '2027-02-06T02:00:00.000Z',
    };
    const li = {
      id: transactional.messageId,
      customerId: 'c-li',
      channel: 'sms',
      to: '+14155550101',
      text: transactional.body,
      rule: 'order-progress',
      sentAt: '2027-02-06T02:00:01.000Z',
    };
    expect(await outbox.list()).toStrictEqual([wang, li]);
    expect(await outbox.list('c-li')).toStrictEqual([li]);
    expect(await outbox.list('c-wang')).toStrictEqual([wang]);
    expect(await outbox.list('c-nobody')).toStrictEqual([]);
  });
});
