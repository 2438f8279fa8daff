import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../functions/core/customers/customer';
import type { Deal } from '../../../functions/core/customers/deal';
import { ConflictError } from '../../../functions/core/errors';
import { type EngineState, emptyState } from '../../../functions/core/planning/state';
import type { MessageRecord, ReplyRecord, TaskRecord } from '../../../functions/ports/store/index';
import { STORE_SERVERS, storeOnServer } from '../../support/dynamo-servers';

const T0 = new Date('2027-02-06T02:00:00Z');

function at(offsetMinutes: number): Date {
  return new Date(T0.getTime() + offsetMinutes * 60_000);
}

function customer(customerId: string, overrides: Partial<Customer> = {}): Customer {
  return {
    customerId,
    name: '王芳',
    email: 'Wang.Fang@Example.com',
    phone: '+8613800138000',
    locale: 'zh-CN',
    timezone: 'Asia/Shanghai',
    country: 'CN',
    consent: { email: true, sms: true },
    ...overrides,
  };
}

function message(customerId: string, id: string, overrides: Partial<MessageRecord> = {}): MessageRecord {
  return {
    id,
    customerId,
    channel: 'email',
    to: 'wang.fang@example.com',
    replyTo: `reply+${id}@reply.shop.example`,
    subject: '您好',
    text: '王芳,您好!',
    rule: 'chase',
    occurrence: 'chase-1#0',
    template: 'chase/first',
    locale: 'zh-CN',
    status: 'sending',
    at: at(0).toISOString(),
    sendingAt: at(0).toISOString(),
    attempts: 1,
    ...overrides,
  };
}

/** The claim that files `message` as it is: sending since its `sendingAt`. */
function claimedAs(message: MessageRecord): { status: 'sending'; sendingAt: string } {
  return { status: 'sending', sendingAt: message.sendingAt ?? message.at };
}

function reply(customerId: string, id: string, overrides: Partial<ReplyRecord> = {}): ReplyRecord {
  return {
    id,
    customerId,
    channel: 'email',
    from: 'wang.fang@example.com',
    subject: 'Re: 您好',
    text: '收到了,谢谢',
    kind: 'reply',
    at: at(0).toISOString(),
    ...overrides,
  };
}

function task(customerId: string, id: string, overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    id,
    customerId,
    task: 'call',
    status: 'open',
    note: 'No reply after two letters: phone 王芳',
    at: at(0).toISOString(),
    ...overrides,
  };
}

function deal(customerId: string, stage: Deal['stage'], overrides: Partial<Deal> = {}): Deal {
  return {
    dealId: `d-${customerId}`,
    customerId,
    stage,
    items: [{ name: 'Oak dining table', quantity: 1, unitPrice: 1200 }],
    amount: 1200,
    currency: 'CNY',
    ...overrides,
  };
}

function state(version: number, overrides: Partial<EngineState> = {}): EngineState {
  return { ...emptyState, version, ...overrides };
}

describe.each(STORE_SERVERS)('DynamoDB store on %s', (serverName, startServer) => {
  /** The receipts' clock; tests move it forward to expire receipts. */
  let now = T0;
  const fixture = storeOnServer(startServer, 'store', serverName, () => now);

  describe('customers', () => {
    it('creates a profile with the empty engine state, then updates it keeping the state', async () => {
      const first = await fixture.store.customers.upsert(customer('c-upsert'), at(0));
      expect(first.created).toBe(true);
      // Due at once in the alarm index until the engine plans the customer: never unarmed.
      expect(first.record).toEqual({
        customer: customer('c-upsert'),
        state: emptyState,
        createdAt: at(0).toISOString(),
        updatedAt: at(0).toISOString(),
        nextAt: at(0).toISOString(),
      });
      expect((await fixture.store.customers.get('c-upsert'))?.nextAt).toBe(at(0).toISOString());

      await fixture.store.customers.saveState(
        'c-upsert',
        state(1, { lastReplyAt: at(5).toISOString() }),
        at(60),
      );

      const second = await fixture.store.customers.upsert(
        customer('c-upsert', { name: 'Wang Fang' }),
        at(10),
      );
      expect(second.created).toBe(false);
      expect(second.record).toEqual({
        customer: customer('c-upsert', { name: 'Wang Fang' }),
        state: state(1, { lastReplyAt: at(5).toISOString() }),
        createdAt: at(0).toISOString(),
        updatedAt: at(10).toISOString(),
        nextAt: at(60).toISOString(),
        // In the directory by its profile, without state facts until a save brings them.
        inDirectory: false,
      });
      expect(await fixture.store.customers.get('c-upsert')).toEqual(second.record);
      // A save that brings the customer writes the state facts too: the entry is complete.
      await fixture.store.customers.saveState('c-upsert', state(2), at(70), customer('c-upsert'));
      expect(await fixture.store.customers.get('c-upsert')).toMatchObject({ inDirectory: true });
    });

    // A simulated clock that has not moved, or two requests in the same millisecond.
    it('reports created only once when the same customer is upserted twice at the same instant', async () => {
      expect((await fixture.store.customers.upsert(customer('c-same-instant'), at(0))).created).toBe(true);
      expect((await fixture.store.customers.upsert(customer('c-same-instant'), at(0))).created).toBe(false);
    });

    it('returns undefined for an unknown customer', async () => {
      expect(await fixture.store.customers.get('c-nobody')).toBeUndefined();
    });

    it('saves state only from the version it was read at', async () => {
      await fixture.store.customers.upsert(customer('c-state'), at(0));

      await fixture.store.customers.saveState('c-state', state(1), at(60));
      expect(await fixture.store.customers.get('c-state')).toMatchObject({
        state: state(1),
        nextAt: at(60).toISOString(),
      });

      // A second writer that also read version 0 loses.
      await expect(
        fixture.store.customers.saveState('c-state', state(1, { lastReplyAt: 'x' }), at(30)),
      ).rejects.toThrow(ConflictError);
      // Skipping a version is a conflict too.
      await expect(fixture.store.customers.saveState('c-state', state(3), undefined)).rejects.toBeInstanceOf(
        ConflictError,
      );

      await fixture.store.customers.saveState('c-state', state(2), at(90));
      expect((await fixture.store.customers.get('c-state'))?.nextAt).toBe(at(90).toISOString());

      // No pending alarm: nextAt goes.
      await fixture.store.customers.saveState('c-state', state(3), undefined);
      const record = await fixture.store.customers.get('c-state');
      expect(record?.state).toEqual(state(3));
      expect(record).not.toHaveProperty('nextAt');
    });

    it('refuses to save state for a customer that does not exist (and creates nothing)', async () => {
      await expect(fixture.store.customers.saveState('c-ghost', state(1), at(60))).rejects.toBeInstanceOf(
        ConflictError,
      );
      expect(await fixture.store.customers.get('c-ghost')).toBeUndefined();
    });

    it('finds customers by email (any case) and by E.164 phone', async () => {
      await fixture.store.customers.upsert(
        customer('c-find-1', { email: 'Li.Lei@Example.COM', phone: '+14155550101' }),
        at(0),
      );
      await fixture.store.customers.upsert(
        customer('c-find-2', { email: 'li.lei@example.com', phone: '+14155550102' }),
        at(0),
      );

      expect((await fixture.store.customers.findByContact({ email: 'li.lei@example.com' })).sort()).toEqual([
        'c-find-1',
        'c-find-2',
      ]);
      expect((await fixture.store.customers.findByContact({ email: 'LI.LEI@EXAMPLE.COM' })).sort()).toEqual([
        'c-find-1',
        'c-find-2',
      ]);
      expect(await fixture.store.customers.findByContact({ phone: '+14155550101' })).toEqual(['c-find-1']);
      expect(await fixture.store.customers.findByContact({ phone: '+14155550199' })).toEqual([]);
      expect(await fixture.store.customers.findByContact({ email: 'nobody@example.com' })).toEqual([]);
    });

    it('stops finding a customer by an email or phone the profile no longer has', async () => {
      await fixture.store.customers.upsert(
        customer('c-moved', { email: 'old@example.com', phone: '+14155550111' }),
        at(0),
      );
      expect(await fixture.store.customers.findByContact({ email: 'old@example.com' })).toEqual(['c-moved']);

      await fixture.store.customers.upsert(
        customer('c-moved', { email: undefined, phone: '+14155550111' }),
        at(1),
      );
      expect(await fixture.store.customers.findByContact({ email: 'old@example.com' })).toEqual([]);
      expect(await fixture.store.customers.findByContact({ phone: '+14155550111' })).toEqual(['c-moved']);

      await fixture.store.customers.upsert(
        customer('c-moved', { email: 'new@example.com', phone: undefined }),
        at(2),
      );
      expect(await fixture.store.customers.findByContact({ email: 'new@example.com' })).toEqual(['c-moved']);
      expect(await fixture.store.customers.findByContact({ phone: '+14155550111' })).toEqual([]);
      expect((await fixture.store.customers.get('c-moved'))?.customer).toEqual(
        customer('c-moved', { email: 'new@example.com', phone: undefined }),
      );
    });
  });

  describe('timeline', () => {
    it('files a message with its claim, once; the loser sees the stored message', async () => {
      const claim = message('c-claim', 'm-claim-1');
      expect(await fixture.store.timeline.claimMessage(claim, claimedAs(claim))).toEqual({
        claimed: true,
        message: claim,
      });
      expect(await fixture.store.timeline.getMessage('c-claim', 'm-claim-1')).toEqual(claim);

      const again = await fixture.store.timeline.claimMessage(
        { ...claim, at: at(5).toISOString(), text: 'other' },
        { status: 'sending', sendingAt: at(5).toISOString() },
      );
      expect(again).toEqual({ claimed: false, existing: claim });
    });

    it('files only the draft: a whole record passed in does not carry its outcome', async () => {
      const stale = message('c-draft', 'm-draft-1', {
        status: 'sent',
        attempts: 7,
        sentAt: at(1).toISOString(),
        providerMessageId: 'ses-stale',
        error: 'old',
      });
      const claim = await fixture.store.timeline.claimMessage(stale, {
        status: 'sending',
        sendingAt: at(2).toISOString(),
      });
      expect(claim).toEqual({
        claimed: true,
        message: message('c-draft', 'm-draft-1', { sendingAt: at(2).toISOString() }),
      });
    });

    it('lets a failed message be claimed again, counting attempts and starting clean', async () => {
      const claim = message('c-retry', 'm-retry-1');
      await fixture.store.timeline.claimMessage(claim, claimedAs(claim));
      await fixture.store.timeline.updateMessage('c-retry', 'm-retry-1', {
        status: 'failed',
        error: 'Throttling',
        providerMessageId: 'ses-0001',
      });
      expect(await fixture.store.timeline.findMessage('m-retry-1')).toMatchObject({
        status: 'failed',
        error: 'Throttling',
        attempts: 1,
      });

      const retry = { ...claim, at: at(5).toISOString() };
      const claimed = await fixture.store.timeline.claimMessage(retry, {
        status: 'sending',
        sendingAt: at(6).toISOString(),
      });
      // The winner also sees what the last attempt left.
      expect(claimed).toEqual({
        claimed: true,
        message: { ...claim, at: at(5).toISOString(), sendingAt: at(6).toISOString(), attempts: 2 },
        previous: { ...claim, status: 'failed', error: 'Throttling', providerMessageId: 'ses-0001' },
      });
      // The new attempt starts clean: the last attempt's error and provider id are gone.
      expect(await fixture.store.timeline.findMessage('m-retry-1')).toEqual(
        claimed.claimed && claimed.message,
      );

      // While the retry is in flight, nobody else can claim it.
      expect(await fixture.store.timeline.claimMessage(retry, claimedAs(retry))).toMatchObject({
        claimed: false,
        existing: { status: 'sending', attempts: 2 },
      });
    });

    it('lets a message put back to queued (a retryable failure) be claimed by the next try', async () => {
      const claim = message('c-queued', 'm-queued-1');
      await fixture.store.timeline.claimMessage(claim, claimedAs(claim));
      await fixture.store.timeline.updateMessage('c-queued', 'm-queued-1', {
        status: 'queued',
        error: 'Throttling',
      });
      expect(
        await fixture.store.timeline.claimMessage(claim, {
          status: 'sending',
          sendingAt: at(3).toISOString(),
        }),
      ).toMatchObject({ claimed: true, message: { status: 'sending', attempts: 2 } });
      expect((await fixture.store.timeline.getMessage('c-queued', 'm-queued-1'))?.error).toBeUndefined();
    });

    it('files a failure before any attempt (a job that never reached the queue) where nothing is filed yet', async () => {
      const draft = message('c-unqueued', 'm-unqueued-1');
      expect(
        await fixture.store.timeline.claimMessage(draft, {
          status: 'failed',
          error: 'not handed to the send queue',
        }),
      ).toEqual({
        claimed: true,
        message: { ...draft, status: 'failed', error: 'not handed to the send queue', sendingAt: undefined },
      });
      const stored = await fixture.store.timeline.getMessage('c-unqueued', 'm-unqueued-1');
      expect(stored).toMatchObject({ status: 'failed', attempts: 1 });
      expect(stored).not.toHaveProperty('sendingAt');
      // The next hand-over's delivery claims it.
      expect(await fixture.store.timeline.claimMessage(draft, claimedAs(draft))).toMatchObject({
        claimed: true,
        message: { status: 'sending', attempts: 2 },
      });
    });

    it('never re-claims a sent message, nor one whose attempt ended without an outcome', async () => {
      const claim = message('c-sent', 'm-sent-1');
      await fixture.store.timeline.claimMessage(claim, claimedAs(claim));
      await fixture.store.timeline.updateMessage('c-sent', 'm-sent-1', {
        status: 'sent',
        sentAt: at(1).toISOString(),
        providerMessageId: 'ses-0001',
      });
      const again = await fixture.store.timeline.claimMessage(
        { ...claim, at: at(10).toISOString() },
        claimedAs(claim),
      );
      expect(again).toEqual({
        claimed: false,
        existing: { ...claim, status: 'sent', sentAt: at(1).toISOString(), providerMessageId: 'ses-0001' },
      });
      expect(
        await fixture.store.timeline.claimMessage(claim, {
          status: 'failed',
          error: 'not handed to the send queue',
        }),
      ).toMatchObject({ claimed: false, existing: { status: 'sent' } });

      const unknown = message('c-sent', 'm-unknown-1');
      await fixture.store.timeline.claimMessage(unknown, claimedAs(unknown));
      await fixture.store.timeline.updateMessage('c-sent', 'm-unknown-1', {
        status: 'failed',
        error: 'ended without an outcome',
        outcomeUnknown: true,
      });
      expect(await fixture.store.timeline.claimMessage(unknown, claimedAs(unknown))).toMatchObject({
        claimed: false,
        existing: { status: 'failed', outcomeUnknown: true, attempts: 1 },
      });
    });

    it('reads a message by customer and id with one GetItem', async () => {
      const claim = message('c-get', 'm-get-1');
      await fixture.store.timeline.claimMessage(claim, claimedAs(claim));
      expect(await fixture.store.timeline.getMessage('c-get', 'm-get-1')).toEqual(claim);
      expect(await fixture.store.timeline.getMessage('c-get', 'm-get-1', { consistent: true })).toEqual(
        claim,
      );
      expect(await fixture.store.timeline.getMessage('c-other', 'm-get-1')).toBeUndefined();
      expect(await fixture.store.timeline.getMessage('c-get', 'm-missing')).toBeUndefined();
    });

    it('updates a message only as expected: its status and the attempt holding it', async () => {
      const claim = message('c-expect', 'm-expect-1', { sendingAt: at(1).toISOString() });
      await fixture.store.timeline.claimMessage(claim, claimedAs(claim));

      const held = { status: 'sending', sendingAt: at(1).toISOString() } as const;
      expect(
        await fixture.store.timeline.updateMessage(
          'c-expect',
          'm-expect-1',
          { status: 'queued' },
          {
            expect: { status: 'sending', sendingAt: at(2).toISOString() },
          },
        ),
      ).toBe(false);
      expect(
        await fixture.store.timeline.updateMessage(
          'c-expect',
          'm-expect-1',
          { status: 'queued' },
          { expect: held },
        ),
      ).toBe(true);
      expect(
        await fixture.store.timeline.updateMessage(
          'c-expect',
          'm-expect-1',
          { status: 'failed' },
          { expect: held },
        ),
      ).toBe(false);
      expect(await fixture.store.timeline.findMessage('m-expect-1')).toMatchObject({ status: 'queued' });
      expect(
        await fixture.store.timeline.updateMessage(
          'c-expect',
          'm-missing',
          { status: 'failed' },
          { expect: held },
        ),
      ).toBe(false);
    });

    it('refuses to update a message that was never claimed, and creates nothing', async () => {
      await expect(
        fixture.store.timeline.updateMessage('c-unclaimed', 'm-unclaimed', { status: 'sent' }),
      ).rejects.toThrow();
      expect(await fixture.store.timeline.findMessage('m-unclaimed')).toBeUndefined();
      expect((await fixture.store.customers.getFile('c-unclaimed')).timeline).toEqual([]);
    });

    it('finds a message by its id alone, with its customer', async () => {
      const sms = message('wang@example.com:1', 'm-find-1', {
        channel: 'sms',
        to: '+8613800138000',
        subject: undefined,
        replyTo: undefined,
      });
      await fixture.store.timeline.claimMessage(sms, claimedAs(sms));
      const { subject: _subject, replyTo: _replyTo, ...stored } = sms;
      expect(await fixture.store.timeline.findMessage('m-find-1')).toEqual(stored);
      expect(await fixture.store.timeline.findMessage('m-missing')).toBeUndefined();
    });

    it('files a reply or a task once', async () => {
      const entry = reply('c-entries', 'r-1');
      expect(await fixture.store.timeline.addEntry({ type: 'reply', ...entry })).toBe(true);
      expect(await fixture.store.timeline.addEntry({ type: 'reply', ...entry, text: 'changed' })).toBe(false);

      const call = task('c-entries', 't-1');
      expect(await fixture.store.timeline.addEntry({ type: 'task', ...call })).toBe(true);
      expect(await fixture.store.timeline.addEntry({ type: 'task', ...call, status: 'done' })).toBe(false);

      // A reply and a task may share an id: they are different kinds of entry.
      expect(await fixture.store.timeline.addEntry({ type: 'task', ...task('c-entries', 'r-1') })).toBe(true);

      const { timeline } = await fixture.store.customers.getFile('c-entries');
      expect(timeline).toHaveLength(3);
      expect(timeline).toContainEqual({ type: 'reply', ...entry });
      expect(timeline).toContainEqual({ type: 'task', ...call });
    });
  });

  describe('getFile', () => {
    it('reads the profile, deals and the timeline in time order', async () => {
      const id = 'c-file';
      await fixture.store.customers.upsert(customer(id), at(0));
      const sent = message(id, 'm-file-1', { at: at(20).toISOString() });
      const answered = reply(id, 'r-file-1', { at: at(10).toISOString(), messageId: 'm-file-0' });
      const call = task(id, 't-file-1', { at: at(30).toISOString() });
      await fixture.store.timeline.claimMessage(sent, claimedAs(sent));
      await fixture.store.timeline.addEntry({ type: 'task', ...call });
      await fixture.store.timeline.addEntry({ type: 'reply', ...answered });
      await fixture.store.deals.recordStage(deal(id, 'ordered'), at(1));
      // Another customer's items stay out, even with an id that extends this one.
      await fixture.store.customers.upsert(customer(`${id}-2`), at(0));
      await fixture.store.timeline.addEntry({ type: 'reply', ...reply(`${id}-2`, 'r-other') });

      const file = await fixture.store.customers.getFile(id);
      expect(file.record?.customer).toEqual(customer(id));
      expect(file.deals).toEqual([
        {
          deal: deal(id, 'ordered'),
          stages: { ordered: at(1).toISOString() },
          updatedAt: at(1).toISOString(),
        },
      ]);
      expect(file.timeline).toEqual([
        { type: 'reply', ...answered },
        { type: 'message', ...sent },
        { type: 'task', ...call },
      ]);
    });

    it('returns an empty file for an unknown customer', async () => {
      expect(await fixture.store.customers.getFile('c-unknown')).toEqual({
        deals: [],
        timeline: [],
        referrals: [],
      });
    });

    it('pages through a partition larger than one query page (1 MB)', async () => {
      const id = 'c-big';
      await fixture.store.customers.upsert(customer(id), at(0));
      // ASCII on purpose: dynalite sizes strings by UTF-16 length, not UTF-8 bytes,
      // so 30 KB of Chinese would count as 10 KB there and fit in one page.
      const text = 'Thank you, the table arrived. '.repeat(1_000); // 30 KB
      for (let i = 0; i < 40; i++) {
        const added = await fixture.store.timeline.addEntry({
          type: 'reply',
          ...reply(id, `r-big-${String(i).padStart(2, '0')}`, {
            text,
            at: at(40 - i).toISOString(),
          }),
        });
        expect(added).toBe(true);
      }
      // The partition really does need a second page.
      const firstPage = await fixture.db.send(
        new QueryCommand({
          TableName: fixture.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `C#${id}` },
        }),
      );
      expect(firstPage.LastEvaluatedKey).toBeDefined();

      const file = await fixture.store.customers.getFile(id);
      expect(file.record?.customer.customerId).toBe(id);
      expect(file.timeline).toHaveLength(40);
      expect(file.timeline.map((entry) => entry.id)).toEqual(
        Array.from({ length: 40 }, (_, i) => `r-big-${String(39 - i).padStart(2, '0')}`),
      );
      expect(file.timeline.every((entry) => entry.type === 'reply' && entry.text === text)).toBe(true);
    });
  });

  describe('deals', () => {
    it('records each (deal, stage) once; the file shows the most advanced stage', async () => {
      const id = 'c-deal';
      const ordered = deal(id, 'ordered', { amount: 1200 });
      expect(await fixture.store.deals.recordStage(ordered, at(0))).toBe('recorded');
      // A repeat, even with other data, changes nothing.
      expect(await fixture.store.deals.recordStage({ ...ordered, amount: 9999 }, at(1))).toBe('duplicate');
      expect((await fixture.store.customers.getFile(id)).deals).toEqual([
        { deal: ordered, stages: { ordered: at(0).toISOString() }, updatedAt: at(0).toISOString() },
      ]);

      const shipped = deal(id, 'shipped', { occurredAt: at(100).toISOString() });
      expect(await fixture.store.deals.recordStage(shipped, at(120))).toBe('recorded');
      expect(await fixture.store.deals.recordStage(shipped, at(121))).toBe('duplicate');

      // in_production arrives late, after shipped.
      const inProduction = deal(id, 'in_production', { expectedAt: '2027-03-01' });
      expect(await fixture.store.deals.recordStage(inProduction, at(130))).toBe('recorded');

      const [record, ...rest] = (await fixture.store.customers.getFile(id)).deals;
      expect(rest).toEqual([]);
      expect(record?.deal).toEqual(shipped);
      expect(record?.stages).toEqual({
        ordered: at(0).toISOString(),
        in_production: at(130).toISOString(),
        shipped: at(100).toISOString(),
      });
    });

    it('keeps deals apart', async () => {
      const id = 'c-two-deals';
      await fixture.store.deals.recordStage(deal(id, 'ordered', { dealId: 'd-a' }), at(0));
      await fixture.store.deals.recordStage(deal(id, 'completed', { dealId: 'd-b' }), at(1));
      expect(await fixture.store.deals.recordStage(deal(id, 'ordered', { dealId: 'd-b' }), at(2))).toBe(
        'recorded',
      );
      const deals = (await fixture.store.customers.getFile(id)).deals;
      expect(deals.map((d) => [d.deal.dealId, d.deal.stage])).toEqual([
        ['d-a', 'ordered'],
        ['d-b', 'completed'],
      ]);
    });
  });

  describe('receipts', () => {
    it('claims a key once until it is released', async () => {
      const expires = new Date(now.getTime() + 86_400_000);
      expect(await fixture.store.receipts.claim('wh-1', expires)).toBe(true);
      expect(await fixture.store.receipts.claim('wh-1', expires)).toBe(false);
      expect(await fixture.store.receipts.claim('wh-2', expires)).toBe(true);
      await fixture.store.receipts.release('wh-1');
      expect(await fixture.store.receipts.claim('wh-1', expires)).toBe(true);
      expect(await fixture.store.receipts.claim('wh-1', expires)).toBe(false);
      // Releasing a key never claimed is harmless.
      await expect(fixture.store.receipts.release('wh-never')).resolves.toBeUndefined();
    });

    it('treats an expired receipt still on disk as gone', async () => {
      const start = now;
      expect(await fixture.store.receipts.claim('wh-expiring', new Date(start.getTime() + 3_600_000))).toBe(
        true,
      );
      now = new Date(start.getTime() + 3_599_000);
      expect(await fixture.store.receipts.claim('wh-expiring', new Date(now.getTime() + 3_600_000))).toBe(
        false,
      );
      now = new Date(start.getTime() + 7_200_000);
      expect(await fixture.store.receipts.claim('wh-expiring', new Date(now.getTime() + 3_600_000))).toBe(
        true,
      );
      expect(await fixture.store.receipts.claim('wh-expiring', new Date(now.getTime() + 3_600_000))).toBe(
        false,
      );
    });
  });
});
