import { SESClient } from '@aws-sdk/client-ses';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalSes, startLocalSes } from '../../../functions/local/ses-server';
import { SimulatedClock } from '../../../functions/ports/clock/index';
import type { OutgoingEmail } from '../../../functions/ports/mailer/index';
import { buildMime, encodeAddress, encodeHeaderText } from '../../../functions/ports/mailer/mime';
import { SesMailer } from '../../../functions/ports/mailer/ses';

const email: OutgoingEmail = {
  messageId: '0123456789abcdef0123',
  from: '李雷 <li.lei@shop.example>',
  to: 'wang.fang@example.com',
  replyTo: 'reply+0123456789abcdef0123-89abcdef01234567@reply.shop.example',
  subject: '王芳,请问我的信您收到了吗?这是一个很长很长的主题行,用来检查编码后的折行是否正确处理',
  html: '<p>王芳,您好!</p><p>Line with “quotes” & ampersand</p>',
  text: '王芳,您好!\n\nLine with “quotes” & ampersand',
  headers: {
    'List-Unsubscribe': '<https://api.shop.example/u/abc.def>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
  context: { customerId: 'c-wang', rule: 'chase' },
};
const sentAt = new Date('2027-02-09T01:00:00Z');

describe('buildMime', () => {
  it('builds MIME that a real parser reads back exactly, headers included', async () => {
    const raw = buildMime(email, sentAt);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(email.subject);
    expect(parsed.from?.value).toEqual([{ name: '李雷', address: 'li.lei@shop.example' }]);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : undefined).toBe('wang.fang@example.com');
    expect(parsed.replyTo?.value[0]?.address).toBe(email.replyTo);
    expect(parsed.html).toBe(email.html);
    expect(parsed.text).toBe(email.text);
    expect(parsed.date?.toISOString()).toBe(sentAt.toISOString());
    expect(parsed.headers.get('x-nurture-message-id')).toBe(email.messageId);
    // List-Unsubscribe byte for byte on the wire (RFC 8058).
    expect(raw.toString()).toContain('\r\nList-Unsubscribe: <https://api.shop.example/u/abc.def>\r\n');
    expect(raw.toString()).toContain('\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n');
  });

  it('keeps every header line within 998 characters and every encoded word within 75', () => {
    const raw = buildMime({ ...email, subject: '长'.repeat(400) }, sentAt).toString();
    const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
    for (const line of head.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    for (const word of head.match(/=\?UTF-8\?B\?[^?]*\?=/g) ?? [])
      expect(word.length).toBeLessThanOrEqual(75);
  });

  it('refuses a header value with a line break (header injection)', () => {
    expect(() => buildMime({ ...email, subject: 'Hello\r\nBcc: victim@example.com' }, sentAt)).toThrow(
      /Subject contains a line break/,
    );
    expect(() => buildMime({ ...email, headers: { 'X-Evil': 'a\nb' } }, sentAt)).toThrow(/X-Evil/);
  });

  it('encodes only what needs encoding', () => {
    expect(encodeHeaderText('Plain subject')).toBe('Plain subject');
    expect(encodeHeaderText('你好')).toBe(`=?UTF-8?B?${Buffer.from('你好').toString('base64')}?=`);
    expect(encodeAddress('Nurture <hello@nurture.local>')).toBe('"Nurture" <hello@nurture.local>');
    expect(encodeAddress('plain@example.com')).toBe('plain@example.com');
  });
});

describe('SesMailer against the local SES server', () => {
  let server: LocalSes;
  let endpoint: string;
  beforeAll(async () => {
    server = await startLocalSes(0);
    endpoint = server.endpoint;
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(async () => {
    await fetch(`${endpoint}/clear-store`, { method: 'POST' });
  });

  it('sends raw MIME with SendRawEmail and the server receives the message as built', async () => {
    const ses = new SESClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const mailer = new SesMailer(ses, new SimulatedClock(sentAt));
    const { providerMessageId } = await mailer.send(email);
    expect(providerMessageId).toMatch(/\S+/);

    const store = (await (await fetch(`${endpoint}/store`)).json()) as {
      emails: {
        messageId: string;
        subject: string;
        from: string;
        replyTo: string[];
        destination: { to: string[] };
        body: { html?: string; text?: string };
      }[];
    };
    expect(store.emails).toHaveLength(1);
    const [received] = store.emails;
    expect(received).toMatchObject({
      messageId: providerMessageId,
      subject: email.subject,
      destination: { to: ['wang.fang@example.com'] },
      body: { html: email.html },
    });
    expect(received!.from).toContain('li.lei@shop.example');
    expect(received!.replyTo).toEqual([email.replyTo]);
    ses.destroy();
  });

  it('tags each email with its message id and its customer, as SES tag values allow', async () => {
    const ses = new SESClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const sent: unknown[] = [];
    ses.middlewareStack.add(
      (next) => async (args) => {
        sent.push(args.input);
        return next(args);
      },
      { step: 'initialize', name: 'recordInput' },
    );
    const mailer = new SesMailer(ses, new SimulatedClock(sentAt), { configurationSet: 'nurture' });
    await mailer.send(email);
    await mailer.send({ ...email, context: { customerId: 'wang.fang@shop:1_a', rule: 'chase' } });
    expect(sent.map((input) => (input as { Tags: unknown }).Tags)).toEqual([
      [
        { Name: 'nurture-message', Value: email.messageId },
        { Name: 'nurture-customer', Value: 'c-wang' },
      ],
      [
        { Name: 'nurture-message', Value: email.messageId },
        { Name: 'nurture-customer', Value: 'wang_dfang_ashop_c1_ua' },
      ],
    ]);
    expect(sent[0]).toMatchObject({ ConfigurationSetName: 'nurture', Destinations: [email.to] });
    const store = (await (await fetch(`${endpoint}/store`)).json()) as { emails: unknown[] };
    expect(store.emails).toHaveLength(2);
    ses.destroy();
  });
});
