import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireCustomer } from '../../functions/engine/fire/fire';
import type { SimulatedClock } from '../../functions/ports/clock/index';
import { LI_LEI, WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';

const wang = {
  ...WANG,
  phone: '+86 138 0013 8000',
  owner: { ...LI_LEI, phone: '+86 139 1234 5678' },
};

/** The chased letter and what the chase sent; the other cadences (monthly letter, festivals) run beside it. */
async function chaseMail(engine: TestEngine, customerId: string) {
  return (await engine.sent(customerId)).filter((m) => m.rule === 'letter' || m.rule === 'chase');
}

interface FileView {
  chases: { status: string; endedBy?: string; channel: string }[];
  timeline: {
    type: string;
    kind?: string;
    status?: string;
    task?: string;
    latencySeconds?: number;
    rule?: string;
  }[];
  nextAt: string | null;
}

describe('the follow-up chase, end to end on the local engine', () => {
  let engine: TestEngine;
  beforeEach(async () => {
    engine = await startTestEngine();
  });
  afterEach(async () => {
    await engine.dispose();
  });

  async function sendChasedLetter(customerId: string, channel: 'email' | 'sms' = 'email') {
    const { status, body } = await engine.json<{ message: { id: string; replyTo?: string } }>(
      'POST',
      `/v1/customers/${customerId}/messages`,
      { template: 'hello-again', channel, chase: true },
    );
    expect(status).toBe(201);
    return body.message;
  }

  it('sends the day-3 and day-7 letters in the local morning, then files a call task and alerts the owner', async () => {
    expect((await engine.call('PUT', '/v1/customers/c-wang', wang)).status).toBe(201);
    await sendChasedLetter('c-wang');

    await engine.advance('P3D');
    let sent = await chaseMail(engine, 'c-wang');
    expect(sent.map((m) => [m.rule, m.sentAt])).toEqual([
      ['letter', '2027-02-06T02:00:00.000Z'],
      ['chase', '2027-02-09T01:00:00.000Z'], // 09:00 in Shanghai
    ]);
    expect(sent[1]!.subject).toBe('王芳,请问我的信您收到了吗?');
    expect(sent[1]!.text).toContain('《王芳,李雷向您问好》');
    expect(sent[1]!.replyTo).toMatch(/^reply\+[0-9a-f]{20}-[0-9a-f]{16}@reply\.nurture\.local$/);

    await engine.advance('P4D');
    sent = await chaseMail(engine, 'c-wang');
    expect(sent).toHaveLength(3);
    expect(sent[2]).toMatchObject({ rule: 'chase', sentAt: '2027-02-13T01:00:00.000Z', to: wang.email });
    expect(sent[2]!.subject).toContain('新品');

    await engine.advance('P3D');
    sent = await chaseMail(engine, 'c-wang');
    expect(sent).toHaveLength(4);
    expect(sent[3]).toMatchObject({ to: 'li.lei@shop.example', sentAt: '2027-02-16T01:00:00.000Z' });
    expect(sent[3]!.subject).toBe('电话跟进任务:王芳尚未回复');

    const file = await engine.json<FileView>('GET', '/v1/customers/c-wang');
    expect(file.body.timeline.filter((e) => e.type === 'task')).toEqual([
      expect.objectContaining({ task: 'call', status: 'open' }),
    ]);
    expect(file.body.chases).toEqual([
      expect.objectContaining({ status: 'completed', endedBy: 'last-step' }),
    ]);
    // Only the other cadences (the next festival, the monthly letter) are pending now.
    expect(file.body.nextAt! > '2027-02-16T01:00:00.000Z').toBe(true);

    await engine.advance('P60D');
    expect(await chaseMail(engine, 'c-wang')).toHaveLength(4);
  });

  it('stops at once when the customer replies, and records the reply with its latency', async () => {
    await engine.call('PUT', '/v1/customers/c-wang', wang);
    await sendChasedLetter('c-wang');
    await engine.advance('P3D');
    const [, dayThree] = await chaseMail(engine, 'c-wang');

    await engine.advance('PT5H');
    const reply = await engine.json('POST', '/_local/inbound/email', {
      from: `王芳 <${wang.email}>`,
      to: dayThree!.replyTo,
      subject: 'Re: 请问我的信您收到了吗?',
      text: '收到了,谢谢!最近比较忙,过几天联系您。',
    });
    expect(reply.body).toMatchObject({
      status: 'recorded',
      kind: 'reply',
      customerId: 'c-wang',
      chasesStopped: 1,
    });

    await engine.advance('P30D');
    expect(await chaseMail(engine, 'c-wang')).toHaveLength(2);
    const file = await engine.json<FileView>('GET', '/v1/customers/c-wang');
    expect(file.body.chases[0]).toMatchObject({ status: 'stopped', endedBy: 'reply' });
    const replies = file.body.timeline.filter((e) => e.type === 'reply');
    expect(replies).toEqual([expect.objectContaining({ kind: 'reply', latencySeconds: 6 * 3600 })]);
    expect(file.body.timeline.some((e) => e.type === 'task')).toBe(false);

    // The same inbound email delivered again has no second effect.
    const again = await engine.json('POST', '/_local/inbound/email', {
      from: `王芳 <${wang.email}>`,
      to: dayThree!.replyTo,
      subject: 'Re: 请问我的信您收到了吗?',
      text: '收到了,谢谢!最近比较忙,过几天联系您。',
    });
    expect(again.body).toMatchObject({ status: 'duplicate' });
  });

  it('does not count an out-of-office answer as a reply', async () => {
    await engine.call('PUT', '/v1/customers/c-wang', wang);
    const letter = await sendChasedLetter('c-wang');
    const auto = await engine.json('POST', '/_local/inbound/email', {
      from: wang.email,
      to: letter.replyTo,
      subject: '自动回复: 休假中',
      text: '我正在休假,2月20日返回。',
    });
    expect(auto.body).toMatchObject({ status: 'recorded', kind: 'auto-reply', chasesStopped: 0 });
    await engine.advance('P3D');
    expect(await chaseMail(engine, 'c-wang')).toHaveLength(2);
  });

  it('matches a reply by the sender address when the routing token is missing', async () => {
    await engine.call('PUT', '/v1/customers/c-wang', wang);
    await sendChasedLetter('c-wang');
    const reply = await engine.json('POST', '/_local/inbound/email', {
      from: 'WANG.FANG@example.com',
      to: 'hello@nurture.local',
      text: 'Thanks, received.',
    });
    expect(reply.body).toMatchObject({ status: 'recorded', customerId: 'c-wang', chasesStopped: 1 });
    const forged = await engine.json('POST', '/_local/inbound/email', {
      from: 'someone@else.example',
      to: 'reply+0123456789abcdef0123-0000000000000000@reply.nurture.local',
      text: 'hi',
    });
    expect(forged).toMatchObject({ status: 404, body: { status: 'unmatched' } });
  });

  it('chases by SMS when the letter went by SMS, and an SMS reply stops it', async () => {
    const { email: _email, ...smsOnly } = wang;
    await engine.call('PUT', '/v1/customers/c-sms', smsOnly);
    await sendChasedLetter('c-sms', 'sms');
    await engine.advance('P3D');
    const sent = await chaseMail(engine, 'c-sms');
    expect(sent.map((m) => [m.channel, m.to, m.rule])).toEqual([
      ['sms', '+8613800138000', 'letter'],
      ['sms', '+8613800138000', 'chase'],
    ]);
    expect(sent[1]!.text).toContain('2027-02-06');

    const reply = await engine.json('POST', '/_local/inbound/sms', {
      from: '+8613800138000',
      body: '收到,谢谢',
    });
    expect(reply.body).toMatchObject({ status: 'recorded', kind: 'reply', messageId: sent[1]!.id });
    await engine.advance('P30D');
    expect(await chaseMail(engine, 'c-sms')).toHaveLength(2);
  });

  it('suppresses the channel on an SMS STOP and never texts again', async () => {
    const { email: _email, ...smsOnly } = wang;
    await engine.call('PUT', '/v1/customers/c-sms', smsOnly);
    await sendChasedLetter('c-sms', 'sms');
    const stop = await engine.json('POST', '/_local/inbound/sms', { from: '+86 138 0013 8000', body: 'TD' });
    expect(stop.body).toMatchObject({ kind: 'unsubscribe' });
    await engine.advance('P30D');
    expect(await chaseMail(engine, 'c-sms')).toHaveLength(1);
    const again = await engine.json('POST', '/v1/customers/c-sms/messages', {
      template: 'hello-again',
      channel: 'sms',
    });
    expect(again.status).toBe(422);
    expect(await chaseMail(engine, 'c-sms')).toHaveLength(1);
  });

  it("lands the follow-ups in the customer's own morning (New York, across the DST change)", async () => {
    await engine.call('PUT', '/v1/customers/c-ny', {
      name: 'Emily Carter',
      email: 'emily@example.com',
      timezone: 'America/New_York',
      owner: { name: 'Tom', email: 'tom@shop.example' },
    });
    await engine.call('POST', '/_local/clock', { set: '2027-03-11T15:00:00Z' });
    await sendChasedLetter('c-ny');
    await engine.advance('P11D');
    const sent = await chaseMail(engine, 'c-ny');
    // 09:00 EST is 14:00Z; after 14 March, 09:00 EDT is 13:00Z.
    expect(sent.map((m) => m.sentAt)).toEqual([
      '2027-03-11T15:00:00.000Z',
      '2027-03-14T13:00:00.000Z',
      '2027-03-18T13:00:00.000Z',
      '2027-03-21T13:00:00.000Z',
    ]);
    expect(sent[3]!.to).toBe('tom@shop.example');
  });

  it('a duplicated or concurrent fire sends each letter once', async () => {
    await engine.call('PUT', '/v1/customers/c-wang', wang);
    await sendChasedLetter('c-wang');
    const clock = engine.clock as SimulatedClock;
    clock.set(new Date('2027-02-09T01:00:00Z'));
    await Promise.all([
      fireCustomer(engine.deps, 'c-wang'),
      fireCustomer(engine.deps, 'c-wang'),
      fireCustomer(engine.deps, 'c-wang'),
    ]);
    await fireCustomer(engine.deps, 'c-wang');
    expect((await chaseMail(engine, 'c-wang')).map((m) => m.rule)).toEqual(['letter', 'chase']);
  });

  it('a retried letter request with the same Idempotency-Key sends once', async () => {
    await engine.call('PUT', '/v1/customers/c-wang', wang);
    const body = { template: 'hello-again', channel: 'email', chase: true };
    const first = await engine.json('POST', '/v1/customers/c-wang/messages', body, {
      'idempotency-key': 'promo-1',
    });
    const second = await engine.json('POST', '/v1/customers/c-wang/messages', body, {
      'idempotency-key': 'promo-1',
    });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body).toMatchObject({ duplicate: true });
    expect(await chaseMail(engine, 'c-wang')).toHaveLength(1);
    const file = await engine.json<FileView>('GET', '/v1/customers/c-wang');
    expect(file.body.chases).toHaveLength(1);
  });
});

describe('restarting the local engine', () => {
  it('keeps the customer, the chase and its pending alarm', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'nurture-restart-'));
    try {
      const first = await startTestEngine({ dataDir });
      await first.call('PUT', '/v1/customers/c-wang', wang);
      await first.call('POST', '/v1/customers/c-wang/messages', {
        template: 'hello-again',
        channel: 'email',
        chase: true,
      });
      await first.stop();

      const second = await startTestEngine({ dataDir });
      try {
        expect(second.scheduler.pendingAt('c-wang')?.toISOString()).toBe('2027-02-09T01:00:00.000Z');
        await second.advance('P3D');
        expect((await chaseMail(second, 'c-wang')).map((m) => m.rule)).toEqual(['letter', 'chase']);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
