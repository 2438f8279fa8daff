import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/local-engine';

const customer = {
  name: 'Zhang Wei',
  email: 'zhang.wei@example.com',
  phone: '138 0013 8000',
  country: 'CN',
  locale: 'zh-CN',
  timezone: 'Asia/Shanghai',
  birthday: '1985-09-12',
  gender: 'male',
  age: 41,
  hobbies: ['fishing', 'tea'],
  personality: 'careful, decides slowly',
  family: 'married, one daughter (12)',
  occupation: 'factory owner',
  income: '500k-1M CNY',
  tags: ['vip', 'guangzhou-fair-2026'],
  city: 'Foshan',
  owner: { name: '李雷', email: 'li.lei@shop.example' },
};

describe('customer files over the API', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('files a customer with every field of the seed card, normalising the phone to E.164', async () => {
    const put = await engine.json('PUT', '/v1/customers/c-zhang', customer);
    expect(put).toEqual({ status: 201, body: { customerId: 'c-zhang', status: 'created' } });
    const again = await engine.json('PUT', '/v1/customers/c-zhang', {
      ...customer,
      notes: 'met at the fair',
    });
    expect(again).toEqual({ status: 200, body: { customerId: 'c-zhang', status: 'updated' } });

    const file = await engine.json<{
      customer: Record<string, unknown>;
      tier: string;
      deals: unknown[];
      timeline: unknown[];
    }>('GET', '/v1/customers/c-zhang');
    expect(file.status).toBe(200);
    expect(file.body.customer).toMatchObject({
      ...customer,
      customerId: 'c-zhang',
      phone: '+8613800138000',
      notes: 'met at the fair',
      consent: { email: true, sms: true },
    });
    expect(file.body).toMatchObject({ tier: 'C', deals: [], timeline: [] });
  });

  it.each([
    ['email', { email: 'not-an-email' }, /email/],
    ['phone', { phone: '12345' }, /phone/],
    ['timezone', { timezone: 'Mars/Olympus_Mons' }, /timezone/],
    ['locale', { locale: 'not a locale!' }, /locale/],
    ['birthday', { birthday: '13-45' }, /birthday/],
    ['unknown field', { favouriteColour: 'red' }, /unknown field favouriteColour/],
    ['owner.email', { owner: { name: 'x', email: 'nope' } }, /owner\.email/],
  ])(
    'rejects a bad %s with a 400 that names the field, and writes nothing',
    async (_what, patch, pattern) => {
      const id = `c-bad-${Math.random().toString(36).slice(2)}`;
      const response = await engine.json<{ error: string; issues: { path: string }[] }>(
        'PUT',
        `/v1/customers/${id}`,
        {
          ...customer,
          ...patch,
        },
      );
      expect(response.status).toBe(400);
      expect(response.body.error).toMatch(pattern);
      expect(response.body.issues.length).toBeGreaterThan(0);
      expect((await engine.call('GET', `/v1/customers/${id}`)).status).toBe(404);
    },
  );

  it('rejects a body whose customerId disagrees with the path, and a body that is not JSON', async () => {
    const mismatch = await engine.json('PUT', '/v1/customers/c-one', { ...customer, customerId: 'c-two' });
    expect(mismatch.status).toBe(400);
    const broken = await engine.json('PUT', '/v1/customers/c-one', '{"name": ');
    expect(broken).toMatchObject({ status: 400, body: { error: 'request body must be valid JSON' } });
    expect((await engine.call('GET', '/v1/customers/c-one')).status).toBe(404);
  });

  it('needs the API key on /v1', async () => {
    const anonymous = await engine.call('GET', '/v1/customers/c-zhang', undefined, { authorization: '' });
    expect(anonymous.status).toBe(401);
    const wrong = await engine.call('GET', '/v1/customers/c-zhang', undefined, {
      authorization: 'Bearer nope',
    });
    expect(wrong.status).toBe(401);
    expect((await engine.call('GET', '/health', undefined, { authorization: '' })).status).toBe(200);
  });

  it('answers 404 for a customer that does not exist', async () => {
    const response = await engine.json('GET', '/v1/customers/c-nobody');
    expect(response).toEqual({
      status: 404,
      body: { error: 'customer c-nobody not found', code: 'not-found' },
    });
  });

  it('files a batch and reports every item on its own', async () => {
    const response = await engine.json<{
      created: number;
      invalid: number;
      results: Record<string, unknown>[];
    }>('POST', '/v1/customers/batch', {
      customers: [
        { customerId: 'b-1', name: 'Ana', email: 'ana@example.com' },
        { customerId: 'b-2', name: 'Ben', email: 'broken' },
        { name: 'No id' },
        { customerId: 'b-3', name: 'Chen', phone: '+8613900139000', timezone: 'Asia/Shanghai' },
      ],
    });
    expect(response.status).toBe(207);
    expect(response.body).toMatchObject({ created: 2, updated: 0, invalid: 2, failed: 0 });
    expect(response.body.results.map((r) => [r.customerId, r.status])).toEqual([
      ['b-1', 'created'],
      ['b-2', 'invalid'],
      [null, 'invalid'],
      ['b-3', 'created'],
    ]);
    expect((await engine.call('GET', '/v1/customers/b-2')).status).toBe(404);
    expect((await engine.call('GET', '/v1/customers/b-3')).status).toBe(200);
  });

  it('limits a batch to 500 customers', async () => {
    const customers = Array.from({ length: 501 }, (_, i) => ({ customerId: `x-${i}`, name: `X ${i}` }));
    const response = await engine.json<{ error: string }>('POST', '/v1/customers/batch', { customers });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/1 to 500/);
    expect((await engine.call('GET', '/v1/customers/x-0')).status).toBe(404);
  });

  it('refuses a letter with an unknown template or to an unreachable channel', async () => {
    await engine.call('PUT', '/v1/customers/c-mail-only', { name: 'Mail Only', email: 'mail@example.com' });
    const unknown = await engine.json<{ error: string }>('POST', '/v1/customers/c-mail-only/messages', {
      template: 'no-such-template',
      channel: 'email',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/template/);
    const noPhone = await engine.json<{ error: string }>('POST', '/v1/customers/c-mail-only/messages', {
      template: 'hello-again',
      channel: 'sms',
    });
    expect(noPhone.status).toBe(422);
    expect(noPhone.body.error).toMatch(/no-address/);
    const missing = await engine.json('POST', '/v1/customers/c-nobody/messages', {
      template: 'hello-again',
      channel: 'email',
    });
    expect(missing.status).toBe(404);
    // A campaign's template needs the campaign's variables, which a one-off letter does not have.
    const campaignOnly = await engine.json<{ error: string; errors: { message: string }[] }>(
      'POST',
      '/v1/customers/c-mail-only/messages',
      { template: 'campaign-event-invitation', channel: 'email' },
    );
    expect(campaignOnly.status).toBe(422);
    expect(campaignOnly.body.error).toMatch(/undefined variable: campaign/);
    expect(await engine.sent('c-mail-only')).toEqual([]);
  });

  it('sends a one-off letter in English with List-Unsubscribe, and the one-click unsubscribe suppresses email', async () => {
    await engine.call('PUT', '/v1/customers/c-en', { name: 'Emily', email: 'emily@example.com' });
    const letter = await engine.json<{ message: { id: string; status: string } }>(
      'POST',
      '/v1/customers/c-en/messages',
      {
        template: 'hello-again',
        channel: 'email',
      },
    );
    expect(letter.status).toBe(201);
    const [sent] = await engine.sent('c-en');
    expect(sent).toMatchObject({
      subject: 'Emily, a quick hello from us',
      to: 'emily@example.com',
      rule: 'letter',
    });
    const link = /href="(http:\/\/localhost:8787\/u\/[^"]+)"/.exec(sent!.html ?? '')?.[1];
    expect(link).toBeDefined();
    const path = new URL(link!).pathname;

    const page = await engine.call('GET', path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    // A GET alone (a link scanner) unsubscribes nobody.
    expect(
      (
        await engine.json('POST', '/v1/customers/c-en/messages', {
          template: 'hello-again',
          channel: 'email',
        })
      ).status,
    ).toBe(201);

    const oneClick = await engine.call('POST', path, 'List-Unsubscribe=One-Click', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(oneClick.status).toBe(200);
    const refused = await engine.json('POST', '/v1/customers/c-en/messages', {
      template: 'hello-again',
      channel: 'email',
    });
    expect(refused.status).toBe(422);
    expect(await engine.sent('c-en')).toHaveLength(2);

    const forged = await engine.call('POST', `${path.slice(0, -2)}xx`);
    expect(forged.status).toBe(404);
  });
});
