import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { ContentKey, ContentVersion } from '../../../functions/core/content/content-versions';
import { STORE_SERVERS, storeOnServer } from '../../support/dynamo-servers';

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

describe.each(STORE_SERVERS)('content versions on %s', (serverName, startServer) => {
  const fixture = storeOnServer(
    startServer,
    'content',
    serverName,
    () => new Date('2027-03-01T00:00:00Z'),
    60_000,
  );

  it('has nothing stored before the first edit', async () => {
    expect(await fixture.store.content.live()).toEqual([]);
    expect(await fixture.store.content.current(letter)).toBeUndefined();
    expect(await fixture.store.content.history(letter)).toEqual([]);
  });

  it('saves versions in order, the newest current, the history newest first', async () => {
    expect(
      await fixture.store.content.save(letter, version(2, '<p>two</p>', { note: 'spring', by: 'lin' })),
    ).toBe('saved');
    expect(await fixture.store.content.save(letter, version(3, '<p>three</p>'))).toBe('saved');
    expect(await fixture.store.content.current(letter)).toEqual(version(3, '<p>three</p>'));
    expect(await fixture.store.content.history(letter)).toEqual([
      version(3, '<p>three</p>'),
      version(2, '<p>two</p>', { note: 'spring', by: 'lin' }),
    ]);
  });

  it('lets only one of two saves of the same version win', async () => {
    const results = await Promise.all([
      fixture.store.content.save(letterSms, version(2, 'left')),
      fixture.store.content.save(letterSms, version(2, 'right')),
    ]);
    expect([...results].sort()).toEqual(['conflict', 'saved']);
    const winner = results[0] === 'saved' ? 'left' : 'right';
    expect((await fixture.store.content.current(letterSms))?.content).toEqual({
      subject: 'S2',
      body: winner,
    });
    expect(await fixture.store.content.history(letterSms)).toHaveLength(1);
  });

  it('keeps rules apart from templates, and reads the live set in one query', async () => {
    const rule = {
      version: 2,
      at: '2027-03-05T00:00:00.000Z',
      content: { window: { start: '08:00', end: '20:00' } },
    };
    expect(await fixture.store.content.save(caps, rule)).toBe('saved');
    const live = await fixture.store.content.live();
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
      await fixture.store.content.save(key, {
        version: 2,
        at: '2027-03-01T00:00:00.000Z',
        content: { a: 2 },
      }),
    ).toBe('saved');
    // A save that filed version 3 and failed before moving the current item.
    await fixture.db.send(
      new PutCommand({
        TableName: fixture.tableName,
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
    expect((await fixture.store.content.current(key))?.version).toBe(2);
    expect(
      await fixture.store.content.save(key, {
        version: 3,
        at: '2027-03-03T00:00:00.000Z',
        content: { a: 9 },
      }),
    ).toBe('conflict');
    expect(await fixture.store.content.current(key)).toEqual({
      version: 3,
      at: '2027-03-02T00:00:00.000Z',
      content: { a: 3 },
    });
    // The current item never moves back.
    expect(
      await fixture.store.content.save(key, {
        version: 4,
        at: '2027-03-04T00:00:00.000Z',
        content: { a: 4 },
      }),
    ).toBe('saved');
    expect((await fixture.store.content.current(key))?.version).toBe(4);
  });

  it('files the current items under one partition and each history under its own', async () => {
    const { Items } = await fixture.db.send(
      new QueryCommand({
        TableName: fixture.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'CONTENT#TPL#monthly-letter#zh-CN#email' },
      }),
    );
    expect(Items?.map((i) => i.sk)).toEqual(['V#000002', 'V#000003']);
  });
});
