import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDynamoStore } from '../../../functions/ports/store/dynamodb/index';
import type { Store } from '../../../functions/ports/store/index';
import { awsTestEnvironment } from '../../support/aws-env';
import { createTable, type DynamoServer, startDynalite } from '../../support/dynamo-servers';
import { FIXTURE_ADDRESS, FIXTURE_MESSAGE_ID, fixture, sesEvent } from './ses-fixtures';

const SECOND_MESSAGE_ID = '0a1b2c3d4e5f60718293';

type SnsEvent = { Records: { Sns: { MessageId: string; Message: string } }[] };
/** What the stack's EventBridge rule hands the function: SES's event record as `detail`. */
type BusEvent = { id: string; source: string; 'detail-type': string; detail: unknown };
type Handler = (event: SnsEvent | BusEvent) => Promise<void>;

function busEvent(
  detailType: string,
  detail: unknown,
  id = 'b7d2c0de-0000-4000-8000-00000000000a',
): BusEvent {
  return {
    version: '0',
    id,
    'detail-type': detailType,
    source: 'aws.ses',
    account: '123456789012',
    time: '2027-02-06T02:00:05Z',
    region: 'us-east-1',
    resources: [],
    detail,
  } as BusEvent;
}

/** The Lambda's SNS event around `messages` (SES records), one record each. */
function snsEvent(...messages: unknown[]): SnsEvent {
  const template = fixture<SnsEvent>('sns-lambda-event').Records[0]!;
  return {
    Records: messages.map((message, i) => ({
      ...template,
      Sns: {
        ...template.Sns,
        MessageId: `sns-${i}`,
        Message: typeof message === 'string' ? message : JSON.stringify(message),
      },
    })),
  };
}

describe('the delivery-events Lambda, wired for AWS', () => {
  let dynamo: DynamoServer;
  let store: Store;
  let handler: Handler;
  const lines: string[] = [];

  beforeAll(async () => {
    dynamo = await startDynalite();
    await createTable(dynamo.client, 'nurture-events');
    Object.assign(
      process.env,
      awsTestEnvironment({ table: 'nurture-events', dynamoEndpoint: dynamo.endpoint }),
    );
    const db = DynamoDBDocumentClient.from(dynamo.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    store = createDynamoStore(db, 'nurture-events', () => new Date('2027-02-06T02:00:00Z'));
    // The messages the fixtures are about, as the send path files them.
    for (const id of [FIXTURE_MESSAGE_ID, SECOND_MESSAGE_ID]) {
      await store.timeline.claimMessage(
        {
          id,
          customerId: 'c-wang',
          channel: 'email',
          to: FIXTURE_ADDRESS,
          subject: '王芳,您好',
          text: '王芳,您好!',
          rule: 'letter',
          occurrence: id,
          template: 'hello-again',
          locale: 'zh-CN',
          at: '2027-02-06T02:00:00.000Z',
        },
        { status: 'sending', sendingAt: '2027-02-06T02:00:00.000Z' },
      );
    }
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    handler = (await import('../../../functions/handlers/delivery-events')).handler;
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await dynamo.stop();
  });

  it('reads the SES bounce out of the SNS envelope and lists the address', async () => {
    await handler(fixture<SnsEvent>('sns-lambda-event'));
    expect(await store.suppressions.get(FIXTURE_ADDRESS)).toMatchObject({
      reason: 'hard-bounce',
      source: 'ses:bounce',
    });
    expect(await store.timeline.findMessage(FIXTURE_MESSAGE_ID)).toMatchObject({
      delivery: { status: 'bounced' },
    });
    expect(await store.stats.templateCounts()).toEqual([expect.objectContaining({ bounced: 1 })]);
  });

  it('takes a redelivery of the same notification, and a batch, without counting twice', async () => {
    await handler(
      snsEvent(
        fixture('bounce-permanent'),
        sesEvent('open', { messageId: FIXTURE_MESSAGE_ID }),
        sesEvent('click', { messageId: FIXTURE_MESSAGE_ID }),
      ),
    );
    expect(await store.stats.templateCounts()).toEqual([
      expect.objectContaining({ template: 'hello-again', bounced: 1, opened: 1, clicked: 1 }),
    ]);
    const statuses = lines
      .map((line) => JSON.parse(line) as { event: string; status?: string })
      .filter((entry) => entry.event === 'delivery.received')
      .map((entry) => entry.status);
    expect(statuses).toEqual(['recorded', 'duplicate', 'recorded', 'recorded']);

    // The same open and click again, found by their customer tag this time: nothing changes twice.
    lines.length = 0;
    await handler(
      snsEvent(
        sesEvent('open', { messageId: FIXTURE_MESSAGE_ID, customerId: 'c-wang' }),
        sesEvent('click', { messageId: FIXTURE_MESSAGE_ID, customerId: 'c-wang' }),
      ),
    );
    expect(await store.stats.templateCounts()).toEqual([
      expect.objectContaining({ template: 'hello-again', bounced: 1, opened: 1, clicked: 1 }),
    ]);
    expect(
      lines
        .map((line) => JSON.parse(line) as { event: string; status?: string })
        .filter((entry) => entry.event === 'delivery.received')
        .map((entry) => entry.status),
    ).toEqual(['duplicate', 'duplicate']);
  });

  it('logs and drops a record that is not an SES event, and goes on with the rest', async () => {
    lines.length = 0;
    await handler(
      snsEvent(
        'not json at all',
        { eventType: 'Bounce', mail: {} },
        sesEvent('delivery', { messageId: SECOND_MESSAGE_ID, customerId: 'c-wang' }),
      ),
    );
    const logged = lines.map((line) => JSON.parse(line) as { event: string; eventId?: string });
    expect(logged.filter((l) => l.event === 'delivery.unreadable').map((l) => l.eventId)).toEqual([
      'sns-0',
      'sns-1',
    ]);
    expect(await store.stats.templateCounts()).toEqual([expect.objectContaining({ delivered: 1 })]);
    // No raw address reaches the logs.
    expect(lines.join('')).not.toContain(FIXTURE_ADDRESS);
  });

  it('takes SES events from the default event bus, as the stack routes them, once', async () => {
    lines.length = 0;
    const delivered = busEvent(
      'Email Delivered',
      sesEvent('delivery', { messageId: FIXTURE_MESSAGE_ID, customerId: 'c-wang' }),
    );
    await handler(delivered);
    await handler(delivered);
    await handler(busEvent('Email Bounced', 'not an SES record', 'b7d2c0de-0000-4000-8000-00000000000b'));
    const logged = lines.map(
      (line) => JSON.parse(line) as { event: string; status?: string; eventId?: string },
    );
    expect(logged.filter((l) => l.event === 'delivery.received').map((l) => l.status)).toEqual([
      'recorded',
      'duplicate',
    ]);
    expect(logged.filter((l) => l.event === 'delivery.unreadable').map((l) => l.eventId)).toEqual([
      'b7d2c0de-0000-4000-8000-00000000000b',
    ]);
    expect(await store.timeline.findMessage(FIXTURE_MESSAGE_ID)).toMatchObject({
      delivery: { status: 'bounced' },
      deliveredAt: expect.any(String),
    });
  });
});
