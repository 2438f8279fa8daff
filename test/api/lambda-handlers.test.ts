import { createHash } from 'node:crypto';
import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalSes, startLocalSes } from '../../functions/local/ses-server';
import { createTable, type DynamoServer, startDynalite } from '../support/dynamo-servers';
import { TEMPLATES_DIR } from '../support/local-engine';

type ApiHandler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;

/** An API Gateway HTTP API (payload 2.0) event, as the `api` Lambda receives it. */
function httpEvent(method: string, path: string, body?: unknown) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {
      authorization: 'Bearer test-api-key',
      'content-type': 'application/json',
      host: 'api.example.com',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'r1',
      routeKey: '$default',
      stage: '$default',
      time: '06/Feb/2027:02:00:00 +0000',
      timeEpoch: 1801620000000,
    },
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

describe('the Lambda handlers, wired for AWS', () => {
  const scheduler = mockClient(SchedulerClient);
  let dynamo: DynamoServer;
  let ses: LocalSes;
  let api: ApiHandler;
  let fire: typeof import('../../functions/handlers/fire').handler;

  beforeAll(async () => {
    // The handlers run on the system clock: hold its date still (timers run as usual) so which
    // cadence comes first does not depend on the day the suite runs.
    vi.useFakeTimers({ now: new Date('2027-02-10T02:00:00Z'), toFake: ['Date'] });
    dynamo = await startDynalite();
    await createTable(dynamo.client, 'nurture-lambda');
    ses = await startLocalSes(0);
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      // The SDK's service-specific endpoint variables point the real clients at the local servers.
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SES: ses.endpoint,
      NURTURE_TABLE: 'nurture-lambda',
      NURTURE_TEMPLATES_DIR: TEMPLATES_DIR,
      NURTURE_WEBHOOK_SECRET: 'whsec_bG9jYWwtbnVydHVyZS13ZWJob29rLXNlY3JldA==',
      NURTURE_SIGNING_KEY: 'a-signing-key-for-the-tests',
      NURTURE_API_KEY_SHA256: createHash('sha256').update('test-api-key').digest('hex'),
      NURTURE_PUBLIC_URL: 'https://api.example.com',
      NURTURE_SCHEDULE_GROUP: 'nurture',
      NURTURE_FIRE_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:nurture-fire',
      NURTURE_SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/nurture-scheduler',
    });
    api = (await import('../../functions/handlers/api')).handler as unknown as ApiHandler;
    fire = (await import('../../functions/handlers/fire')).handler;
  });

  afterAll(async () => {
    vi.useRealTimers();
    scheduler.restore();
    await dynamo.stop();
    await ses.stop();
  });

  it('serves the API from an HTTP API event: files a customer, sends a chased letter, arms the alarm', async () => {
    const put = await api(
      httpEvent('PUT', '/v1/customers/c-aws', {
        name: 'Wang Fang',
        email: 'wang@example.com',
        timezone: 'Asia/Shanghai',
      }),
      {},
    );
    expect(put.statusCode).toBe(201);

    const letter = await api(
      httpEvent('POST', '/v1/customers/c-aws/messages', {
        template: 'hello-again',
        channel: 'email',
        chase: true,
      }),
      {},
    );
    expect(letter.statusCode).toBe(201);
    const { message } = JSON.parse(letter.body) as { message: { sentAt: string; replyTo: string } };
    expect(message.replyTo).toMatch(/@reply\.nurture\.local$/);

    // Filing the customer armed the first cadence (the monthly letter); the chase moved the alarm earlier.
    const created = scheduler.commandCalls(CreateScheduleCommand);
    expect(created).toHaveLength(2);
    const input = created[1]!.args[0].input;
    expect(input).toMatchObject({
      Name: 'c-c-aws',
      GroupName: 'nurture',
      ActionAfterCompletion: 'DELETE',
      ScheduleExpressionTimezone: 'UTC',
      Target: {
        Arn: 'arn:aws:lambda:us-east-1:123456789012:function:nurture-fire',
        RoleArn: 'arn:aws:iam::123456789012:role/nurture-scheduler',
        Input: '{"customerId":"c-aws"}',
      },
    });
    // Day 3 of the chase, 09:00 in Shanghai.
    const sent = new Date(message.sentAt);
    const shanghaiDate = new Date(sent.getTime() + 8 * 3600_000);
    const expected = new Date(
      Date.UTC(shanghaiDate.getUTCFullYear(), shanghaiDate.getUTCMonth(), shanghaiDate.getUTCDate() + 3, 1),
    );
    expect(input.ScheduleExpression).toBe(`at(${expected.toISOString().slice(0, 19)})`);

    const store = (await (await fetch(`${process.env.AWS_ENDPOINT_URL_SES}/store`)).json()) as {
      emails: { destination: { to: string[] }; replyTo: string[] }[];
    };
    expect(store.emails.at(-1)).toMatchObject({
      destination: { to: ['wang@example.com'] },
      replyTo: [message.replyTo],
    });
  });

  it('rejects a request without the API key', async () => {
    const event = httpEvent('GET', '/v1/customers/c-aws');
    event.headers.authorization = 'Bearer wrong';
    expect((await api(event, {})).statusCode).toBe(401);
  });

  it('fires a customer with nothing due: nothing is sent and the alarm is re-armed for the chase', async () => {
    const report = await fire({ customerId: 'c-aws' });
    expect(report).toMatchObject({ customerId: 'c-aws', actions: [] });
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(3);
  });

  it('fires for a customer that no longer exists by removing their alarm', async () => {
    scheduler
      .on(DeleteScheduleCommand)
      .rejects(new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} }));
    await expect(fire({ customerId: 'c-gone' })).resolves.toMatchObject({
      customerId: 'c-gone',
      actions: [],
    });
    expect(scheduler.commandCalls(DeleteScheduleCommand)[0]!.args[0].input).toEqual({
      Name: 'c-c-gone',
      GroupName: 'nurture',
    });
    await expect(fire({ customerId: 'not a valid id!' })).rejects.toThrow();
  });

  it('routes a campaign’s job alarm to its fan-out, on a schedule apart from the customers’', async () => {
    const created = await api(
      httpEvent('POST', '/v1/campaigns', {
        name: 'February letter',
        segment: { everyone: true },
        template: 'campaign-new-arrivals',
        channels: 'email',
        sendAt: '2027-02-11T10:00',
      }),
      {},
    );
    expect(created.statusCode).toBe(201);
    const { campaign } = JSON.parse(created.body) as { campaign: { id: string } };
    const jobSchedule = scheduler
      .commandCalls(CreateScheduleCommand)
      .map((call) => call.args[0].input)
      .find((input) => input.Name === `j-campaign-${campaign.id}`);
    expect(jobSchedule?.Target?.Input).toBe(JSON.stringify({ job: { kind: 'campaign', id: campaign.id } }));

    const report = await fire(
      { job: { kind: 'campaign', id: campaign.id } },
      { getRemainingTimeInMillis: () => 50_000 },
    );
    expect(report).toMatchObject({
      campaignId: campaign.id,
      status: 'fanned-out',
      counts: { targeted: 1, queued: 1 },
    });
    // The recipient's own alarm moved to the campaign's 10:00 in Shanghai (02:00-03:00 UTC).
    const customerAlarm = scheduler
      .commandCalls(CreateScheduleCommand)
      .map((call) => call.args[0].input)
      .filter((input) => input.Name === 'c-c-aws')
      .at(-1);
    expect(customerAlarm?.ScheduleExpression).toMatch(/^at\(2027-02-11T0[23]:/);
    // While it ran, the job's alarm stood five minutes ahead; done, it is removed.
    const jobAlarms = scheduler
      .commandCalls(CreateScheduleCommand)
      .map((call) => call.args[0].input)
      .filter((input) => input.Name === `j-campaign-${campaign.id}`);
    expect(jobAlarms.at(-1)?.ScheduleExpression).toBe('at(2027-02-10T02:05:00)');
    expect(scheduler.commandCalls(DeleteScheduleCommand).at(-1)?.args[0].input).toEqual({
      Name: `j-campaign-${campaign.id}`,
      GroupName: 'nurture',
    });
    await expect(fire({ job: { kind: 'flyer', id: campaign.id } })).rejects.toThrow();
  });
});
