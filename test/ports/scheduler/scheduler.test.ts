import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ServiceQuotaExceededException,
  UpdateScheduleCommand,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../functions/ports/clock/index';
import { EventBridgeScheduler, scheduleNameFor } from '../../../functions/ports/scheduler/eventbridge';
import { LocalScheduler } from '../../../functions/ports/scheduler/local';
import { createTable, type DynamoServer, startDynalite } from '../../support/dynamo-servers';
import { DLQ_ARN, failure, GROUP, ROLE_ARN, TARGET_ARN } from '../../support/scheduler-target';

const NOW = new Date('2027-02-06T02:00:00Z');
const SCHEDULE_NAME = /^[0-9a-zA-Z-_.]{1,64}$/;

describe('EventBridgeScheduler', () => {
  const scheduler = mockClient(SchedulerClient);
  let clock: SimulatedClock;

  function build({ deadLetter = true } = {}): EventBridgeScheduler {
    return new EventBridgeScheduler(
      new SchedulerClient({ region: 'ap-east-1' }),
      {
        groupName: GROUP,
        targetArn: TARGET_ARN,
        roleArn: ROLE_ARN,
        ...(deadLetter ? { deadLetterArn: DLQ_ARN } : {}),
      },
      clock,
    );
  }

  function expectedInput(name: string, expression: string, customerId: string) {
    return {
      Name: name,
      GroupName: GROUP,
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: TARGET_ARN,
        RoleArn: ROLE_ARN,
        Input: JSON.stringify({ customerId }),
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
        DeadLetterConfig: { Arn: DLQ_ARN },
      },
    };
  }

  beforeEach(() => {
    scheduler.reset();
    clock = new SimulatedClock(NOW);
  });

  afterAll(() => {
    scheduler.restore();
  });

  it('creates one one-time schedule with exactly this input', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:schedule' });
    await build().arm('c-42', new Date('2027-02-09T01:00:00Z'));

    const calls = scheduler.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0]).toBeInstanceOf(CreateScheduleCommand);
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input).toStrictEqual(
      expectedInput('c-c-42', 'at(2027-02-09T01:00:00)', 'c-42'),
    );
  });

  it('leaves out the dead-letter queue when none is configured', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    await build({ deadLetter: false }).arm('c-42', new Date('2027-02-09T01:00:00Z'));

    const { DeadLetterConfig: _dlq, ...target } = expectedInput(
      'c-c-42',
      'at(2027-02-09T01:00:00)',
      'c-42',
    ).Target;
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input.Target).toStrictEqual(target);
  });

  it('writes the wall time in UTC without milliseconds', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    await build().arm('c-42', new Date('2027-12-31T23:59:59.999Z'));
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input.ScheduleExpression).toBe(
      'at(2027-12-31T23:59:59)',
    );
  });

  it('moves an existing schedule with UpdateSchedule and the same input', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ConflictException(failure('exists')))
      .on(UpdateScheduleCommand)
      .resolves({ ScheduleArn: 'arn:schedule' });
    await build().arm('c-42', new Date('2027-02-09T01:00:00Z'));

    const expected = expectedInput('c-c-42', 'at(2027-02-09T01:00:00)', 'c-42');
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input).toStrictEqual(expected);
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(1);
    expect(scheduler.commandCalls(UpdateScheduleCommand)[0]?.args[0].input).toStrictEqual(expected);
  });

  it('lets any other Create error through, without trying Update', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ServiceQuotaExceededException(failure('too many schedules')));
    await expect(build().arm('c-42', new Date('2027-02-09T01:00:00Z'))).rejects.toThrow('too many schedules');
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(0);

    scheduler.reset();
    scheduler.on(CreateScheduleCommand).rejects(new Error('socket hang up'));
    await expect(build().arm('c-42', new Date('2027-02-09T01:00:00Z'))).rejects.toThrow('socket hang up');
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
  });

  it('lets an Update error through after a conflict', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ConflictException(failure('exists')))
      .on(UpdateScheduleCommand)
      .rejects(new ValidationException(failure('bad expression')));
    await expect(build().arm('c-42', new Date('2027-02-09T01:00:00Z'))).rejects.toThrow('bad expression');
  });

  it('clamps an alarm in the past, or too close, to a minute from now', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    const eventBridge = build();
    await eventBridge.arm('c-late', new Date('2027-02-05T09:00:00Z'));
    await eventBridge.arm('c-soon', new Date(NOW.getTime() + 30_000));
    await eventBridge.arm('c-ok', new Date(NOW.getTime() + 61_000));

    const expressions = scheduler
      .commandCalls(CreateScheduleCommand)
      .map((call) => call.args[0].input.ScheduleExpression);
    expect(expressions).toEqual([
      'at(2027-02-06T02:01:00)',
      'at(2027-02-06T02:01:00)',
      'at(2027-02-06T02:01:01)',
    ]);
  });

  it('hashes customer ids a schedule name cannot hold into a stable valid name', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    const email = 'wang@example.com:1';
    const long = `c${'x'.repeat(69)}`;
    await build().arm(email, new Date('2027-02-09T01:00:00Z'));
    await build().arm(long, new Date('2027-02-09T01:00:00Z'));

    const [first, second] = scheduler.commandCalls(CreateScheduleCommand).map((call) => call.args[0].input);
    for (const [input, customerId] of [
      [first, email],
      [second, long],
    ] as const) {
      expect(input?.Name).toMatch(/^h-[0-9a-f]+$/);
      expect(input?.Name).toMatch(SCHEDULE_NAME);
      expect(input?.Name).toBe(scheduleNameFor(customerId));
      // The target still gets the real id.
      expect(input?.Target?.Input).toBe(JSON.stringify({ customerId }));
    }
    expect(scheduleNameFor(email)).toBe(scheduleNameFor('wang@example.com:1'));
    expect(scheduleNameFor(email)).not.toBe(scheduleNameFor('wang@example.com:2'));
    expect(scheduleNameFor(long)).not.toBe(scheduleNameFor(`${long}y`));
  });

  it('keeps readable ids readable up to the 64-character limit', () => {
    const longest = 'a'.repeat(62);
    expect(scheduleNameFor(longest)).toBe(`c-${longest}`);
    expect(scheduleNameFor(longest)).toMatch(SCHEDULE_NAME);
    expect(scheduleNameFor(`${longest}a`)).toMatch(/^h-/);
    expect(scheduleNameFor(`${longest}a`)).toMatch(SCHEDULE_NAME);
    expect(scheduleNameFor('C_42.v-2')).toBe('c-C_42.v-2');
    // Every id the customer schema allows gets a valid name.
    for (const id of ['a', 'a:b', 'a@b', '王芳', `${'9'.repeat(128)}`, 'h-abc'])
      expect(scheduleNameFor(id)).toMatch(SCHEDULE_NAME);
  });

  it('disarms with DeleteSchedule by name and group', async () => {
    scheduler.on(DeleteScheduleCommand).resolves({});
    await build().disarm('c-42');
    await build().disarm('wang@example.com:1');
    expect(scheduler.commandCalls(DeleteScheduleCommand).map((call) => call.args[0].input)).toStrictEqual([
      { Name: 'c-c-42', GroupName: GROUP },
      { Name: scheduleNameFor('wang@example.com:1'), GroupName: GROUP },
    ]);
  });

  it('treats a schedule that is already gone as disarmed, but lets other errors through', async () => {
    scheduler.on(DeleteScheduleCommand).rejects(new ResourceNotFoundException(failure('gone')));
    await expect(build().disarm('c-42')).resolves.toBeUndefined();

    scheduler.reset();
    scheduler.on(DeleteScheduleCommand).rejects(new ValidationException(failure('bad name')));
    await expect(build().disarm('c-42')).rejects.toThrow('bad name');
  });
});

describe('LocalScheduler', () => {
  let server: DynamoServer;
  let db: DynamoDBDocumentClient;
  let tableCount = 0;

  beforeAll(async () => {
    server = await startDynalite();
    db = DynamoDBDocumentClient.from(server.client, { marshallOptions: { removeUndefinedValues: true } });
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** A fresh table per test, so alarms never leak between tests. */
  async function freshTable(): Promise<string> {
    const tableName = `alarms-${++tableCount}`;
    await createTable(server.client, tableName);
    return tableName;
  }

  function minutes(n: number): Date {
    return new Date(NOW.getTime() + n * 60_000);
  }

  async function storedAlarm(tableName: string, customerId: string): Promise<string | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: { pk: 'ALARMS', sk: customerId }, ConsistentRead: true }),
    );
    return Item?.at as string | undefined;
  }

  it('persists alarms so a new instance on the same table picks them up', async () => {
    const tableName = await freshTable();
    const clock = new SimulatedClock(NOW);
    const first = new LocalScheduler(db, tableName, clock);
    await first.arm('c-1', minutes(10));
    await first.arm('c-2', minutes(20));

    const restarted = new LocalScheduler(db, tableName, clock);
    expect(restarted.pendingAt('c-1')).toBeUndefined();
    expect(await restarted.load()).toBe(2);
    expect(restarted.pendingAt('c-1')).toEqual(minutes(10));
    expect(restarted.pendingAt('c-2')).toEqual(minutes(20));

    const rang: string[] = [];
    restarted.start(async (customerId) => {
      rang.push(customerId);
    });
    await restarted.advanceTo(clock, minutes(30));
    expect(rang).toEqual(['c-1', 'c-2']);
  });

  it('moves an alarm when re-armed and forgets it when disarmed, in memory and in the store', async () => {
    const tableName = await freshTable();
    const clock = new SimulatedClock(NOW);
    const local = new LocalScheduler(db, tableName, clock);
    await local.arm('c-1', minutes(10));
    await local.arm('c-1', minutes(45));
    expect(local.pendingAt('c-1')).toEqual(minutes(45));
    expect(await storedAlarm(tableName, 'c-1')).toBe(minutes(45).toISOString());

    await local.arm('c-2', minutes(5));
    await local.disarm('c-2');
    expect(local.pendingAt('c-2')).toBeUndefined();
    expect(await storedAlarm(tableName, 'c-2')).toBeUndefined();
    // Disarming an alarm that is not set is harmless.
    await expect(local.disarm('c-none')).resolves.toBeUndefined();

    const restarted = new LocalScheduler(db, tableName, clock);
    expect(await restarted.load()).toBe(1);
    expect(restarted.pendingAt('c-1')).toEqual(minutes(45));
  });

  it('advances the clock alarm by alarm, in time order, up to the target', async () => {
    const tableName = await freshTable();
    const clock = new SimulatedClock(NOW);
    const local = new LocalScheduler(db, tableName, clock);
    await local.arm('c-late', minutes(90));
    await local.arm('c-early', minutes(10));
    await local.arm('c-middle', minutes(30));
    await local.arm('c-after', minutes(121));

    const rang: Array<[string, string]> = [];
    local.start(async (customerId) => {
      rang.push([customerId, clock.now().toISOString()]);
    });
    await local.advanceTo(clock, minutes(120));

    expect(rang).toEqual([
      ['c-early', minutes(10).toISOString()],
      ['c-middle', minutes(30).toISOString()],
      ['c-late', minutes(90).toISOString()],
    ]);
    expect(clock.now()).toEqual(minutes(120));
    expect(local.pendingAt('c-after')).toEqual(minutes(121));
    expect(local.pendingAt('c-early')).toBeUndefined();
  });

  it('rings an overdue alarm at the current time without moving the clock back', async () => {
    const tableName = await freshTable();
    const clock = new SimulatedClock(NOW);
    const local = new LocalScheduler(db, tableName, clock);
    await local.arm('c-overdue', minutes(-30));
    const rang: string[] = [];
    local.start(async () => {
      rang.push(clock.now().toISOString());
    });
    await local.advanceTo(clock, minutes(5));
    expect(rang).toEqual([NOW.toISOString()]);
    expect(clock.now()).toEqual(minutes(5));
  });

  it('re-arms an alarm whose handler throws, RETRY_MS (5 minutes) later', async () => {
    const tableName = await freshTable();
    const clock = new SimulatedClock(NOW);
    const events: Array<[string, Record<string, unknown>]> = [];
    const local = new LocalScheduler(db, tableName, clock, (event, fields) => events.push([event, fields]));
    await local.arm('c-flaky', minutes(10));

    const rang: string[] = [];
    local.start(async (customerId) => {
      rang.push(clock.now().toISOString());
      if (rang.length === 1) throw new Error(`store unavailable for ${customerId}`);
    });
    await local.advanceTo(clock, minutes(12));
    expect(rang).toEqual([minutes(10).toISOString()]);
    expect(events).toEqual([
      ['alarm.failed', { customerId: 'c-flaky', error: 'store unavailable for c-flaky' }],
    ]);
    expect(local.pendingAt('c-flaky')).toEqual(minutes(15));
    expect(await storedAlarm(tableName, 'c-flaky')).toBe(minutes(15).toISOString());

    await local.advanceTo(clock, minutes(60));
    expect(rang).toEqual([minutes(10).toISOString(), minutes(15).toISOString()]);
    expect(local.pendingAt('c-flaky')).toBeUndefined();
  });

  it('keeps the alarm a failing handler set itself instead of the retry', async () => {
    const tableName = await freshTable();
    const clock = new SimulatedClock(NOW);
    const local = new LocalScheduler(db, tableName, clock);
    await local.arm('c-1', minutes(10));
    local.start(async (customerId) => {
      await local.arm(customerId, minutes(60));
      throw new Error('failed after re-arming');
    });
    await local.advanceTo(clock, minutes(20));
    expect(local.pendingAt('c-1')).toEqual(minutes(60));
  });

  it('rings a customer again when its handler re-arms it within the target', async () => {
    const tableName = await freshTable();
    const clock = new SimulatedClock(NOW);
    const local = new LocalScheduler(db, tableName, clock);
    await local.arm('c-chase', minutes(10));
    await local.arm('c-other', minutes(40));

    const rang: Array<[string, string]> = [];
    local.start(async (customerId) => {
      rang.push([customerId, clock.now().toISOString()]);
      // The chase re-arms itself 25 minutes on, twice.
      if (customerId === 'c-chase' && rang.filter(([id]) => id === customerId).length < 3)
        await local.arm(customerId, new Date(clock.now().getTime() + 25 * 60_000));
      else await local.disarm(customerId);
    });
    await local.advanceTo(clock, minutes(180));

    expect(rang).toEqual([
      ['c-chase', minutes(10).toISOString()],
      ['c-chase', minutes(35).toISOString()],
      ['c-other', minutes(40).toISOString()],
      ['c-chase', minutes(60).toISOString()],
    ]);
    expect(clock.now()).toEqual(minutes(180));
    expect(local.pendingAt('c-chase')).toBeUndefined();
    expect(await storedAlarm(tableName, 'c-chase')).toBeUndefined();
  });

  it('runDue rings what is due at a time without touching the clock', async () => {
    const tableName = await freshTable();
    const clock = new SimulatedClock(NOW);
    const local = new LocalScheduler(db, tableName, clock);
    await local.arm('c-2', minutes(20));
    await local.arm('c-1', minutes(10));
    await local.arm('c-3', minutes(30));

    const rang: string[] = [];
    local.start(async (customerId) => {
      rang.push(customerId);
    });
    await local.runDue(minutes(20));
    expect(rang).toEqual(['c-1', 'c-2']);
    expect(clock.now()).toEqual(NOW);
    expect(local.pendingAt('c-3')).toEqual(minutes(30));

    await local.runDue(minutes(25));
    expect(rang).toEqual(['c-1', 'c-2']);
    await local.stop();
  });

  it('runs advanceTo and runDue one at a time', async () => {
    const tableName = await freshTable();
    const clock = new SimulatedClock(NOW);
    const local = new LocalScheduler(db, tableName, clock);
    await local.arm('c-1', minutes(10));
    await local.arm('c-2', minutes(20));

    let active = 0;
    let most = 0;
    const rang: string[] = [];
    local.start(async (customerId) => {
      active++;
      most = Math.max(most, active);
      await new Promise((done) => setTimeout(done, 5));
      rang.push(customerId);
      active--;
    });
    await Promise.all([local.advanceTo(clock, minutes(30)), local.runDue(minutes(30))]);
    expect(most).toBe(1);
    expect(rang).toEqual(['c-1', 'c-2']);
  });
});
