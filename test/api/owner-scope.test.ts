import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/local-engine';
import { type ConsoleCaller, fileOwnersBook, joinTeam, signIn } from '../support/team';

const PASSWORD = 'a long enough passphrase';
// 2027-02-06 02:00Z is a Saturday morning in Shanghai.
const base = { country: 'CN', locale: 'zh-CN', timezone: 'Asia/Shanghai' };
const liLei = { name: '李雷', email: 'li.lei@shop.example' };
const hanMei = { name: '韩梅', email: 'han.mei@shop.example' };
const people: Record<string, Record<string, unknown>> = {
  'c-wang': { ...base, name: '王芳', email: 'wang.fang@example.com', owner: liLei },
  'c-zhang': { ...base, name: '张伟', email: 'zhang.wei@example.com', owner: liLei },
  'c-chen': { ...base, name: '陈静', email: 'chen@example.com', owner: hanMei },
  'c-liu': { ...base, name: '刘洋', email: 'liu@example.com', owner: hanMei },
  'c-emma': { name: 'Emma Clark', email: 'emma@example.com', country: 'GB', timezone: 'Europe/London' },
};

interface Listed {
  customers?: { customerId: string }[];
  replies?: { customerId: string }[];
  tasks?: { id: string; customerId: string; status: string }[];
}

/**
 * An owner (a salesperson) sees their own customers, replies and tasks and
 * nobody else's: another owner's customer is a 404, exactly as one that does
 * not exist; marketers and admins see everyone.
 */
describe("an owner's own customers, inbox and tasks", () => {
  let engine: TestEngine;
  let li: ConsoleCaller;
  let han: ConsoleCaller;
  let marketer: ConsoleCaller;
  const ids = (list: { customerId: string }[] | undefined) => (list ?? []).map((e) => e.customerId).sort();

  beforeAll(async () => {
    engine = await startTestEngine();
    await fileOwnersBook(engine.call, {
      people,
      chased: ['c-zhang', 'c-liu'],
      replying: { 'c-wang': '收到了,谢谢!', 'c-chen': '收到了,谢谢!', 'c-emma': 'Thanks, got it.' },
    });
    await engine.advance('P11D'); // day 3, day 7, then the owner's call task
    // The user's email in another case than the customers' owner.email: the same person.
    ({ caller: li } = await joinTeam(
      engine.app,
      { email: 'Li.Lei@Shop.example', name: '李雷', role: 'owner' },
      PASSWORD,
    ));
    ({ caller: han } = await joinTeam(engine.app, { ...hanMei, role: 'owner' }, PASSWORD));
    ({ caller: marketer } = await joinTeam(
      engine.app,
      { email: 'marketing@shop.example', name: 'Marketing', role: 'marketer' },
      PASSWORD,
    ));
  });
  afterAll(async () => engine.dispose());

  it('lists and finds only their own customers; marketers find everyone', async () => {
    expect(ids((await li.json<Listed>('GET', '/v1/customers')).body.customers)).toEqual([
      'c-wang',
      'c-zhang',
    ]);
    expect(ids((await han.json<Listed>('GET', '/v1/customers?q=陈')).body.customers)).toEqual(['c-chen']);
    expect(ids((await li.json<Listed>('GET', '/v1/customers?q=陈')).body.customers)).toEqual([]);
    // The contact indexes answer exactly, and still only theirs.
    expect(ids((await li.json<Listed>('GET', '/v1/customers?q=chen@example.com')).body.customers)).toEqual(
      [],
    );
    expect(
      ids((await li.json<Listed>('GET', '/v1/customers?q=wang.fang@example.com')).body.customers),
    ).toEqual(['c-wang']);
    expect(ids((await li.json<Listed>('GET', `/v1/customers?owner=${hanMei.email}`)).body.customers)).toEqual(
      [],
    );

    expect(ids((await marketer.json<Listed>('GET', '/v1/customers?q=陈')).body.customers)).toEqual([
      'c-chen',
    ]);
    expect(
      ids((await marketer.json<Listed>('GET', `/v1/customers?owner=${liLei.email}`)).body.customers),
    ).toEqual(['c-wang', 'c-zhang']);
    // Nothing to search for lists everyone a marketer may see.
    expect(ids((await marketer.json<Listed>('GET', '/v1/customers')).body.customers)).toEqual([
      'c-chen',
      'c-emma',
      'c-liu',
      'c-wang',
      'c-zhang',
    ]);
  });

  it("answers another owner's customer file, forecast, letters and tasks as if it did not exist", async () => {
    const nobody = await li.json('GET', '/v1/customers/c-nobody');
    expect(nobody).toEqual({
      status: 404,
      body: { error: 'customer c-nobody not found', code: 'not-found' },
    });
    expect(await li.json('GET', '/v1/customers/c-chen')).toEqual({
      status: 404,
      body: { error: 'customer c-chen not found', code: 'not-found' },
    });
    expect((await li.json('GET', '/v1/customers/c-chen/forecast?days=30')).status).toBe(404);
    expect((await li.json('GET', '/v1/customers/c-emma')).status).toBe(404);

    const before = (await engine.sent('c-chen')).length;
    const letter = await li.json('POST', '/v1/customers/c-chen/messages', {
      template: 'hello-again',
      channel: 'email',
    });
    expect(letter).toEqual({ status: 404, body: { error: 'customer c-chen not found', code: 'not-found' } });
    expect(await engine.sent('c-chen')).toHaveLength(before);

    const hanTask = (await han.json<Listed>('GET', '/v1/tasks')).body.tasks!.find(
      (t) => t.customerId === 'c-liu',
    )!;
    const done = await li.json('POST', `/v1/customers/c-liu/tasks/${hanTask.id}/done`);
    expect(done).toEqual({ status: 404, body: { error: 'customer c-liu not found', code: 'not-found' } });
    expect(
      (await han.json<Listed>('GET', '/v1/tasks')).body.tasks!.find((t) => t.id === hanTask.id)?.status,
    ).toBe('open');

    const own = await li.json<{ customer: { name: string }; timeline: { type: string }[] }>(
      'GET',
      '/v1/customers/c-wang',
    );
    expect(own.status).toBe(200);
    expect(own.body.customer.name).toBe('王芳');
    expect(own.body.timeline.map((e) => e.type)).toContain('reply');
    expect((await li.json('GET', '/v1/customers/c-zhang/forecast?days=30')).status).toBe(200);
    expect((await marketer.json('GET', '/v1/customers/c-chen')).status).toBe(200);
  });

  it('shows each owner their own replies and tasks, and marketers all of them', async () => {
    expect(ids((await li.json<Listed>('GET', '/v1/inbox')).body.replies)).toEqual(['c-wang']);
    expect(ids((await han.json<Listed>('GET', '/v1/inbox')).body.replies)).toEqual(['c-chen']);
    expect(ids((await marketer.json<Listed>('GET', '/v1/inbox')).body.replies)).toEqual([
      'c-chen',
      'c-emma',
      'c-wang',
    ]);

    expect(ids((await li.json<Listed>('GET', '/v1/tasks')).body.tasks)).toEqual(['c-zhang']);
    expect(ids((await han.json<Listed>('GET', '/v1/tasks?status=all')).body.tasks)).toEqual(['c-liu']);
    expect(ids((await marketer.json<Listed>('GET', '/v1/tasks')).body.tasks)).toEqual(['c-liu', 'c-zhang']);

    const mine = (await li.json<Listed>('GET', '/v1/tasks')).body.tasks![0]!;
    expect((await li.json('POST', `/v1/customers/c-zhang/tasks/${mine.id}/done`)).status).toBe(200);
    expect((await li.json<Listed>('GET', '/v1/tasks?status=done')).body.tasks!.map((t) => t.id)).toEqual([
      mine.id,
    ]);
    expect((await li.json<Listed>('GET', '/v1/tasks?status=open')).body.tasks).toEqual([]);
  });

  it('loses a customer handed to another owner at once, and the new owner gains them', async () => {
    const moved = await engine.call('PUT', '/v1/customers/c-wang', { ...people['c-wang'], owner: hanMei });
    expect(moved.status).toBe(200);
    expect((await li.json('GET', '/v1/customers/c-wang')).status).toBe(404);
    expect(ids((await li.json<Listed>('GET', '/v1/customers')).body.customers)).toEqual(['c-zhang']);
    // The reply filed while c-wang was Li Lei's leaves Li Lei's inbox with the customer.
    expect(ids((await li.json<Listed>('GET', '/v1/inbox')).body.replies)).toEqual([]);
    expect((await han.json('GET', '/v1/customers/c-wang')).status).toBe(200);

    // What c-wang writes from now on is in Han Mei's inbox.
    const { body } = await engine.json<{ message: { replyTo: string } }>(
      'POST',
      '/v1/customers/c-wang/messages',
      {
        template: 'hello-again',
        channel: 'email',
      },
    );
    await engine.json('POST', '/_local/inbound/email', {
      from: 'wang.fang@example.com',
      to: body.message.replyTo,
      text: '好的,下周见。',
    });
    const hans = (await han.json<Listed>('GET', '/v1/inbox')).body.replies;
    expect(ids(hans)).toEqual(['c-chen', 'c-wang']);
  });

  it('keeps an owner who is made marketer to everyone’s customers once they sign in again', async () => {
    const users = (await engine.json<{ users: { id: string; email: string }[] }>('GET', '/v1/users')).body
      .users;
    const hanId = users.find((u) => u.email === hanMei.email)!.id;
    expect((await engine.call('PATCH', `/v1/users/${hanId}`, { role: 'marketer' })).status).toBe(200);
    expect((await han.call('GET', '/v1/inbox')).status).toBe(401);
    const again = await signIn(engine.app, { email: hanMei.email, password: PASSWORD });
    expect((await again.json('GET', '/v1/customers/c-zhang')).status).toBe(200);
  });
});
