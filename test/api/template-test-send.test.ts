import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/local-engine';
import { type ConsoleCaller, joinTeam } from '../support/team';

interface SesStore {
  emails: { destination: { to: string[] }; subject: string; body: { text: string; html?: string } }[];
}

describe('sending a template as a test', () => {
  let engine: TestEngine;
  let marketer: ConsoleCaller;
  const sesEmails = async (to: string) =>
    ((await (await fetch(`${engine.sesEndpoint}/store`)).json()) as SesStore).emails.filter((m) =>
      m.destination.to.includes(to),
    );

  beforeAll(async () => {
    engine = await startTestEngine({ start: '2027-03-01T02:00:00Z' });
    marketer = (
      await joinTeam(
        engine.app,
        { email: 'han.mei.test-send@shop.example', name: '韩梅', role: 'marketer' },
        'a long passphrase',
      )
    ).caller;
    const wang = {
      name: '王芳',
      email: 'wang.fang@example.com',
      phone: '+8613800138000',
      locale: 'zh-CN',
      timezone: 'Asia/Shanghai',
      country: 'CN',
    };
    expect((await engine.call('PUT', '/v1/customers/c-wang', wang)).status).toBe(201);
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it("mails the signed-in marketer the sample customer's letter, marked a test, on nobody's timeline", async () => {
    const sent = await marketer.json<{ messageId: string; to: string; subject: string }>(
      'POST',
      '/v1/templates/hello-again/test-send',
      { channel: 'email', locale: 'en' },
    );
    expect(sent.status).toBe(201);
    expect(sent.body.to).toBe('han.mei.test-send@shop.example');
    expect(sent.body.subject).toMatch(/^\[Test\] /);
    const mails = await sesEmails('han.mei.test-send@shop.example');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(sent.body.subject);
    const outbox = await engine.sent('test-send');
    expect(outbox.map((m) => [m.to, m.headers?.['X-Nurture-Test']])).toEqual([
      ['han.mei.test-send@shop.example', 'true'],
    ]);
    // Not a customer's message: no timeline of a real customer has it, no template counter moved.
    expect(await engine.sent('c-wang')).toEqual([]);
    const stats = await engine.json<{ templates: { template: string; sent: number }[] }>(
      'GET',
      '/v1/stats/templates',
    );
    expect(stats.body.templates.find((t) => t.template === 'hello-again')?.sent ?? 0).toBe(0);
  });

  it("texts a given phone a chosen customer's SMS in Chinese, and refuses an SMS with nowhere to go", async () => {
    const sent = await marketer.json<{ to: string }>('POST', '/v1/templates/hello-again/test-send', {
      channel: 'sms',
      locale: 'zh-CN',
      to: '+8613900139000',
      customerId: 'c-wang',
    });
    expect(sent.status).toBe(201);
    const texts = (await engine.sent('test-send')).filter((m) => m.channel === 'sms');
    expect(texts.map((m) => m.to)).toEqual(['+8613900139000']);
    expect(texts[0]?.text).toMatch(/^【测试】.*王芳/);
    const nowhere = await marketer.json<{ code: string; issues: { path: string }[] }>(
      'POST',
      '/v1/templates/hello-again/test-send',
      { channel: 'sms', locale: 'en' },
    );
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.issues.map((i) => i.path)).toEqual(['to']);
    const unknown = await marketer.json('POST', '/v1/templates/no-such/test-send', {
      channel: 'sms',
      locale: 'en',
      to: '+8613900139000',
    });
    expect(unknown.status).toBe(404);
  });
});
