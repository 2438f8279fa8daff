import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeekOf } from '../../functions/core/calendars/iso-week';
import { startTestEngine, type TestEngine } from '../support/local-engine';

// 2027-02-06 is the Saturday of ISO week 2027-W05; the Monday after starts W06.
const base = { locale: 'zh-CN', timezone: 'Asia/Shanghai', country: 'CN' };
const owner = { name: '李雷', email: 'li.lei@shop.example' };
const people: Record<string, Record<string, unknown>> = {
  'c-wang': {
    ...base,
    name: '王芳',
    email: 'wang.fang@example.com',
    phone: '138 0013 8000',
    tags: ['老客户'],
    owner,
  },
  'c-wangli': { ...base, name: '王丽', tags: ['VIP'] },
  'c-wanggang': { ...base, name: '王刚', city: '杭州' },
  'c-xiaowang': { ...base, name: '小王' },
  'c-ouyang': { ...base, name: '欧阳王' },
  'c-zhang': {
    ...base,
    name: 'Zhang Wei',
    email: 'zhang.wei@example.com',
    locale: 'en',
    tags: ['ＶＩＰ', 'fair-2026'],
    owner,
  },
  'c-li': { ...base, name: '李明', referredBy: 'c-wang' },
};

interface Hit {
  customerId: string;
  name: string;
  tier: string;
  tags: string[];
}

describe('the console read APIs, end to end on the local engine', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
    for (const [id, body] of Object.entries(people)) {
      expect((await engine.call('PUT', `/v1/customers/${id}`, body)).status).toBe(201);
    }
  });
  afterAll(async () => {
    await engine.dispose();
  });

  /** The reply address of the letter Zhang answers with a complaint. */
  let toZhang = '';
  const search = (query: string) =>
    engine.json<{ customers: Hit[]; next?: string; error?: string }>('GET', `/v1/customers?${query}`);

  it('finds customers by part of a Chinese name, page by page with a cursor, each once', async () => {
    const found: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { status, body } = await search(
        `q=${encodeURIComponent('王')}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(status).toBe(200);
      expect(body.customers.length).toBeLessThanOrEqual(2);
      found.push(...body.customers.map((c) => c.customerId));
      cursor = body.next;
      pages++;
    } while (cursor && pages < 10);
    expect(found.sort()).toEqual(['c-ouyang', 'c-wang', 'c-wanggang', 'c-wangli', 'c-xiaowang']);
    expect(pages).toBeGreaterThanOrEqual(3);

    const one = await search(`q=${encodeURIComponent('芳')}`);
    expect(one.body).toEqual({
      customers: [
        {
          customerId: 'c-wang',
          name: '王芳',
          email: 'wang.fang@example.com',
          phone: '+8613800138000',
          country: 'CN',
          tier: 'C',
          tags: ['老客户'],
          owner: '李雷',
          timezone: 'Asia/Shanghai',
        },
      ],
    });
  });

  it('finds a customer by a whole email (any case) or phone number, and by tag', async () => {
    expect((await search('q=Zhang.Wei@Example.com')).body.customers.map((c) => c.customerId)).toEqual([
      'c-zhang',
    ]);
    expect((await search(`q=${encodeURIComponent('+86 138 0013 8000')}`)).body.customers[0]?.customerId).toBe(
      'c-wang',
    );
    expect((await search(`q=${encodeURIComponent('138 0013 8000')}`)).body.customers[0]?.customerId).toBe(
      'c-wang',
    );
    const vip = await search('tag=vip');
    expect(vip.body.customers.map((c) => c.customerId).sort()).toEqual(['c-wangli', 'c-zhang']);
    expect(vip.body.customers.find((c) => c.customerId === 'c-zhang')?.tags).toEqual(['ＶＩＰ', 'fair-2026']);
    expect((await search(`q=zhang&tag=${encodeURIComponent('老客户')}`)).body.customers).toEqual([]);
    expect((await search('q=nobody@example.com')).body).toEqual({ customers: [] });
  });

  it('refuses a bad limit or a foreign cursor, naming the field', async () => {
    expect(await search('q=wang&limit=0')).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('limit') },
    });
    const first = await search(`q=${encodeURIComponent('王')}&limit=1`);
    expect(first.body.next).toBeDefined();
    expect(await search(`q=zhang&cursor=${first.body.next}`)).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('cursor') },
    });
    // A cursor made up by hand (a start key the table would refuse) is the caller's error, not a 500.
    const forged = Buffer.from(
      JSON.stringify({
        plan: JSON.parse(Buffer.from(first.body.next!.split('.')[0]!, 'base64url').toString()).plan,
        part: 0,
        after: { pk: 'x' },
      }),
    ).toString('base64url');
    for (const cursor of [forged, `${forged}.${first.body.next!.split('.')[1]}`]) {
      expect(await search(`q=${encodeURIComponent('王')}&limit=1&cursor=${cursor}`)).toMatchObject({
        status: 400,
        body: { error: expect.stringContaining('cursor') },
      });
    }
  });

  it('shows referrals given and received on the customer file, and follows a change of referrer', async () => {
    const wang = await engine.json<{ referrals: unknown }>('GET', '/v1/customers/c-wang');
    expect(wang.body.referrals).toEqual({
      given: [{ customerId: 'c-li', name: '李明', at: '2027-02-06T02:00:00.000Z' }],
    });
    const li = await engine.json<{ referrals: unknown }>('GET', '/v1/customers/c-li');
    expect(li.body.referrals).toEqual({ referredBy: { customerId: 'c-wang', name: '王芳' }, given: [] });

    await engine.call('PUT', '/v1/customers/c-li', { ...people['c-li'], referredBy: 'c-zhang' });
    expect((await engine.json<{ referrals: unknown }>('GET', '/v1/customers/c-wang')).body.referrals).toEqual(
      { given: [] },
    );
    expect(
      (await engine.json<{ referrals: { given: { customerId: string }[] } }>('GET', '/v1/customers/c-zhang'))
        .body.referrals.given,
    ).toEqual([expect.objectContaining({ customerId: 'c-li' })]);
  });

  it('counts sends and replies per ISO week, a reply in the week of the letter it answers', async () => {
    const letter = async (customerId: string) => {
      const { status, body } = await engine.json<{ message: { replyTo: string } }>(
        'POST',
        `/v1/customers/${customerId}/messages`,
        { template: 'hello-again', channel: 'email' },
      );
      expect(status).toBe(201);
      return body.message.replyTo;
    };
    const toWang = await letter('c-wang');
    toZhang = await letter('c-zhang');
    await engine.json('POST', '/_local/inbound/email', {
      from: 'wang.fang@example.com',
      to: toWang,
      text: '收到了,谢谢!',
    });

    await engine.advance('P2D'); // Monday 2027-02-08: W06
    await engine.json('POST', '/_local/inbound/email', {
      from: 'zhang.wei@example.com',
      to: toZhang,
      text: 'The wardrobe door is broken, I am very disappointed. 很失望。',
    });
    const toWangAgain = await letter('c-wang');
    expect(toWangAgain).toBeDefined();

    const { status, body } = await engine.json<{
      weeks: { week: string; start: string; sent: number; replied: number; replyRate: number }[];
      templates: {
        template: string;
        weeks: { week: string; sent: number; replied: number; replyRate: number }[];
      }[];
    }>('GET', '/v1/stats/weekly?weeks=3');
    expect(status).toBe(200);
    expect(body.weeks.map((w) => [w.week, w.start])).toEqual([
      ['2027-W04', '2027-01-25'],
      ['2027-W05', '2027-02-01'],
      ['2027-W06', '2027-02-08'],
    ]);
    expect(body.templates.find((t) => t.template === 'hello-again')?.weeks).toEqual([
      { week: '2027-W04', sent: 0, replied: 0, replyRate: 0 },
      { week: '2027-W05', sent: 2, replied: 2, replyRate: 1 },
      { week: '2027-W06', sent: 1, replied: 0, replyRate: 0 },
    ]);
    // Every message that left (letters, acknowledgements, owner alerts, cadences) is counted in its week.
    const outbox = await engine.sent();
    for (const week of body.weeks) {
      expect(week.sent).toBe(outbox.filter((m) => isoWeekOf(new Date(m.sentAt)).week === week.week).length);
    }
    expect(body.weeks[1]).toMatchObject({ replied: 2 });

    const totals = await engine.json<{ templates: { template: string; sent: number; replied: number }[] }>(
      'GET',
      '/v1/stats/templates',
    );
    expect(totals.body.templates.find((t) => t.template === 'hello-again')).toMatchObject({
      sent: 3,
      replied: 2,
    });
    expect(await engine.json('GET', '/v1/stats/weekly?weeks=0')).toMatchObject({ status: 400 });
  });

  it('lists recent replies complaints first, with the customer name and without the raw sender', async () => {
    const { status, body } = await engine.json<{ replies: Record<string, unknown>[] }>(
      'GET',
      '/v1/inbox?limit=50',
    );
    expect(status).toBe(200);
    expect(body.replies.map((r) => [r.customerId, r.kind])).toEqual([
      ['c-zhang', 'complaint'],
      ['c-wang', 'reply'],
    ]);
    expect(body.replies[0]).toMatchObject({
      customerName: 'Zhang Wei',
      channel: 'email',
      at: '2027-02-08T02:00:00.000Z',
      latencySeconds: 2 * 86_400,
      messageId: expect.any(String),
    });
    expect(body.replies[0]).not.toHaveProperty('from');

    // The same complaint delivered again an hour later is a duplicate: no second inbox entry.
    await engine.advance('PT1H');
    const again = await engine.json('POST', '/_local/inbound/email', {
      from: 'zhang.wei@example.com',
      to: toZhang,
      text: 'The wardrobe door is broken, I am very disappointed. 很失望。',
    });
    expect(again.body).toMatchObject({ status: 'duplicate' });
    expect((await engine.json<{ replies: unknown[] }>('GET', '/v1/inbox')).body.replies).toHaveLength(2);
    expect((await engine.json<{ replies: unknown[] }>('GET', '/v1/inbox?limit=1')).body.replies).toHaveLength(
      1,
    );
    expect(await engine.json('GET', '/v1/inbox?limit=abc')).toMatchObject({ status: 400 });
  });

  it('files the inbox copy on the retry when the first delivery failed between the two writes', async () => {
    await engine.call('PUT', '/v1/customers/c-wangli-retry', {
      ...base,
      name: '王丽丽',
      email: 'wangli.retry@example.com',
    });
    const sent = await engine.json<{ message: { replyTo: string } }>(
      'POST',
      '/v1/customers/c-wangli-retry/messages',
      { template: 'hello-again', channel: 'email' },
    );
    const to = sent.body.message.replyTo;
    const inbox = engine.deps.store.inbox;
    const file = inbox.file.bind(inbox);
    let failures = 1;
    inbox.file = async (entry) => {
      if (failures-- > 0) throw new Error('the inbox write failed');
      return file(entry);
    };
    try {
      const reply = { from: 'wangli.retry@example.com', to, text: '收到了，谢谢。' };
      expect((await engine.call('POST', '/_local/inbound/email', reply)).status).toBe(500);
      await engine.advance('PT1H');
      expect((await engine.json('POST', '/_local/inbound/email', reply)).body).toMatchObject({
        status: 'duplicate',
      });
      await engine.json('POST', '/_local/inbound/email', reply);
    } finally {
      inbox.file = file;
    }
    const replies = (await engine.json<{ replies: { customerId: string }[] }>('GET', '/v1/inbox')).body
      .replies;
    expect(replies.filter((r) => r.customerId === 'c-wangli-retry')).toHaveLength(1);
  });

  it("lists owners' call tasks and marks one done and open again, each idempotently", async () => {
    expect(
      (
        await engine.call('PUT', '/v1/customers/c-chen', {
          ...base,
          name: '陈静',
          email: 'chen@example.com',
          owner,
        })
      ).status,
    ).toBe(201);
    await engine.call('POST', '/v1/customers/c-chen/messages', {
      template: 'hello-again',
      channel: 'email',
      chase: true,
    });
    await engine.advance('P11D'); // day 3, day 7, then the call task
    const open = await engine.json<{ tasks: { id: string; customerId: string; status: string }[] }>(
      'GET',
      '/v1/tasks',
    );
    const task = open.body.tasks.find((t) => t.customerId === 'c-chen');
    expect(task).toMatchObject({ customerName: '陈静', task: 'call', status: 'open' });
    const path = `/v1/customers/c-chen/tasks/${task!.id}`;

    const done = await engine.json<{ task: { status: string; doneAt?: string } }>('POST', `${path}/done`);
    expect(done).toMatchObject({
      status: 200,
      body: { task: { id: task!.id, status: 'done', doneAt: expect.any(String) } },
    });
    await engine.advance('PT1H');
    const again = await engine.json<{ task: unknown }>('POST', `${path}/done`);
    expect(again.body.task).toEqual(done.body.task);
    expect(
      (await engine.json<{ tasks: { id: string }[] }>('GET', '/v1/tasks?status=open')).body.tasks.map(
        (t) => t.id,
      ),
    ).not.toContain(task!.id);
    expect((await engine.json<{ tasks: unknown[] }>('GET', '/v1/tasks?status=done')).body.tasks).toEqual([
      done.body.task,
    ]);
    const file = await engine.json<{ timeline: { type: string; status?: string }[] }>(
      'GET',
      '/v1/customers/c-chen',
    );
    expect(file.body.timeline.filter((e) => e.type === 'task')).toEqual([
      expect.objectContaining({ status: 'done' }),
    ]);

    const undo = await engine.json<{ task: Record<string, unknown> }>('POST', `${path}/undo`);
    expect(undo.body.task).toMatchObject({ status: 'open' });
    expect(undo.body.task).not.toHaveProperty('doneAt');
    expect((await engine.json<{ task: unknown }>('POST', `${path}/undo`)).body.task).toEqual(undo.body.task);
    expect((await engine.json<{ tasks: unknown[] }>('GET', '/v1/tasks?status=done')).body.tasks).toEqual([]);
    expect(
      (await engine.json<{ tasks: unknown[] }>('GET', '/v1/tasks?status=all')).body.tasks,
    ).toContainEqual(undo.body.task);

    expect(await engine.json('POST', '/v1/customers/c-chen/tasks/t-unknown/done')).toMatchObject({
      status: 404,
    });
    expect(await engine.json('GET', '/v1/tasks?status=later')).toMatchObject({ status: 400 });
  });

  it('keeps the task board in step with the timeline when done and undo cross', async () => {
    type Listed = { tasks: { id: string; customerId: string; status: string }[] };
    const open = await engine.json<Listed>('GET', '/v1/tasks?status=open');
    const task = open.body.tasks.find((t) => t.customerId === 'c-chen')!;
    const path = `/v1/customers/c-chen/tasks/${task.id}`;
    const board = engine.deps.store.taskBoard;
    const file = board.file.bind(board);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let first = true;
    board.file = async (view, from) => {
      // The "done" call's board write waits until the "undo" call has finished.
      if (first && view.status === 'done') {
        first = false;
        await held;
      }
      return file(view, from);
    };
    try {
      const done = engine.json('POST', `${path}/done`);
      await expect.poll(() => first).toBe(false);
      expect((await engine.json<{ task: { status: string } }>('POST', `${path}/undo`)).body.task.status).toBe(
        'open',
      );
      release();
      await done;
    } finally {
      board.file = file;
    }
    const ids = async (status: string) =>
      (await engine.json<Listed>('GET', `/v1/tasks?status=${status}`)).body.tasks.map((t) => t.id);
    expect(await ids('open')).toContain(task.id);
    expect(await ids('done')).not.toContain(task.id);
  });

  it('draws the 80/20 value curve of a known book from the value histogram', async () => {
    const values = [40_000, 40_000, ...Array(8).fill(2_500)];
    for (const [i, amount] of values.entries()) {
      await engine.call('PUT', `/v1/customers/c-v${i}`, { ...base, name: `Value ${i}` });
      const response = await engine.webhook({
        dealId: `d-v${i}`,
        customerId: `c-v${i}`,
        stage: 'ordered',
        items: [{ name: '实木衣柜', quantity: 1, unitPrice: amount }],
        amount,
        currency: 'CNY',
      });
      expect(response.status).toBe(202);
    }
    engine.deps.tiers.invalidate();
    const { status, body } = await engine.json('GET', '/v1/stats/value-curve');
    expect(status).toBe(200);
    expect(body).toEqual({
      customers: 10,
      totalValue: 100_000,
      points: [
        { customerShare: 0, valueShare: 0 },
        { customerShare: 0.2, valueShare: 0.8 },
        { customerShare: 1, valueShare: 1 },
      ],
      cutoffs: { A: 38_967, B: 2_435 },
      tiers: {
        A: { customers: 2, value: 80_000 },
        B: { customers: 8, value: 20_000 },
        C: { customers: 0, value: 0 },
      },
    });
    // The search shows the tiers the cut-offs give.
    expect((await search('q=Value%200')).body.customers).toEqual([
      expect.objectContaining({ customerId: 'c-v0', tier: 'A' }),
    ]);
  });
});
