import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import type { Customer } from '../../functions/core/customers/customer';
import { emptyState } from '../../functions/core/planning/state';
import type { SweepReport } from '../../functions/engine/fire/sweep';
import { createDocumentClient, createDynamoStore } from '../../functions/ports/store/dynamodb/index';
import type { Store } from '../../functions/ports/store/index';
import { createTable, type DynamoServer, startDynalite } from '../support/dynamo-servers';

const NOW = new Date('2027-02-10T02:00:00Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

function customer(customerId: string): Customer {
  return {
    customerId,
    name: 'Wang Fang',
    email: `${customerId}@example.com`,
    locale: 'en',
    timezone: 'Asia/Shanghai',
    consent: { email: true, sms: true },
  };
}

describe('the sweep Lambda, wired for AWS', () => {
  const scheduler = mockClient(SchedulerClient);
  let dynamo: DynamoServer;
  let store: Store;
  let sweep: (event: unknown) => Promise<SweepReport>;
  let stdout: MockInstance;

  beforeAll(async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    dynamo = await startDynalite();
    await createTable(dynamo.client, 'nurture-sweep');
    store = createDynamoStore(
      createDocumentClient({
        endpoint: dynamo.endpoint,
        region: 'local',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      }),
      'nurture-sweep',
      () => NOW,
    );
    // The sweep's environment only: no secrets, no sending.
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      NURTURE_TABLE: 'nurture-sweep',
      NURTURE_SCHEDULE_GROUP: 'nurture-alarms',
      NURTURE_FIRE_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:nurture-fire',
      NURTURE_SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/nurture-scheduler',
      NURTURE_SCHEDULER_DLQ_ARN: 'arn:aws:sqs:us-east-1:123456789012:nurture-alarm-dlq',
    });
    sweep = (await import('../../functions/handlers/sweep')).handler;
  });
  afterAll(async () => {
    vi.useRealTimers();
    scheduler.restore();
    await dynamo.stop();
  });

  const pending = async (customerId: string, nextAt: Date) => {
    await store.customers.upsert(customer(customerId), minutesAgo(24 * 60));
    await store.customers.saveState(customerId, { ...emptyState, version: 1 }, nextAt);
  };

  it('re-arms an alarm that was lost (its schedule gone from EventBridge) with the exact schedule input', async () => {
    // The alarm of c-lost was for 40 minutes ago and never rang; c-soon's is not yet overdue.
    await pending('c-lost', minutesAgo(40));
    await pending('c-soon', minutesAgo(5));
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let report: SweepReport;
    let lines: Record<string, unknown>[];
    try {
      report = await sweep({});
    } finally {
      lines = stdout.mock.calls.map(([chunk]) => JSON.parse(String(chunk)) as Record<string, unknown>);
      stdout.mockRestore();
    }
    // A day back from 02:00, up to the 01:45 cutoff: 24 hours of the index, one query each.
    expect(report).toMatchObject({ hours: 24, pages: 24, rearmed: 1, failed: [] });
    expect(scheduler.commandCalls(CreateScheduleCommand).map((call) => call.args[0].input)).toEqual([
      {
        Name: 'c-c-lost',
        GroupName: 'nurture-alarms',
        // A schedule cannot be in the past: a minute from now.
        ScheduleExpression: 'at(2027-02-10T02:01:00)',
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        State: 'ENABLED',
        Target: {
          Arn: 'arn:aws:lambda:us-east-1:123456789012:function:nurture-fire',
          RoleArn: 'arn:aws:iam::123456789012:role/nurture-scheduler',
          Input: '{"customerId":"c-lost"}',
          RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
          DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:123456789012:nurture-alarm-dlq' },
        },
      },
    ]);
    expect(lines).toContainEqual(
      expect.objectContaining({ event: 'alarm.rearmed', customerId: 'c-lost', lateSeconds: 2400 }),
    );
    // The invocation's metrics, flushed once at its end.
    expect(lines.filter((line) => '_aws' in line)).toEqual([
      expect.objectContaining({ service: 'nurture', SweepRearms: 1 }),
    ]);
  });

  it('fails the invocation when a re-arm fails, so Lambda retries it and the errors alarm rings', async () => {
    scheduler.reset();
    scheduler
      .on(CreateScheduleCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await expect(sweep({})).rejects.toThrow('sweep could not re-arm 1 alarm(s)');
    } finally {
      stdout.mockRestore();
    }
  });

  it('looks back further when asked by hand, and refuses a malformed request', async () => {
    scheduler.reset();
    await pending('c-days-ago', minutesAgo(3 * 24 * 60));
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await sweep({ lookbackHours: 96 })).toMatchObject({ hours: 96, rearmed: 2, failed: [] });
      await expect(sweep({ lookbackHours: 'lots' })).rejects.toThrow(/invalid sweep event: lookbackHours/);
    } finally {
      quiet.mockRestore();
    }
    expect(
      scheduler
        .commandCalls(CreateScheduleCommand)
        .map((call) => call.args[0].input.Name)
        .sort(),
    ).toEqual(['c-c-days-ago', 'c-c-lost']);
  });
});
