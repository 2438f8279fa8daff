import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';
import { type ConsoleCaller, joinTeam } from '../support/team';

type Inbox = { replies: { id: string; customerId: string; channel: string }[] };

/** An owner answering a reply from the console: the same send path as the owner loop by mail. */
describe('an owner answering a customer from the console', () => {
  let engine: TestEngine;
  let owner: ConsoleCaller;
  let other: ConsoleCaller;
  beforeAll(async () => {
    engine = await startTestEngine();
    owner = (
      await joinTeam(
        engine.app,
        { email: 'li.lei@shop.example', name: '李雷', role: 'owner' },
        'li lei’s long passphrase',
      )
    ).caller;
    other = (
      await joinTeam(
        engine.app,
        { email: 'han.mei@shop.example', name: '韩梅', role: 'owner' },
        'han mei’s long passphrase',
      )
    ).caller;
    await engine.callOk('PUT', '/v1/customers/c-wang', {
      ...WANG,
      phone: '+8613800138000',
      owner: { name: '李雷', email: 'li.lei@shop.example' },
    });
    const { body } = await engine.json<{ message: { replyTo: string } }>(
      'POST',
      '/v1/customers/c-wang/messages',
      {
        template: 'hello-again',
        channel: 'email',
        chase: true,
      },
    );
    await engine.json('POST', '/_local/inbound/email', {
      from: WANG.email,
      to: body.message.replyTo,
      subject: 'Re: 好久不见',
      text: '衣柜什么时候到?',
    });
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('previews, then sends once under the owner’s name, threaded to the reply, on the timeline as theirs', async () => {
    const inbox = await owner.json<Inbox>('GET', '/v1/inbox');
    const reply = inbox.body.replies.find((r) => r.customerId === 'c-wang')!;
    const before = await engine.deps.store.customers.get('c-wang');
    const sentBefore = (await engine.sent('c-wang')).length;

    const preview = await owner.json<{ preview: Record<string, string> }>(
      'POST',
      '/v1/customers/c-wang/answers',
      {
        text: '王女士您好,衣柜下周二送到。',
        replyId: reply.id,
        preview: true,
      },
    );
    expect(preview.status).toBe(200);
    expect(preview.body.preview).toMatchObject({ channel: 'email', to: WANG.email, subject: 'Re: 好久不见' });
    expect(preview.body.preview.from).toMatch(/^李雷 \(/);
    expect(preview.body.preview.text).toContain('衣柜下周二送到');
    expect(await engine.sent('c-wang')).toHaveLength(sentBefore);

    const send = () =>
      owner.call(
        'POST',
        '/v1/customers/c-wang/answers',
        { text: '王女士您好,衣柜下周二送到。', replyId: reply.id },
        { 'idempotency-key': 'answer-1' },
      );
    const first = await send();
    expect(first.status).toBe(201);
    const { message } = (await first.json()) as { message: { id: string } };
    expect((await send()).status).toBe(200);
    const sent = (await engine.sent('c-wang')).filter((m) => m.rule === 'owner-answer');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: WANG.email, subject: 'Re: 好久不见' });
    expect(await engine.deps.store.timeline.getMessage('c-wang', message.id)).toMatchObject({
      rule: 'owner-answer',
      by: 'li.lei@shop.example',
    });
    // No ack, no chase, no suppression effect: the state is as it was.
    expect((await engine.deps.store.customers.get('c-wang'))?.state).toEqual(before?.state);
    const audit = await engine.json<{ entries: { action: string; target: string }[] }>(
      'GET',
      '/v1/audit?target=customer:c-wang',
    );
    expect(audit.body.entries.map((e) => e.action)).toContain('customer.answered');
  });

  it('is a 404 for another owner’s customer and a 400 naming an empty answer', async () => {
    const foreign = await other.json('POST', '/v1/customers/c-wang/answers', { text: '你好' });
    expect(foreign.status).toBe(404);
    const empty = await owner.json<{ issues: { path: string }[] }>('POST', '/v1/customers/c-wang/answers', {
      text: '  ',
    });
    expect(empty.status).toBe(400);
    expect(empty.body.issues.map((i) => i.path)).toContain('text');
    const noReply = await owner.json('POST', '/v1/customers/c-wang/answers', {
      text: '你好',
      replyId: 'nope',
    });
    expect(noReply.status).toBe(404);
  });

  it('answers by SMS when asked, and refuses a channel the customer cannot be reached on', async () => {
    const sms = await owner.json<{ message: { channel: string; to: string } }>(
      'POST',
      '/v1/customers/c-wang/answers',
      {
        text: '明天下午送到',
        channel: 'sms',
      },
    );
    expect(sms.status).toBe(201);
    expect(sms.body.message).toMatchObject({ channel: 'sms', to: '+8613800138000' });
    await engine.callOk('PUT', '/v1/customers/c-nomail', {
      name: '无邮箱',
      phone: '+8613900139000',
      owner: { name: '李雷', email: 'li.lei@shop.example' },
    });
    const refused = await owner.json('POST', '/v1/customers/c-nomail/answers', {
      text: '您好',
      channel: 'email',
    });
    expect(refused.status).toBe(422);
  });
});
