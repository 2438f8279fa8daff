import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../functions/ports/clock/index';
import {
  EventBridgeScheduler,
  jobScheduleNameFor,
  scheduleNameFor,
} from '../../../functions/ports/scheduler/eventbridge';
import type { JobRef } from '../../../functions/ports/scheduler/index';
import { LocalScheduler } from '../../../functions/ports/scheduler/local';
import { createTable, type DynamoServer, startDynalite } from '../../support/dynamo-servers';
import { DLQ_ARN, failure, GROUP, ROLE_ARN, TARGET_ARN } from '../../support/scheduler-target';

// Background jobs (a campaign's fan-out) ring through the same scheduler as
// customers, on alarms of their own that never touch a customer's.

const NOW = new Date('2027-03-16T00:00:00Z');
const job: JobRef = { kind: 'campaign', id: 'cmp-6325894e-f237-4f41-99e2-3a135b1f6451' };

describe('EventBridgeScheduler job alarms', () => {
  const scheduler = mockClient(SchedulerClient);
  let clock: SimulatedClock;
  const build = () =>
    new EventBridgeScheduler(
      new SchedulerClient({ region: 'ap-east-1' }),
      { groupName: GROUP, targetArn: TARGET_ARN, roleArn: ROLE_ARN, deadLetterArn: DLQ_ARN },
      clock,
    );

  beforeEach(() => {
    scheduler.reset();
    clock = new SimulatedClock(NOW);
  });

  afterAll(() => {
    scheduler.restore();
  });

  it('creates the job’s one-time schedule, a minute ahead at the earliest, with the job as its input', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    await build().armJob(job, NOW);
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input).toStrictEqual({
      Name: `j-campaign-${job.id}`,
      GroupName: GROUP,
      ScheduleExpression: 'at(2027-03-16T00:01:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: TARGET_ARN,
        RoleArn: ROLE_ARN,
        Input: JSON.stringify({ job: { kind: 'campaign', id: job.id } }),
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
        DeadLetterConfig: { Arn: DLQ_ARN },
      },
    });
  });

  it('moves it with UpdateSchedule, and deletes it by name', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ConflictException(failure('exists')))
      .on(UpdateScheduleCommand)
      .resolves({})
      .on(DeleteScheduleCommand)
      .rejects(new ResourceNotFoundException(failure('gone')));
    await build().armJob(job, new Date('2027-03-16T05:00:00Z'));
    expect(scheduler.commandCalls(UpdateScheduleCommand)[0]?.args[0].input).toMatchObject({
      Name: `j-campaign-${job.id}`,
      ScheduleExpression: 'at(2027-03-16T05:00:00)',
    });
    await expect(build().disarmJob(job)).resolves.toBeUndefined();
    expect(scheduler.commandCalls(DeleteScheduleCommand)[0]?.args[0].input).toStrictEqual({
      Name: `j-campaign-${job.id}`,
      GroupName: GROUP,
    });
  });

  it('names jobs apart from every customer, hashing ids that do not fit', () => {
    const long = { kind: 'campaign', id: `cmp-${'x'.repeat(80)}` } as const;
    expect(jobScheduleNameFor(long)).toMatch(/^j-campaign-h-[0-9a-f]{40}$/);
    expect(jobScheduleNameFor(long).length).toBeLessThanOrEqual(64);
    // Customers' schedules start c- or h-, never j-: a job can never move a customer's alarm.
    for (const customerId of ['j-campaign-cmp-1', 'campaign', 'x y']) {
      expect(scheduleNameFor(customerId)).toMatch(/^[ch]-/);
    }
  });
});

describe('LocalScheduler job alarms', () => {
  let server: DynamoServer;
  let db: DynamoDBDocumentClient;
  let tables = 0;
  const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

  beforeAll(async () => {
    server = await startDynalite();
    db = DynamoDBDocumentClient.from(server.client);
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function build() {
    const tableName = `jobs-${++tables}`;
    await createTable(server.client, tableName);
    const clock = new SimulatedClock(NOW);
    return { tableName, clock, local: new LocalScheduler(db, tableName, clock) };
  }

  it('rings a job’s alarm in time order with the customers’, to the job handler', async () => {
    const { clock, local } = await build();
    const rang: string[] = [];
    local.start(async (customerId) => {
      rang.push(`customer ${customerId}`);
    });
    local.handleJobs(async (ringing) => {
      rang.push(`${ringing.kind} ${ringing.id}`);
    });
    await local.arm('c-1', minutes(10));
    await local.armJob(job, minutes(5));
    await local.arm('c-2', minutes(20));
    expect(local.pendingJobAt(job)).toEqual(minutes(5));
    await local.advanceTo(clock, minutes(30));
    expect(rang).toEqual([`campaign ${job.id}`, 'customer c-1', 'customer c-2']);
    expect(local.pendingJobAt(job)).toBeUndefined();
  });

  it('keeps job alarms in the store, apart from customers’, so a restart rings them', async () => {
    const { tableName, clock, local } = await build();
    await local.armJob(job, minutes(5));
    await local.arm(job.id, minutes(6));
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: { pk: 'ALARMS', sk: `JOB#campaign#${job.id}` } }),
    );
    expect(Item?.at).toBe(minutes(5).toISOString());

    const restarted = new LocalScheduler(db, tableName, clock);
    expect(await restarted.load()).toBe(2);
    expect(restarted.pendingJobAt(job)).toEqual(minutes(5));
    expect(restarted.pendingAt(job.id)).toEqual(minutes(6));
    await restarted.disarmJob(job);
    expect(restarted.pendingJobAt(job)).toBeUndefined();
    expect(restarted.pendingAt(job.id)).toEqual(minutes(6));
  });

  it('rings a failed job again five minutes later', async () => {
    const { clock, local } = await build();
    let runs = 0;
    local.start(async () => {});
    local.handleJobs(async () => {
      runs++;
      if (runs === 1) throw new Error('the fan-out crashed');
    });
    await local.armJob(job, minutes(1));
    await local.advanceTo(clock, minutes(2));
    expect(runs).toBe(1);
    expect(local.pendingJobAt(job)).toEqual(minutes(6));
    await local.advanceTo(clock, minutes(10));
    expect(runs).toBe(2);
    expect(local.pendingJobAt(job)).toBeUndefined();
  });
});
