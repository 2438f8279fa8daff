import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../../functions/ports/store/index';
import { STORE_SERVERS, storeOnServer } from '../../support/dynamo-servers';

const T0 = new Date('2027-02-06T02:00:00Z');
const day = (n: number) => new Date(T0.getTime() + n * 86_400_000);

function message(id: string, overrides: Partial<MessageRecord> = {}): MessageRecord {
  return {
    id,
    customerId: 'c-events',
    channel: 'email',
    to: 'wang.fang@example.com',
    subject: '您好',
    text: '王芳,您好!',
    rule: 'letter',
    occurrence: id,
    template: 'hello-again',
    locale: 'zh-CN',
    status: 'sent',
    at: T0.toISOString(),
    attempts: 1,
    ...overrides,
  };
}

describe.each(STORE_SERVERS)(
  'suppressions, template counters and delivery marks on %s',
  (serverName, startServer) => {
    const fixture = storeOnServer(startServer, 'delivery', serverName, () => T0);

    it('lists an address once under its normalised spelling; the first reason stays', async () => {
      expect(await fixture.store.suppressions.get('wang.fang@example.com')).toBeUndefined();
      expect(
        await fixture.store.suppressions.add('Wang.Fang@Example.com', {
          reason: 'hard-bounce',
          at: T0,
          source: 'ses:bounce',
        }),
      ).toBe(true);
      expect(
        await fixture.store.suppressions.add('wang.fang@example.com', {
          reason: 'complaint',
          at: day(1),
          source: 'ses:complaint',
        }),
      ).toBe(false);
      expect(await fixture.store.suppressions.get(' WANG.FANG@example.com')).toEqual({
        address: 'wang.fang@example.com',
        reason: 'hard-bounce',
        at: T0.toISOString(),
        source: 'ses:bounce',
      });
      const { Items = [] } = await fixture.db.send(
        new QueryCommand({
          TableName: fixture.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'SUP#wang.fang@example.com' },
        }),
      );
      expect(Items.map((item) => item.sk)).toEqual(['SUP']);
    });

    it('keys a phone number in E.164 however it is written', async () => {
      await fixture.store.suppressions.add('+86 138 0013 8000', {
        reason: 'stop',
        at: T0,
        source: 'sms-stop',
      });
      expect(await fixture.store.suppressions.get('+8613800138000')).toMatchObject({
        address: '+8613800138000',
        reason: 'stop',
      });
    });

    it('counts soft bounces in a sliding 30-day window; an address with only soft bounces is not suppressed', async () => {
      const address = 'soft@example.com';
      expect(await fixture.store.suppressions.recordSoftBounce(address, day(0))).toBe(1);
      expect(await fixture.store.suppressions.recordSoftBounce(address, day(20))).toBe(2);
      expect(await fixture.store.suppressions.get(address)).toBeUndefined();
      // Day 0 has left the window by day 45.
      expect(await fixture.store.suppressions.recordSoftBounce(address, day(45))).toBe(2);
      expect(await fixture.store.suppressions.recordSoftBounce(address, day(46))).toBe(3);
      expect(await fixture.store.suppressions.get(address)).toBeUndefined();
      // Listing keeps the soft-bounce history beside the reason.
      await fixture.store.suppressions.add(address, {
        reason: 'soft-bounce-repeated',
        at: day(46),
        source: 'ses:bounce',
      });
      expect(await fixture.store.suppressions.get(address)).toMatchObject({ reason: 'soft-bounce-repeated' });
      expect(await fixture.store.suppressions.recordSoftBounce(address, day(47))).toBe(4);
    });

    it('prunes soft bounces that left the window once the history grows long', async () => {
      const address = 'pruned@example.com';
      for (let i = 0; i < 11; i++) await fixture.store.suppressions.recordSoftBounce(address, day(i * 40));
      expect(await fixture.store.suppressions.recordSoftBounce(address, day(400))).toBe(2);
      const { Items = [] } = await fixture.db.send(
        new QueryCommand({
          TableName: fixture.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'SUP#pruned@example.com' },
        }),
      );
      expect(Items[0]!.softBounces).toEqual([day(400).toISOString(), day(400).toISOString()]);
    });

    it('adds to template counters atomically and reads them back in one Query, zeros filled in', async () => {
      // T0 is Saturday of 2027-W05; day(2) is Monday of W06: the totals sum both weeks.
      await Promise.all([
        fixture.store.stats.countTemplate('hello-again', 'sent', T0),
        fixture.store.stats.countTemplate('hello-again', 'sent', day(2)),
        fixture.store.stats.countTemplate('hello-again', 'opened', day(2)),
        fixture.store.stats.countTemplate('birthday', 'sent', T0, 3),
      ]);
      await fixture.store.stats.moveValue(undefined, 1200);
      const zero = {
        sent: 0,
        delivered: 0,
        opened: 0,
        clicked: 0,
        replied: 0,
        bounced: 0,
        complained: 0,
        unsubscribed: 0,
      };
      // The value histogram shares the STATS partition but is no template.
      expect(await fixture.store.stats.templateCounts()).toEqual([
        { template: 'birthday', ...zero, sent: 3 },
        { template: 'hello-again', ...zero, sent: 2, opened: 1 },
      ]);
      // Week by week, from one key range of the same partition.
      expect(await fixture.store.stats.weeklyTemplateCounts('2027-W05', '2027-W06')).toEqual([
        { template: 'birthday', week: '2027-W05', ...zero, sent: 3 },
        { template: 'hello-again', week: '2027-W05', ...zero, sent: 1 },
        { template: 'hello-again', week: '2027-W06', ...zero, sent: 1, opened: 1 },
      ]);
      expect(await fixture.store.stats.weeklyTemplateCounts('2027-W06', '2027-W06')).toHaveLength(1);
      expect(await fixture.store.stats.weeklyTemplateCounts('2027-W07', '2027-W10')).toEqual([]);
    });

    it('still sums a template counter item kept before counters went weekly', async () => {
      await fixture.db.send(
        new PutCommand({
          TableName: fixture.tableName,
          Item: { pk: 'STATS', sk: 'TPL#survey', sent: 5, replied: 2 },
        }),
      );
      await fixture.store.stats.countTemplate('survey', 'sent', T0);
      expect(
        (await fixture.store.stats.templateCounts()).find((row) => row.template === 'survey'),
      ).toMatchObject({
        sent: 6,
        replied: 2,
        opened: 0,
      });
      expect(
        (await fixture.store.stats.weeklyTemplateCounts('2027-W05', '2027-W05')).find(
          (row) => row.template === 'survey',
        ),
      ).toMatchObject({ sent: 1, replied: 0 });
    });

    it('sets a delivery status only over a lower one: the redelivered or out-of-order event changes nothing', async () => {
      const draft = message('m-rank');
      await fixture.store.timeline.claimMessage(draft, {
        status: 'sending',
        sendingAt: day(0).toISOString(),
      });
      const below = (status: 'delayed' | 'delivered' | 'bounced', at: number) =>
        fixture.store.timeline.updateMessage(
          'c-events',
          'm-rank',
          { delivery: { status, at: day(at).toISOString() } },
          { onlyIfDeliveryBelow: status },
        );
      // Nothing yet: the lowest status goes on; the same again does not.
      expect(await below('delayed', 1)).toBe(true);
      expect(await below('delayed', 2)).toBe(false);
      expect(await below('delivered', 3)).toBe(true);
      expect(await below('delivered', 4)).toBe(false);
      expect(await below('bounced', 5)).toBe(true);
      expect(await below('delivered', 6)).toBe(false);
      expect(await fixture.store.timeline.getMessage('c-events', 'm-rank')).toMatchObject({
        delivery: { status: 'bounced', at: day(5).toISOString() },
      });
      // Both conditions at once: each one alone refuses.
      const both = (id: string) =>
        fixture.store.timeline.updateMessage(
          'c-events',
          id,
          { delivery: { status: 'delivered', at: day(7).toISOString() }, deliveredAt: day(7).toISOString() },
          { onlyIfUnset: 'deliveredAt', onlyIfDeliveryBelow: 'delivered' },
        );
      expect(await both('m-rank')).toBe(false);
      await fixture.store.timeline.claimMessage(message('m-rank-2'), {
        status: 'sending',
        sendingAt: day(0).toISOString(),
      });
      expect(await both('m-rank-2')).toBe(true);
      expect(await both('m-rank-2')).toBe(false);
      // A message that is not there is no error: nothing to change.
      expect(
        await fixture.store.timeline.updateMessage(
          'c-events',
          'm-none',
          { delivery: { status: 'delivered', at: day(1).toISOString() } },
          { onlyIfDeliveryBelow: 'delivered' },
        ),
      ).toBe(false);
      expect(await fixture.store.timeline.getMessage('c-events', 'm-none')).toBeUndefined();
    });

    it('sets a message field only the first time when asked, and files events on the timeline once', async () => {
      await fixture.store.timeline.claimMessage(message('m-marks'), {
        status: 'sending',
        sendingAt: day(0).toISOString(),
      });
      const opened = day(1).toISOString();
      expect(
        await fixture.store.timeline.updateMessage(
          'c-events',
          'm-marks',
          { openedAt: opened },
          { onlyIfUnset: 'openedAt' },
        ),
      ).toBe(true);
      expect(
        await fixture.store.timeline.updateMessage(
          'c-events',
          'm-marks',
          { openedAt: day(2).toISOString() },
          { onlyIfUnset: 'openedAt' },
        ),
      ).toBe(false);
      await fixture.store.timeline.updateMessage('c-events', 'm-marks', {
        delivery: { status: 'delivered', at: opened, detail: '250 OK' },
      });
      expect(await fixture.store.timeline.findMessage('m-marks')).toMatchObject({
        openedAt: opened,
        delivery: { status: 'delivered', at: opened, detail: '250 OK' },
      });
      // Without onlyIfUnset, a message that is not there is an error, as before.
      await expect(
        fixture.store.timeline.updateMessage('c-events', 'm-none', { status: 'sent' }),
      ).rejects.toThrow();

      const entry = {
        type: 'event' as const,
        id: 'e-1',
        customerId: 'c-events',
        messageId: 'm-marks',
        event: 'open',
        at: opened,
      };
      expect(await fixture.store.timeline.addEntry(entry)).toBe(true);
      expect(await fixture.store.timeline.addEntry(entry)).toBe(false);
      const file = await fixture.store.customers.getFile('c-events');
      expect(file.timeline.filter((e) => e.type === 'event')).toEqual([
        { type: 'event', id: 'e-1', customerId: 'c-events', messageId: 'm-marks', event: 'open', at: opened },
      ]);
    });
  },
);
