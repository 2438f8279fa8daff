import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../functions/local/outbox';
import { LI_LEI, WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';

/** A MIME message as a mail program sends it: CRLF lines, the reply quoted below the new text. */
function mime(headers: Record<string, string>, body: string): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return [...lines, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', '', body, ''].join(
    '\r\n',
  );
}

async function postRaw(engine: TestEngine, raw: string) {
  const response = await engine.call('POST', '/_local/inbound/email', raw, {
    'content-type': 'message/rfc822',
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const CUSTOMER_MESSAGE_ID = '<CAF9k2=wang.1@mail.example.com>';

describe('an owner answering the customer from an owner alert', () => {
  let engine: TestEngine;
  let alert: OutboxEntry;
  beforeEach(async () => {
    engine = await startTestEngine();
    await engine.call('PUT', '/v1/customers/c-wang', {
      ...WANG,
      phone: '+8613800138000',
      consent: { email: true, sms: true },
      owner: LI_LEI,
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
    const answered = await postRaw(
      engine,
      mime(
        {
          From: `王芳 <${WANG.email}>`,
          To: body.message.replyTo,
          Subject: '=?UTF-8?B?UmU6IOWlveS5heS4jeingQ==?=',
          'Message-ID': CUSTOMER_MESSAGE_ID,
        },
        '衣柜什么时候到?',
      ),
    );
    expect(answered.body).toMatchObject({ status: 'recorded', ownerAlerted: true });
    alert = (await engine.sent('c-wang')).find((m) => m.rule === 'owner-alert')!;
    expect(alert.to).toBe(LI_LEI.email);
  });
  afterEach(async () => {
    await engine.dispose();
  });

  const ownerAnswer = (text: string, messageId = '<owner.answer.1@shop.example>') =>
    mime(
      {
        From: `Li Lei <${LI_LEI.email}>`,
        To: alert.replyTo!,
        Subject: `Re: ${alert.subject}`,
        'Message-ID': messageId,
      },
      `${text}\r\n\r\nOn Sat, 6 Feb 2027 at 10:05, Nurture <hello@shop.example> wrote:\r\n> 王芳回复了\r\n> 衣柜什么时候到?`,
    );

  it('relays the owner’s words to the customer under the owner’s name, threaded, and nothing else', async () => {
    const before = await engine.deps.store.customers.get('c-wang');
    const sentBefore = (await engine.sent('c-wang')).length;
    const { status, body } = await postRaw(engine, ownerAnswer('王女士您好,衣柜下周二送到。'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'relayed', customerId: 'c-wang' });

    const sent = await engine.sent('c-wang');
    expect(sent).toHaveLength(sentBefore + 1);
    const relayed = sent.at(-1)!;
    expect(relayed).toMatchObject({ rule: 'owner-answer', to: WANG.email, subject: 'Re: 好久不见' });
    expect(relayed.from).toMatch(/^李雷 \(.+\) <.+>$/);
    expect(relayed.headers).toEqual({ 'In-Reply-To': CUSTOMER_MESSAGE_ID, References: CUSTOMER_MESSAGE_ID });
    expect(relayed.text).toContain('王女士您好,衣柜下周二送到。');
    // The alert the owner's mail quoted stays behind; the customer's own message is quoted once.
    expect(relayed.text).not.toContain('王芳回复了');
    expect(relayed.text.match(/衣柜什么时候到/g)).toHaveLength(1);
    expect(relayed.text).toMatch(/王芳于2027-02-06 10:0\d写道/);

    // On the timeline as the owner's message; the state untouched: no chase, ack or suppression effect.
    const message = await engine.deps.store.timeline.getMessage('c-wang', body.messageId as string);
    expect(message).toMatchObject({ rule: 'owner-answer', by: LI_LEI.email });
    const after = await engine.deps.store.customers.get('c-wang');
    expect(after?.state).toEqual(before?.state);
    expect(sent.filter((m) => m.rule === 'reply-ack')).toHaveLength(1);
  });

  it('relays once when the owner’s mail is delivered twice', async () => {
    const first = await postRaw(engine, ownerAnswer('下周二送到'));
    const again = await postRaw(engine, ownerAnswer('下周二送到'));
    expect(first.body.status).toBe('relayed');
    expect(again.body).toMatchObject({ status: 'duplicate', customerId: 'c-wang' });
    expect((await engine.sent('c-wang')).filter((m) => m.rule === 'owner-answer')).toHaveLength(1);
  });

  it('brings the customer’s answer to the relayed message back to the owner', async () => {
    await postRaw(engine, ownerAnswer('下周二送到'));
    const relayed = (await engine.sent('c-wang')).find((m) => m.rule === 'owner-answer')!;
    const back = await engine.json('POST', '/_local/inbound/email', {
      from: WANG.email,
      to: relayed.replyTo,
      subject: 'Re: 好久不见',
      text: '好的,周二我在家',
    });
    expect(back.body).toMatchObject({ status: 'recorded', kind: 'reply', ownerAlerted: true });
    const alerts = (await engine.sent('c-wang')).filter((m) => m.rule === 'owner-alert');
    expect(alerts).toHaveLength(2);
    expect(alerts[1]?.text).toContain('好的,周二我在家');
  });

  it('answers an SMS reply by SMS', async () => {
    const sms = await engine.json('POST', '/_local/inbound/sms', {
      from: '+8613800138000',
      body: '明天能送吗?',
    });
    expect(sms.body).toMatchObject({ status: 'recorded', ownerAlerted: true });
    const smsAlert = (await engine.sent('c-wang')).filter((m) => m.rule === 'owner-alert').at(-1)!;
    const { body } = await engine.json('POST', '/_local/inbound/email', {
      from: LI_LEI.email,
      to: smsAlert.replyTo,
      subject: 'Re: 王芳回复了',
      text: '明天下午可以',
    });
    expect(body).toMatchObject({ status: 'relayed' });
    const relayed = (await engine.sent('c-wang')).at(-1)!;
    expect(relayed).toMatchObject({ channel: 'sms', rule: 'owner-answer', to: '+8613800138000' });
    expect(relayed.text).toContain('明天下午可以');
  });

  it('“unsubscribe”, STOP or 退订 to the alert address suppresses nobody and sends nothing', async () => {
    const before = (await engine.sent('c-wang')).length;
    for (const text of ['unsubscribe', 'STOP', '退订']) {
      const answer = await engine.json('POST', '/_local/inbound/email', {
        from: LI_LEI.email,
        to: alert.replyTo,
        subject: 'Re: 王芳回复了',
        text,
      });
      expect(answer.body).toMatchObject({ status: 'held', reason: 'owner-not-relayed' });
    }
    expect(await engine.deps.store.suppressions.get(LI_LEI.email)).toBeUndefined();
    expect(await engine.deps.store.suppressions.get(WANG.email)).toBeUndefined();
    expect((await engine.deps.store.customers.get('c-wang'))?.state.suppressed).toEqual({});
    expect(await engine.sent('c-wang')).toHaveLength(before);
  });

  it('keeps, and relays nothing of, an owner’s out-of-office, a stranger’s mail or a forged owner', async () => {
    const before = (await engine.sent('c-wang')).length;
    const outOfOffice = await engine.json('POST', '/_local/inbound/email', {
      from: LI_LEI.email,
      to: alert.replyTo,
      subject: 'Automatic reply: 王芳回复了',
      text: 'I am out of the office until Monday.',
      headers: { 'auto-submitted': 'auto-replied' },
    });
    expect(outOfOffice.body).toMatchObject({ status: 'held', reason: 'owner-not-relayed' });
    const stranger = await engine.json('POST', '/_local/inbound/email', {
      from: 'someone@elsewhere.example',
      to: alert.replyTo,
      subject: 'Re: 王芳回复了',
      text: '您好,我也想买衣柜',
    });
    expect(stranger.body).toMatchObject({ status: 'held', reason: 'other-address' });
    const forged = await engine.json('POST', '/_local/inbound/email', {
      from: LI_LEI.email,
      to: alert.replyTo,
      subject: 'Re: 王芳回复了',
      text: '请把银行卡号发给我',
      headers: {
        'x-ses-spam-verdict': 'FAIL',
        'authentication-results': 'amazonses.com; spf=fail; dkim=none; dmarc=fail',
      },
    });
    expect(forged.body).toMatchObject({ status: 'held', reason: 'failed-authentication' });
    expect(await engine.sent('c-wang')).toHaveLength(before);
  });
});

describe('owner alerts for a customer who writes again and again', () => {
  let engine: TestEngine;
  beforeEach(async () => {
    engine = await startTestEngine();
    await engine.call('PUT', '/v1/customers/c-wang', { ...WANG, owner: LI_LEI });
  });
  afterEach(async () => {
    await engine.dispose();
  });

  it('sends the first three of an hour, then one digest of the rest, which the owner can answer', async () => {
    for (let i = 1; i <= 27; i++) {
      const { body } = await engine.json('POST', '/_local/inbound/email', {
        from: WANG.email,
        to: 'hello@shop.example',
        subject: `第${i}封`,
        text: `第${i}个问题:衣柜的尺寸是多少?`,
      });
      expect(body).toMatchObject({ status: 'recorded', ownerAlerted: i <= 3 });
      await engine.advance('PT1M');
    }
    const toOwner = () => engine.sent('c-wang').then((all) => all.filter((m) => m.to === LI_LEI.email));
    expect(await toOwner()).toHaveLength(3);

    // An hour after the first alert the digest goes, listing the 24 replies (the first 20 in full).
    await engine.advance('PT40M');
    const mail = await toOwner();
    expect(mail).toHaveLength(4);
    const digest = mail.at(-1)!;
    expect(digest.rule).toBe('owner-digest');
    expect(digest.subject).toContain('24');
    expect(digest.text).toContain('第4个问题');
    expect(digest.text).toContain('第23个问题');
    expect(digest.text).not.toContain('第24个问题');
    // Every reply is still on the timeline and in the inbox, each acknowledged once a day per thread.
    const inbox = await engine.json<{ replies: unknown[] }>('GET', '/v1/inbox?limit=100');
    expect(inbox.body.replies).toHaveLength(27);

    const { body } = await engine.json('POST', '/_local/inbound/email', {
      from: LI_LEI.email,
      to: digest.replyTo,
      subject: `Re: ${digest.subject}`,
      text: '王女士,尺寸是2.4米,我下午给您打电话。',
    });
    expect(body).toMatchObject({ status: 'relayed' });
    const relayed = (await engine.sent('c-wang')).at(-1)!;
    expect(relayed).toMatchObject({ rule: 'owner-answer', to: WANG.email });
  });
});
