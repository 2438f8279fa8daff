import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LI_LEI, WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';

const wang = {
  ...WANG,
  phone: '+8613800138000',
  owner: { ...LI_LEI, phone: '+8613912345678' },
};

/** A reply as a mail client sends it: GBK, base64, the letter quoted below. */
function rawReply(to: string, text: string, extraHeaders: string[] = []): string {
  const body = `${text}\n\n在 2027年2月6日 10:00，李雷 <li.lei@shop.example> 写道：\n> 王芳，您好！\n> 好久没有联系了。\n`;
  return [
    `From: =?UTF-8?B?${Buffer.from('王芳').toString('base64')}?= <wang.fang@example.com>`,
    `To: ${to}`,
    `Subject: =?UTF-8?B?${Buffer.from('回复：王芳，李雷向您问好').toString('base64')}?=`,
    `Message-ID: <${Math.random().toString(36).slice(2)}@mail.example.com>`,
    'Date: Sat, 06 Feb 2027 04:00:00 +0000',
    ...extraHeaders,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(body).toString('base64'),
  ].join('\r\n');
}

describe('replies: matched, acknowledged, escalated', () => {
  let engine: TestEngine;
  let replyTo: string;
  beforeEach(async () => {
    engine = await startTestEngine();
    await engine.call('PUT', '/v1/customers/c-wang', wang);
    const { body } = await engine.json<{ message: { replyTo: string } }>(
      'POST',
      '/v1/customers/c-wang/messages',
      {
        template: 'hello-again',
        channel: 'email',
        chase: true,
      },
    );
    replyTo = body.message.replyTo;
    await engine.advance('PT2H');
  });
  afterEach(async () => {
    await engine.dispose();
  });

  const ofRule = async (rule: string) => (await engine.sent('c-wang')).filter((m) => m.rule === rule);

  it('reads a raw MIME reply, keeps only the new text, stops the chase, acknowledges in Chinese and alerts the owner', async () => {
    const { status, body } = await engine.json('POST', '/_local/inbound/email', {
      raw: rawReply(replyTo, '收到了，谢谢！下周我去店里看看。'),
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'recorded',
      kind: 'reply',
      chasesStopped: 1,
      acknowledged: true,
      ownerAlerted: true,
    });

    const [ack] = await ofRule('reply-ack');
    expect(ack).toMatchObject({
      to: 'wang.fang@example.com',
      channel: 'email',
      sentAt: '2027-02-06T04:00:00.000Z',
    });
    expect(ack!.subject).toBe('回复:回复：王芳，李雷向您问好');
    expect(ack!.text).toContain('您的回复已经收到');

    const [alert] = await ofRule('owner-alert');
    expect(alert).toMatchObject({ to: 'li.lei@shop.example' });
    expect(alert!.subject).toContain('王芳回复了');
    expect(alert!.text).toContain('收到了，谢谢！下周我去店里看看。');
    expect(alert!.text).not.toContain('好久没有联系了');
    expect(alert!.html).toContain('/console/customers/c-wang');

    const file = await engine.json<{
      timeline: { type: string; kind?: string; text?: string; latencySeconds?: number }[];
    }>('GET', '/v1/customers/c-wang');
    expect(file.body.timeline.filter((e) => e.type === 'reply')).toEqual([
      expect.objectContaining({
        kind: 'reply',
        text: '收到了，谢谢！下周我去店里看看。',
        latencySeconds: 7200,
      }),
    ]);
    await engine.advance('P10D');
    expect(await ofRule('chase')).toEqual([]);
  });

  it('acknowledges once per thread per day, however many times the customer writes', async () => {
    await engine.json('POST', '/_local/inbound/email', { raw: rawReply(replyTo, '收到了。') });
    await engine.json('POST', '/_local/inbound/email', { raw: rawReply(replyTo, '对了，还想问一下价格。') });
    expect(await ofRule('reply-ack')).toHaveLength(1);
    expect(await ofRule('owner-alert')).toHaveLength(2);
    await engine.advance('P1D');
    await engine.json('POST', '/_local/inbound/email', { raw: rawReply(replyTo, '第二天又来问问。') });
    expect(await ofRule('reply-ack')).toHaveLength(2);
  });

  it('never answers an automatic reply, and it does not stop the chase', async () => {
    const { body } = await engine.json('POST', '/_local/inbound/email', {
      raw: rawReply(replyTo, '我正在休假，2月20日返回。', ['Auto-Submitted: auto-replied']),
    });
    expect(body).toMatchObject({
      kind: 'auto-reply',
      chasesStopped: 0,
      acknowledged: false,
      ownerAlerted: false,
    });
    expect(await ofRule('reply-ack')).toEqual([]);
    await engine.advance('P3D');
    expect(await ofRule('chase')).toHaveLength(1);
  });

  it('escalates a complaint at once and flags it on the file', async () => {
    const { body } = await engine.json('POST', '/_local/inbound/email', {
      raw: rawReply(replyTo, '衣柜门坏了，很失望。'),
    });
    expect(body).toMatchObject({ kind: 'complaint', ownerAlerted: true, chasesStopped: 1 });
    const [alert] = await ofRule('owner-alert');
    expect(alert!.subject).toBe('【客户投诉】王芳,请今天内联系');
    const file = await engine.json<{ complaint?: { text: string } }>('GET', '/v1/customers/c-wang');
    expect(file.body.complaint?.text).toBe('衣柜门坏了，很失望。');
  });

  it('shows a multi-line reply to the owner line by line, with the customer’s markup escaped', async () => {
    const { status } = await engine.json('POST', '/_local/inbound/email', {
      raw: rawReply(replyTo, '第一行：沙发收到了\n第二行：<b>颜色</b>有点深 & 想换'),
    });
    expect(status).toBe(200);
    const [alert] = await ofRule('owner-alert');
    expect(alert!.html).toContain(
      '第一行：沙发收到了<br />\n第二行：&lt;b&gt;颜色&lt;/b&gt;有点深 &amp; 想换',
    );
    expect(alert!.html).not.toContain('&lt;br');
    expect(alert!.text).toContain('第一行：沙发收到了\n第二行：<b>颜色</b>有点深 & 想换');
  });

  it('a bounce to the routing address is no reply: no acknowledgement, no alert, the chase runs, the address is listed', async () => {
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.example.com>',
      'Return-Path: <>',
      `To: ${replyTo}`,
      'Subject: Undelivered Mail Returned to Sender',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      '',
      '--r',
      'Content-Type: text/plain',
      '',
      'I am sorry to have to inform you that your message could not be delivered.',
      '--r',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.com',
      '',
      `Final-Recipient: rfc822; ${wang.email}`,
      'Action: failed',
      'Status: 5.1.1',
      '--r--',
      '',
    ].join('\r\n');
    const { status, body } = await engine.json('POST', '/_local/inbound/email', { raw: dsn });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'recorded',
      kind: 'bounce',
      acknowledged: false,
      ownerAlerted: false,
      chasesStopped: 0,
    });
    expect(await ofRule('reply-ack')).toEqual([]);
    expect(await ofRule('owner-alert')).toEqual([]);
    const file = await engine.json<{ state?: { suppressed?: { email?: { reason: string } } } }>(
      'GET',
      '/v1/customers/c-wang',
    );
    expect(JSON.stringify(file.body)).toContain('hard-bounce');
  });

  it('passes a referral to the owner with its own alert', async () => {
    const { body } = await engine.json('POST', '/_local/inbound/email', {
      raw: rawReply(replyTo, '我朋友也想买一套沙发，能给她报个价吗？她叫陈静。'),
    });
    expect(body).toMatchObject({ kind: 'referral', ownerAlerted: true });
    const [alert] = await ofRule('owner-alert');
    expect(alert!.subject).toBe('王芳为您介绍了新客户');
    expect(alert!.text).toContain('referredBy');
  });

  it('ignores mail from its own domains (no loops)', async () => {
    const { body } = await engine.json('POST', '/_local/inbound/email', {
      from: 'MAILER-DAEMON@reply.nurture.local',
      to: replyTo,
      text: 'Delivery failure',
    });
    expect(body).toEqual({ status: 'ignored', reason: 'own-address' });
    expect(await ofRule('reply-ack')).toEqual([]);
  });

  it('treats an email that only says "help" as a reply that needs a person', async () => {
    const { body } = await engine.json('POST', '/_local/inbound/email', { raw: rawReply(replyTo, 'Help') });
    expect(body).toMatchObject({ kind: 'reply', acknowledged: true, ownerAlerted: true });
  });

  it('answers SMS HELP with who we are, and STOP with silence', async () => {
    const help = await engine.json('POST', '/_local/inbound/sms', { from: '+8613800138000', body: 'HELP' });
    expect(help.body).toMatchObject({ kind: 'help', acknowledged: true, chasesStopped: 0 });
    const [sms] = await ofRule('sms-help');
    expect(sms).toMatchObject({ channel: 'sms', to: '+8613800138000' });
    expect(sms!.text).toContain('回复TD退订');
    const stop = await engine.json('POST', '/_local/inbound/sms', { from: '+8613800138000', body: '退订' });
    expect(stop.body).toMatchObject({ kind: 'unsubscribe', acknowledged: false, ownerAlerted: false });
  });
});
