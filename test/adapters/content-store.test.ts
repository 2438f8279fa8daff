import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentKey, ContentVersion } from '../../functions/core/content-versions';
import { createDynamoStore } from '../../functions/ports/store/dynamodb/index';
import type { Store } from '../../functions/ports/store/index';
import { createTable, type DynamoServer, startDynalite, startDynamoDbLocal } from '../support/dynamo-servers';

const letter: ContentKey = {
  kind: 'template',
  template: 'monthly-letter',
  locale: 'zh-CN',
  channel: 'email',
};
const letterSms: ContentKey = {
  kind: 'template',
  template: 'monthly-letter',
  locale: 'zh-CN',
  channel: 'sms',
};
const caps: ContentKey = { kind: 'rule', rule: 'caps' };

function version(n: number, body: string, extra: Partial<ContentVersion> = {}): ContentVersion {
  return { version: n, at: `2027-03-0${n}T02:00:00.000Z`, content: { subject: `S${n}`, body }, ...extra };
}

describe.each([
  ['dynalite', startDynalite],
  ['DynamoDB Local', startDynamoDbLocal],
] as const)('content versions on %s', (serverName, startServer) => {
  const tableName = `content-${serverName.replace(/\W/g, '-')}-${Date.now().toString(36)}`;
  let server: DynamoServer;
  let db: DynamoDBDocumentClient;
  let store: Store;

  beforeAll(async () => {
    server = await startServer();
    await createTable(server.client, tableName);
    db = DynamoDBDocumentClient.from(server.client, { marshallOptions: { removeUndefinedValues: true } });
    store = createDynamoStore(db, tableName, () => new Date('2027-03-01T00:00:00Z'));
  }, 60_000);
  afterAll(async () => {
    await server.stop();
  });

  it('has nothing stored before the first edit', async () => {
    expect(await store.content.live()).toEqual([]);
    expect(await store.content.current(letter)).toBeUndefined();
    expect(await store.content.history(letter)).toEqual([]);
  });

  it('saves versions in order, the newest current, the history newest first', async () => {
    expect(await store.content.save(letter, version(2, '<p>two</p>', { note: 'spring', by: 'lin' }))).toBe(
      'saved',
    );
    expect(await store.content.save(letter, version(3, '<p>three</p>'))).toBe('saved');
    expect(await store.content.current(letter)).toEqual(version(3, '<p>three</p>'));
    expect(await store.content.history(letter)).toEqual([
      version(3, '<p>three</p>'),
      version(2, '<p>two</p>', { note: 'spring', by: 'lin' }),
    ]);
  });

  it('lets only one of two saves of the same version win', async () => {
    const results = await Promise.all([
      store.content.save(letterSms, version(2, 'left')),
      store.content.save(letterSms, version(2, 'right')),
    ]);
    expect([...results].sort()).toEqual(['conflict', 'saved']);
    const winner = results[0] === 'saved' ? 'left' : 'right';
    expect((await store.content.current(letterSms))?.content).toEqual({ subject: 'S2', body: winner });
    expect(await store.content.history(letterSms)).toHaveLength(1);
  });

  it('keeps rules apart from templates, and reads the live set in one query', async () => {
    const rule = {
      version: 2,
      at: '2027-03-05T00:00:00.000Z',
      content: { window: { start: '08:00', end: '20:00' } },
    };
    expect(await store.content.save(caps, rule)).toBe('saved');
    const live = await store.content.live();
    expect(
      live.map((c) => [c.key, c.version]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).toEqual(
      [
        [caps, 2],
        [letter, 3],
        [letterSms, 2],
      ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    expect(live.find((c) => c.key.kind === 'rule')).toEqual({ ...rule, key: caps });
  });

  it('rolls a current item left behind by a half-finished save forward on the next attempt', async () => {
    const key: ContentKey = { kind: 'rule', rule: 'birthday' };
    expect(
      await store.content.save(key, { version: 2, at: '2027-03-01T00:00:00.000Z', content: { a: 2 } }),
    ).toBe('saved');
    // A save that filed version 3 and failed before moving the current item.
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          pk: 'CONTENT#RULE#birthday',
          sk: 'V#000003',
          key,
          version: 3,
          at: '2027-03-02T00:00:00.000Z',
          content: { a: 3 },
        },
      }),
    );
    expect((await store.content.current(key))?.version).toBe(2);
    expect(
      await store.content.save(key, { version: 3, at: '2027-03-03T00:00:00.000Z', content: { a: 9 } }),
    ).toBe('conflict');
    expect(await store.content.current(key)).toEqual({
      version: 3,
      at: '2027-03-02T00:00:00.000Z',
      content: { a: 3 },
    });
    // The current item never moves back.
    expect(
      await store.content.save(key, { version: 4, at: '2027-03-04T00:00:00.000Z', content: { a: 4 } }),
    ).toBe('saved');
    expect((await store.content.current(key))?.version).toBe(4);
  });

  it('files the current items under one partition and each history under its own', async () => {
    const { Items } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'CONTENT#TPL#monthly-letter#zh-CN#email' },
      }),
    );
    expect(Items?.map((i) => i.sk)).toEqual(['V#000002', 'V#000003']);
  });
});
