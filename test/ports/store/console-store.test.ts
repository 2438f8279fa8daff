import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../functions/core/customers/customer';
import { emptyState } from '../../../functions/core/planning/state';
import type { InboxEntry, Store, TaskRecord } from '../../../functions/ports/store/index';
import { STORE_SERVERS, storeOnServer } from '../../support/dynamo-servers';

const T0 = new Date('2027-02-06T02:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000).toISOString();

function customer(customerId: string, overrides: Partial<Customer> = {}): Customer {
  return {
    customerId,
    name: '王芳',
    locale: 'zh-CN',
    timezone: 'Asia/Shanghai',
    country: 'CN',
    consent: { email: true, sms: true },
    ...overrides,
  };
}

function inboxEntry(id: string, at: number, kind: InboxEntry['kind'] = 'reply'): InboxEntry {
  return {
    id,
    customerId: 'c-1',
    customerName: '王芳',
    channel: 'email',
    kind,
    text: '收到',
    at: minutes(at),
  };
}

function task(id: string, at: number, customerId = 'c-task'): TaskRecord {
  return { id, customerId, task: 'call', status: 'open', note: 'call them', at: minutes(at) };
}

describe.each(STORE_SERVERS)('console reads in the DynamoDB store on %s', (serverName, startServer) => {
  const fixture = storeOnServer(startServer, 'console', serverName, () => T0);

  it('lists the inbox complaints first, then newest first, each with an expiry', async () => {
    await fixture.store.inbox.file(inboxEntry('r-old', 0));
    await fixture.store.inbox.file(inboxEntry('r-complaint-old', 1, 'complaint'));
    await fixture.store.inbox.file(inboxEntry('r-new', 30));
    await fixture.store.inbox.file(inboxEntry('r-complaint-new', 20, 'complaint'));
    await fixture.store.inbox.file(inboxEntry('r-new', 30)); // filed again: still one entry
    expect((await fixture.store.inbox.recent(10)).replies.map((e) => e.id)).toEqual([
      'r-complaint-new',
      'r-complaint-old',
      'r-new',
      'r-old',
    ]);
    const first = await fixture.store.inbox.recent(1);
    expect(first.replies).toEqual([inboxEntry('r-complaint-new', 20, 'complaint')]);
    // Page by page with the cursor: every entry once, in the same order.
    const paged: string[] = [];
    let next: string | undefined;
    do {
      const page = await fixture.store.inbox.recent(3, next);
      paged.push(...page.replies.map((e) => e.id));
      next = page.next;
    } while (next);
    expect(paged).toEqual(['r-complaint-new', 'r-complaint-old', 'r-new', 'r-old']);
    await expect(fixture.store.inbox.recent(3, 'bm90LWEtY3Vyc29y')).rejects.toThrow(/cursor/);
    const { Items = [] } = await fixture.db.send(
      new QueryCommand({
        TableName: fixture.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'INBOX' },
      }),
    );
    expect(Items.find((item) => item.id === 'r-old')?.expiresAt).toBe(
      Math.floor(Date.parse(minutes(0)) / 1000) + 180 * 86_400,
    );
  });

  it('marks a timeline task done once and reopens it; an unknown task is undefined', async () => {
    expect(await fixture.store.timeline.addEntry({ type: 'task', ...task('t-1', 0) })).toBe(true);
    const done = await fixture.store.timeline.setTaskStatus('c-task', 't-1', 'done', new Date(minutes(5)));
    expect(done).toEqual({ ...task('t-1', 0), status: 'done', doneAt: minutes(5) });
    // A repeat keeps the first doneAt.
    expect(await fixture.store.timeline.setTaskStatus('c-task', 't-1', 'done', new Date(minutes(9)))).toEqual(
      done,
    );
    const reopened = await fixture.store.timeline.setTaskStatus(
      'c-task',
      't-1',
      'open',
      new Date(minutes(10)),
    );
    expect(reopened).toEqual(task('t-1', 0));
    expect(
      await fixture.store.timeline.setTaskStatus('c-task', 't-1', 'open', new Date(minutes(11))),
    ).toEqual(reopened);
    expect(await fixture.store.timeline.setTaskStatus('c-task', 't-none', 'done', T0)).toBeUndefined();
    expect(await fixture.store.timeline.setTaskStatus('c-nobody', 't-1', 'done', T0)).toBeUndefined();
    const { timeline } = await fixture.store.customers.getFile('c-task');
    expect(timeline).toEqual([{ type: 'task', ...task('t-1', 0) }]);
  });

  it('keeps the task board by status, newest first, pages with a cursor and moves tasks idempotently', async () => {
    const view = (t: TaskRecord) => ({ ...t, customerName: '李雷' });
    for (let i = 0; i < 5; i++) await fixture.store.taskBoard.file(view(task(`b-${i}`, i, `c-b${i}`)));
    await fixture.store.taskBoard.file(
      view({ ...task('b-1', 1, 'c-b1'), status: 'done', doneAt: minutes(50) }),
      'open',
    );
    await fixture.store.taskBoard.file(
      view({ ...task('b-1', 1, 'c-b1'), status: 'done', doneAt: minutes(50) }),
      'open',
    );
    const open = await fixture.store.taskBoard.list('open', 10);
    expect(open.tasks.map((t) => t.id)).toEqual(['b-4', 'b-3', 'b-2', 'b-0']);
    expect(open.next).toBeUndefined();
    expect((await fixture.store.taskBoard.list('done', 10)).tasks).toEqual([
      view({ ...task('b-1', 1, 'c-b1'), status: 'done', doneAt: minutes(50) }),
    ]);
    const first = await fixture.store.taskBoard.list('all', 3);
    expect(first.tasks.map((t) => t.id)).toEqual(['b-4', 'b-3', 'b-2']);
    const second = await fixture.store.taskBoard.list('all', 3, first.next);
    expect(second.tasks.map((t) => t.id)).toEqual(['b-0', 'b-1']);
    await expect(fixture.store.taskBoard.list('done', 3, first.next)).rejects.toThrow(/cursor/);
    await expect(fixture.store.taskBoard.list('all', 3, 'bm90LWEtY3Vyc29y')).rejects.toThrow(/cursor/);
  });

  it("files referrals on the referrer's partition, read with the file, and takes them off again", async () => {
    await fixture.store.customers.upsert(customer('c-ref'), T0);
    await fixture.store.customers.linkReferral('c-ref', {
      customerId: 'c-new',
      name: '陈明',
      at: minutes(1),
    });
    await fixture.store.customers.linkReferral('c-ref', {
      customerId: 'c-early',
      name: 'Chen Li',
      at: minutes(0),
    });
    await fixture.store.customers.linkReferral('c-ref', {
      customerId: 'c-new',
      name: '陈明',
      at: minutes(1),
    });
    let file = await fixture.store.customers.getFile('c-ref');
    expect(file.referrals).toEqual([
      { customerId: 'c-early', name: 'Chen Li', at: minutes(0) },
      { customerId: 'c-new', name: '陈明', at: minutes(1) },
    ]);
    expect(file.timeline).toEqual([]);
    await fixture.store.customers.unlinkReferral('c-ref', 'c-early');
    file = await fixture.store.customers.getFile('c-ref');
    expect(file.referrals.map((r) => r.customerId)).toEqual(['c-new']);
  });

  it('reads several profiles at once, leaving out unknown ids', async () => {
    await fixture.store.customers.upsert(customer('c-m1', { name: 'One' }), T0);
    await fixture.store.customers.upsert(customer('c-m2', { name: 'Two' }), T0);
    const records = await fixture.store.customers.getMany(['c-m2', 'c-unknown', 'c-m1', 'c-m2']);
    expect(records.map((r) => r.customer.name)).toEqual(['Two', 'One']);
  });

  it('keeps the search card in the directory entry, with where to go on from after it', async () => {
    const filed = customer('c-card', {
      name: 'Zhang Wei',
      email: 'zw@example.com',
      city: 'Foshan',
      tags: ['VIP'],
    });
    await fixture.store.customers.upsert(filed, T0);
    await fixture.store.customers.saveState('c-card', { ...emptyState, version: 1 }, undefined, filed);
    expect((await fixture.store.customers.get('c-card'))?.inDirectory).toBe(true);
    const entries = [];
    for (let cursor: Parameters<Store['directory']['page']>[1]; ; ) {
      const page = await fixture.store.directory.page([{ country: 'CN', city: 'foshan' }], cursor, 100);
      entries.push(...page.entries);
      if (!page.next) break;
      cursor = page.next;
    }
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry?.card).toEqual({
      name: 'Zhang Wei',
      email: 'zw@example.com',
      city: 'Foshan',
      tags: ['VIP'],
    });
    expect(entry?.facts).not.toHaveProperty('card');
    expect(entry?.facts.tags).toEqual(['vip']);
    // Going on from right after the entry finds nothing more in its part.
    const after = await fixture.store.directory.page(
      [{ country: 'CN', city: 'foshan' }],
      entry!.position,
      100,
    );
    expect(after.entries).toEqual([]);
  });
});
