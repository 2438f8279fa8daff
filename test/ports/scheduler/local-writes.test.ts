import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../functions/ports/clock/index';
import { LocalScheduler } from '../../../functions/ports/scheduler/local';
import { createTable, type DynamoServer, startDynalite } from '../../support/dynamo-servers';

const NOW = new Date('2027-02-06T02:00:00Z');

/** The alarm loop's writes gathered per turn of the event loop, on the embedded store. */
describe('LocalScheduler writes', () => {
  let server: DynamoServer;
  let db: DynamoDBDocumentClient;
  const commands: string[] = [];

  beforeAll(async () => {
    server = await startDynalite();
    server.client.middlewareStack.add(
      (next, context) => (args) => {
        commands.push(context.commandName ?? '?');
        return next(args);
      },
      { step: 'initialize', name: 'countCommands' },
    );
    db = DynamoDBDocumentClient.from(server.client, { marshallOptions: { removeUndefinedValues: true } });
    await createTable(server.client, 'alarms');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('arms sixty customers at once in three BatchWriteItems, each durable when its promise settles', async () => {
    const scheduler = new LocalScheduler(db, 'alarms', new SimulatedClock(NOW));
    commands.length = 0;
    const ids = Array.from({ length: 60 }, (_, i) => `c-${i}`);
    await Promise.all(ids.map((id, i) => scheduler.arm(id, new Date(NOW.getTime() + (i + 1) * 60_000))));
    expect(commands).toEqual(['BatchWriteItemCommand', 'BatchWriteItemCommand', 'BatchWriteItemCommand']);
    const reloaded = new LocalScheduler(db, 'alarms', new SimulatedClock(NOW));
    expect(await reloaded.load()).toBe(60);
    expect(reloaded.pendingAt('c-59')).toEqual(new Date(NOW.getTime() + 60 * 60_000));
  });

  it('keeps the later of two writes of one alarm in the same turn, and a write alone is a plain one', async () => {
    const scheduler = new LocalScheduler(db, 'alarms', new SimulatedClock(NOW));
    commands.length = 0;
    await Promise.all([scheduler.arm('c-0', new Date('2027-03-01T00:00:00Z')), scheduler.disarm('c-0')]);
    expect(commands).toEqual(['DeleteItemCommand']);
    await scheduler.arm('c-1', new Date('2027-03-02T00:00:00Z'));
    expect(commands).toEqual(['DeleteItemCommand', 'PutItemCommand']);
    const reloaded = new LocalScheduler(db, 'alarms', new SimulatedClock(NOW));
    await reloaded.load();
    expect(reloaded.pendingAt('c-0')).toBeUndefined();
    expect(reloaded.pendingAt('c-1')).toEqual(new Date('2027-03-02T00:00:00Z'));
  });
});
