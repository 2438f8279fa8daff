import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry';
import type { UserRecord } from '../../../functions/core/team/users';
import type { InboxEntry, TaskView } from '../../../functions/ports/store/index';
import { STORE_SERVERS, storeOnServer } from '../../support/dynamo-servers';

const T0 = new Date('2027-02-06T02:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function user(id: string, email: string, overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id,
    email,
    name: email.split('@')[0]!,
    role: 'owner',
    locale: 'zh-CN',
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    sessionEpoch: 0,
    ...overrides,
  };
}

function audit(id: string, minute: number, by: string, target: string): AuditEntry {
  return { id, at: at(minute).toISOString(), by, byName: by, action: 'x.saved', target };
}

describe.each(STORE_SERVERS)('the team in the DynamoDB store on %s', (serverName, startServer) => {
  const fixture = storeOnServer(startServer, 'team', serverName, () => T0);

  it('files users with one email each, and frees the email when a user goes', async () => {
    const { users } = fixture.store;
    expect(await users.create(user('u-li', 'li.lei@shop.example'))).toBe('created');
    expect(await users.create(user('u-li2', 'li.lei@shop.example'))).toBe('email-taken');
    // The same create again (a retry) is still the one user.
    expect(await users.create(user('u-li', 'li.lei@shop.example'))).toBe('created');
    expect((await users.byEmail('li.lei@shop.example'))?.id).toBe('u-li');
    expect(await users.byEmail('nobody@shop.example')).toBeUndefined();

    expect(await users.remove('u-li')).toBe(true);
    expect(await users.remove('u-li')).toBe(false);
    expect(await users.byEmail('li.lei@shop.example')).toBeUndefined();
    expect(await users.create(user('u-li3', 'li.lei@shop.example'))).toBe('created');
    expect((await users.list()).map((u) => u.id)).toContain('u-li3');
  });

  it('takes over an email claimed by a create that stopped before its user was filed', async () => {
    // The claim a create writes first, left behind by a crash before the user item.
    await fixture.db.send(
      new PutCommand({
        TableName: fixture.tableName,
        Item: { pk: 'USERS', sk: 'EMAIL#half.way@shop.example', userId: 'u-lost' },
      }),
    );
    expect(await fixture.store.users.create(user('u-whole', 'half.way@shop.example'))).toBe('created');
    expect((await fixture.store.users.byEmail('half.way@shop.example'))?.id).toBe('u-whole');
  });

  it('changes an email by claiming the new one and freeing the old, and raises the epoch when asked', async () => {
    const { users } = fixture.store;
    await users.create(user('u-han', 'han.mei@shop.example'));
    await users.create(user('u-zhou', 'zhou@shop.example'));
    expect(await users.update('u-han', { email: 'zhou@shop.example' }, at(1))).toBe('email-taken');
    const moved = await users.update('u-han', { email: 'mei.han@shop.example', endSessions: true }, at(2));
    expect(moved).toMatchObject({
      email: 'mei.han@shop.example',
      sessionEpoch: 1,
      updatedAt: at(2).toISOString(),
    });
    expect(await users.byEmail('han.mei@shop.example')).toBeUndefined();
    expect((await users.byEmail('mei.han@shop.example'))?.id).toBe('u-han');
    const renamed = await users.update('u-han', { name: '韩梅梅', role: 'marketer' }, at(3));
    expect(renamed).toMatchObject({ name: '韩梅梅', role: 'marketer', sessionEpoch: 1 });
    expect(await users.update('u-nobody', { name: 'x' }, at(3))).toBeUndefined();
  });

  it('spends a link once, only while it is the outstanding one and unexpired', async () => {
    const { users } = fixture.store;
    await users.create(user('u-link', 'link@shop.example'));
    const first = { tokenHash: 'first-token-hash', purpose: 'setup' as const, expiresAt: at(60) };
    const second = { tokenHash: 'second-token-hash', purpose: 'setup' as const, expiresAt: at(60) };
    expect(await users.issueLink('u-link', first)).toBe(true);
    expect(await users.linkHolder('first-token-hash')).toBe('u-link');
    // A new link replaces the old: the old one is no longer anyone's.
    expect(await users.issueLink('u-link', second)).toBe(true);
    expect(await users.linkHolder('first-token-hash')).toBeUndefined();
    expect(await users.setPassword('u-link', 'first-token-hash', 'scrypt$hash', at(1))).toBeUndefined();
    // Past its end it sets nothing.
    expect(await users.setPassword('u-link', 'second-token-hash', 'scrypt$hash', at(61))).toBeUndefined();

    const set = await users.setPassword('u-link', 'second-token-hash', 'scrypt$hash', at(2));
    expect(set).toMatchObject({
      passwordHash: 'scrypt$hash',
      passwordSetAt: at(2).toISOString(),
      sessionEpoch: 1,
    });
    expect(set?.link).toBeUndefined();
    expect(await users.linkHolder('second-token-hash')).toBeUndefined();
    expect(await users.setPassword('u-link', 'second-token-hash', 'scrypt$other', at(3))).toBeUndefined();
    expect(await users.issueLink('u-nobody', first)).toBe(false);
  });

  it('keeps a session until it ends or is removed, with its end as the TTL', async () => {
    const { sessions } = fixture.store;
    const session = {
      tokenHash: 'session-hash',
      holder: { kind: 'user' as const, userId: 'u-1', epoch: 3 },
      createdAt: T0.toISOString(),
      expiresAt: at(720).toISOString(),
    };
    await sessions.create(session);
    expect(await sessions.get('session-hash', at(719))).toEqual(session);
    expect(await sessions.get('session-hash', at(720))).toBeUndefined();
    const { Item } = await fixture.db.send(
      new GetCommand({ TableName: fixture.tableName, Key: { pk: 'SESSION#session-hash', sk: 'SESSION' } }),
    );
    expect(Item?.expiresAt).toBe(Math.floor(at(720).getTime() / 1000));
    await sessions.remove('session-hash');
    expect(await sessions.get('session-hash', at(1))).toBeUndefined();
  });

  it('counts sign-in failures with conditional writes: a count changed meanwhile is not overwritten', async () => {
    const { signInAttempts } = fixture.store;
    const one = { failures: 1, lastFailureAt: at(0).toISOString() };
    const two = { failures: 2, lastFailureAt: at(1).toISOString() };
    expect(await signInAttempts.replace('account:a@shop.example', undefined, one, at(1440))).toBe(true);
    // A second first failure racing the first: refused, to be counted again from what is there.
    expect(await signInAttempts.replace('account:a@shop.example', undefined, one, at(1440))).toBe(false);
    expect(await signInAttempts.replace('account:a@shop.example', one, two, at(1441))).toBe(true);
    expect(await signInAttempts.replace('account:a@shop.example', one, two, at(1441))).toBe(false);
    expect(await signInAttempts.get('account:a@shop.example')).toEqual(two);
    await signInAttempts.clear('account:a@shop.example');
    expect(await signInAttempts.get('account:a@shop.example')).toBeUndefined();
  });

  it('reads the audit trail whole, by actor, by target and by both, newest first, a page at a time', async () => {
    const entries = [
      audit('a1', 1, 'u-1', 'rule:caps'),
      audit('a2', 2, 'u-2', 'rule:caps'),
      audit('a3', 3, 'u-1', 'segment:vip'),
      audit('a4', 4, 'u-1', 'rule:caps'),
      audit('a5', 5, 'key:abc', 'rule:caps'),
    ];
    for (const entry of entries) await fixture.store.audit.append(entry);
    const ids = async (query: { by?: string; target?: string }, limit = 10, after?: string) => {
      const page = await fixture.store.audit.list(query, limit, after);
      return { ids: page.entries.map((e) => e.id), next: page.next };
    };
    expect((await ids({})).ids).toEqual(['a5', 'a4', 'a3', 'a2', 'a1']);
    expect((await ids({ by: 'u-1' })).ids).toEqual(['a4', 'a3', 'a1']);
    expect((await ids({ target: 'rule:caps' })).ids).toEqual(['a5', 'a4', 'a2', 'a1']);
    expect((await ids({ target: 'rule:caps', by: 'u-1' })).ids).toEqual(['a4', 'a1']);
    expect((await fixture.store.audit.list({ target: 'segment:vip' }, 10)).entries).toEqual([entries[2]]);

    const first = await ids({ target: 'rule:caps' }, 2);
    expect(first.ids).toEqual(['a5', 'a4']);
    const second = await ids({ target: 'rule:caps' }, 2, first.next);
    expect(second.ids).toEqual(['a2', 'a1']);
    const whole = await ids({}, 3);
    expect((await ids({}, 3, whole.next)).ids).toEqual(['a2', 'a1']);
    await expect(fixture.store.audit.list({}, 3, 'bm90LWEtY3Vyc29y')).rejects.toThrow(
      'invalid audit request: cursor: not a cursor the audit trail returned',
    );
  });

  it("files an owner's copy of each inbox entry and task, and moves the task on both boards", async () => {
    const reply: InboxEntry = {
      id: 'r-1',
      customerId: 'c-1',
      customerName: '王芳',
      channel: 'email',
      kind: 'reply',
      text: '收到',
      at: at(1).toISOString(),
      ownerEmail: 'li.lei@shop.example',
    };
    await fixture.store.inbox.file(reply);
    await fixture.store.inbox.file({
      ...reply,
      id: 'r-2',
      customerId: 'c-2',
      ownerEmail: 'han@shop.example',
    });
    expect((await fixture.store.inbox.recent(10, undefined, 'li.lei@shop.example')).replies).toEqual([reply]);
    expect((await fixture.store.inbox.recent(10)).replies.map((r) => r.id)).toEqual(['r-2', 'r-1']);

    const task: TaskView = {
      id: 't-1',
      customerId: 'c-1',
      customerName: '王芳',
      task: 'call',
      status: 'open',
      note: 'call',
      at: at(1).toISOString(),
      ownerEmail: 'li.lei@shop.example',
    };
    await fixture.store.taskBoard.file(task);
    await fixture.store.taskBoard.file({ ...task, status: 'done', doneAt: at(2).toISOString() }, 'open');
    const mine = await fixture.store.taskBoard.list('all', 10, undefined, 'li.lei@shop.example');
    expect(mine.tasks.map((t) => [t.id, t.status])).toEqual([['t-1', 'done']]);
    expect((await fixture.store.taskBoard.list('open', 10, undefined, 'li.lei@shop.example')).tasks).toEqual(
      [],
    );
    expect((await fixture.store.taskBoard.list('done', 10)).tasks.map((t) => t.id)).toEqual(['t-1']);
    expect((await fixture.store.taskBoard.list('all', 10, undefined, 'han@shop.example')).tasks).toEqual([]);
  });
});
