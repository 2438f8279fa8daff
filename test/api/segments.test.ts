import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentFilterSchema } from '../../functions/core/campaigns/segment';
import { countSegment, type SegmentCount } from '../../functions/engine/campaigns/segments';
import { startTestEngine, type TestEngine } from '../support/local-engine';

// Segment filters evaluated against the embedded store, on customers filed,
// sold to, answered and unsubscribed through the engine itself.

const owner = { name: 'Lin Wei', email: 'lin.wei@shop.example' };
const customers: Record<string, Record<string, unknown>> = {
  'c-hz1': {
    name: '王芳',
    email: 'wang.fang@example.com',
    phone: '+8613800138000',
    locale: 'zh-CN',
    timezone: 'Asia/Shanghai',
    country: 'CN',
    region: '浙江',
    city: 'Hangzhou',
    birthday: '1987-06-18',
    tags: ['VIP', '老客户'],
    owner,
  },
  'c-hz2': {
    name: '陈静',
    email: 'chen.jing@example.com',
    locale: 'zh-CN',
    timezone: 'Asia/Shanghai',
    country: 'CN',
    region: '浙江',
    city: ' hangzhou',
    birthday: '06-02',
    owner: { name: 'Li Lei', email: 'li.lei@shop.example' },
    consent: { email: false, sms: true },
  },
  'c-nb': {
    name: '张伟',
    phone: '+8613800138001',
    locale: 'zh-CN',
    timezone: 'Asia/Shanghai',
    country: 'CN',
    region: '浙江',
    city: 'Ningbo',
    tags: ['老客户'],
    owner,
  },
  'c-ny': {
    name: 'Emily Carter',
    email: 'emily@example.com',
    timezone: 'America/New_York',
    country: 'US',
    city: 'New York',
    birthday: '12-24',
  },
  'c-ldn': {
    name: 'Oliver Smith',
    phone: '+447911123456',
    timezone: 'Europe/London',
    country: 'GB',
    city: 'London',
    tags: ['do-not-contact'],
  },
};

describe('segments on the embedded store', () => {
  let engine: TestEngine;

  const count = async (filter: unknown) => {
    const { status, body } = await engine.json<SegmentCount>('POST', '/v1/segments/count', { filter });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.exact).toBe(true);
    return body.matched;
  };

  beforeAll(async () => {
    engine = await startTestEngine({ start: '2027-03-16T02:00:00Z' });
    for (const [id, body] of Object.entries(customers)) {
      expect((await engine.call('PUT', `/v1/customers/${id}`, body)).status).toBe(201);
    }
    const deal = (customerId: string, dealId: string, item: string, amount: number, occurredAt: string) =>
      engine.webhook({
        dealId,
        customerId,
        stage: 'ordered',
        items: [{ name: item, quantity: 1 }],
        amount,
        currency: 'CNY',
        occurredAt,
      });
    expect((await deal('c-hz1', 'D-1', 'Walnut wardrobe', 12_000, '2026-11-02T03:00:00Z')).status).toBe(202);
    expect((await deal('c-nb', 'D-2', 'Oak desk', 800, '2027-03-01T03:00:00Z')).status).toBe(202);
    // 张伟 answers a text; Oliver texts STOP.
    expect(
      (await engine.call('POST', '/_local/inbound/sms', { from: '+8613800138001', body: '好的,谢谢' }))
        .status,
    ).toBe(200);
    expect(
      (await engine.call('POST', '/_local/inbound/sms', { from: '+447911123456', body: 'STOP' })).status,
    ).toBe(200);
    // The tiers' cut-offs are cached for an hour: let them see the new deals now.
    engine.deps.tiers.invalidate();
    await engine.advance('PT10M');
  }, 60_000);

  afterAll(async () => {
    await engine?.dispose();
  });

  it('selects by place, in any case or spacing', async () => {
    expect(await count({ country: ['CN'] })).toBe(3);
    expect(await count({ country: ['cn'], city: ['HANGZHOU'] })).toBe(2);
    expect(await count({ city: ['Hangzhou', 'New York'] })).toBe(3);
    expect(await count({ region: ['浙江'] })).toBe(3);
    expect(await count({ everyone: true })).toBe(5);
  });

  it('selects by value tier, from the deals the webhook reported', async () => {
    expect(await count({ tier: ['A'] })).toBe(1);
    expect(await count({ tier: ['B'] })).toBe(1);
    expect(await count({ tier: ['C'] })).toBe(3);
  });

  it('selects by tags and owner', async () => {
    expect(await count({ tags: ['老客户'] })).toBe(2);
    expect(await count({ tags: ['vip'] })).toBe(1);
    expect(await count({ excludeTags: ['do-not-contact'] })).toBe(4);
    expect(await count({ owner: ['lin.wei@shop.example'] })).toBe(2);
    expect(await count({ owner: ['Li Lei'] })).toBe(1);
  });

  it('selects by last purchase and item bought', async () => {
    expect(await count({ lastPurchaseBefore: '2027-01-01' })).toBe(1);
    expect(await count({ lastPurchaseAfter: '2027-01-01' })).toBe(1);
    expect(await count({ purchasedItem: ['wardrobe', 'desk'] })).toBe(2);
    expect(await count({ purchasedItem: ['sofa'] })).toBe(0);
  });

  it('selects by birthday month', async () => {
    expect(await count({ birthdayMonth: [6] })).toBe(2);
    expect(await count({ birthdayMonth: [12] })).toBe(1);
  });

  it('selects by the channel a customer can be reached on, after consent and STOP', async () => {
    expect(await count({ channel: 'email' })).toBe(2);
    // 陈静 has no phone; Oliver texted STOP.
    expect(await count({ channel: 'sms' })).toBe(2);
  });

  it('splits a count into the customers the chosen channels reach and those they do not', async () => {
    const split = async (channels: string, filter: unknown = { everyone: true }) => {
      const { status, body } = await engine.json<SegmentCount>('POST', '/v1/segments/count', {
        filter,
        channels,
      });
      expect(status, JSON.stringify(body)).toBe(200);
      return [body.matched, body.reachable, body.unreachable];
    };
    // Email reaches 王芳 and Emily; 陈静 withheld consent, 张伟 and Oliver have no address.
    expect(await split('email')).toEqual([5, 2, 3]);
    // SMS reaches 王芳 and 张伟; Oliver texted STOP.
    expect(await split('sms')).toEqual([5, 2, 3]);
    expect(await split('email-then-sms')).toEqual([5, 3, 2]);
    expect(await split('sms', { country: ['CN'] })).toEqual([3, 2, 1]);
    // Without channels the answer is the plain count.
    const plain = await engine.json<SegmentCount>('POST', '/v1/segments/count', {
      filter: { everyone: true },
    });
    expect(plain.body.reachable).toBeUndefined();
    const bad = await engine.call('POST', '/v1/segments/count', {
      filter: { everyone: true },
      channels: 'fax',
    });
    expect(bad.status).toBe(400);
  });

  it('gives a dry run the reachable and unreachable recipients on its channels', async () => {
    const dry = await engine.json<{ audience: SegmentCount; previews: { channel: string; text: string }[] }>(
      'POST',
      '/v1/campaigns',
      {
        name: 'Reach check',
        template: 'campaign-new-arrivals',
        channels: 'email-then-sms',
        segment: { country: ['CN'] },
        sendAt: 'now',
        dryRun: true,
      },
    );
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    // 王芳 (both channels) and 张伟 (a phone) are reached; 陈静 withheld email consent and has no phone.
    expect(dry.body.audience).toMatchObject({ matched: 3, reachable: 2, unreachable: 1 });
    // The letter and the text, each as the sample recipient will get it.
    expect(dry.body.previews.map((p) => p.channel)).toEqual(['email', 'sms']);
    expect(dry.body.previews[1]?.text).toContain('新品到店');
  });

  it('selects who replied, or stayed silent, in the last N days', async () => {
    // A STOP is not a reply: only 张伟 answered.
    expect(await count({ repliedWithinDays: 7 })).toBe(1);
    expect(await count({ silentForDays: 7 })).toBe(4);
    await engine.advance('P8D');
    expect(await count({ repliedWithinDays: 7 })).toBe(0);
    expect(await count({ silentForDays: 7 })).toBe(5);
  });

  it('saves named segments and counts them', async () => {
    const created = await engine.json<{ id: string }>('POST', '/v1/segments', {
      id: 'hangzhou-old-customers',
      name: 'Old customers in Hangzhou',
      filter: { country: ['CN'], city: ['Hangzhou'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'hangzhou-old-customers',
      filter: { country: ['CN'], city: ['Hangzhou'] },
    });
    const generated = await engine.json<{ id: string }>('POST', '/v1/segments', {
      name: 'Tier A',
      filter: { tier: ['A'] },
    });
    expect(generated.body.id).toMatch(/^seg-/);
    expect(
      (
        await engine.call('POST', '/v1/segments', {
          id: 'hangzhou-old-customers',
          name: 'x',
          filter: { tier: ['A'] },
        })
      ).status,
    ).toBe(409);

    const list = await engine.json<{ segments: { id: string }[] }>('GET', '/v1/segments');
    expect(list.body.segments.map((s) => s.id)).toEqual(['hangzhou-old-customers', generated.body.id]);
    expect((await engine.json('GET', '/v1/segments/hangzhou-old-customers')).body).toMatchObject({
      name: 'Old customers in Hangzhou',
    });
    const counted = await engine.json('GET', '/v1/segments/hangzhou-old-customers/count');
    expect(counted.body).toMatchObject({
      segmentId: 'hangzhou-old-customers',
      matched: 2,
      exact: true,
      cursor: null,
    });
    expect(
      (await engine.json('POST', '/v1/segments/count', { segment: generated.body.id })).body,
    ).toMatchObject({ matched: 1 });
    expect((await engine.call('GET', '/v1/segments/no-such-segment')).status).toBe(404);
    expect((await engine.call('GET', '/v1/segments/no-such-segment/count')).status).toBe(404);
  });

  it('refuses bad filters with the field named, and saves nothing', async () => {
    const bad = async (body: unknown, path: string) => {
      const response = await engine.json<{ error: string; issues: { path: string }[] }>(
        'POST',
        '/v1/segments',
        body,
      );
      expect(response.status).toBe(400);
      expect(response.body.issues.map((i) => i.path)).toContain(path);
      return response.body.error;
    };
    expect(await bad({ name: 'x', filter: {} }, 'filter')).toMatch(/at least one criterion/);
    expect(await bad({ name: 'x', filter: { cty: ['Hangzhou'] } }, 'filter.cty')).toMatch(
      /unknown field filter\.cty/,
    );
    await bad({ name: 'x', filter: { country: ['China'] } }, 'filter.country.0');
    await bad({ name: 'x', filter: { tier: ['A'] }, id: 'has space' }, 'id');
    const counted = await engine.json('POST', '/v1/segments/count', {
      filter: { tier: ['A'] },
      segment: 'seg-x',
    });
    expect(counted.status).toBe(400);
    const list = await engine.json<{ segments: unknown[] }>('GET', '/v1/segments');
    expect(list.body.segments).toHaveLength(2);
  });

  it('counts a large book in pages: an estimate and a cursor, then the exact count', async () => {
    const filter = segmentFilterSchema.parse({ country: ['CN', 'US', 'GB'] });
    const pages: SegmentCount[] = [];
    let cursor: string | undefined;
    do {
      const page = await countSegment(engine.deps, filter, cursor, { budget: 1 });
      pages.push(page);
      cursor = page.cursor ?? undefined;
    } while (cursor);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.slice(0, -1).every((p) => !p.exact && p.cursor !== null)).toBe(true);
    expect(pages.at(-1)).toMatchObject({ matched: 5, read: 5, exact: true, estimate: 5, cursor: null });
    expect(pages.some((p) => !p.exact && p.estimate !== null)).toBe(true);
    // A cursor belongs to its filter.
    const other = await engine.json('POST', '/v1/segments/count', {
      filter: { country: ['CN'] },
      cursor: pages[0]?.cursor,
    });
    expect(other.status).toBe(400);
    expect(
      (await engine.json('POST', '/v1/segments/count', { filter: { country: ['CN'] }, cursor: 'garbage' }))
        .status,
    ).toBe(400);
  });
});
