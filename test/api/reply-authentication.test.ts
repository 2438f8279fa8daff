import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LI_LEI, WANG } from '../support/customers';
import { iso2022jp } from '../support/iso-2022-jp';
import { API_KEY, startTestEngine, type TestEngine } from '../support/local-engine';

const CHEN = { ...WANG, name: '陈静', email: 'chen.jing@example.com', owner: LI_LEI };

/** The receipt headers SES writes above a message it received. */
const PASSING = [
  'X-SES-Spam-Verdict: PASS',
  'X-SES-Virus-Verdict: PASS',
  'Authentication-Results: amazonses.com;\r\n spf=pass (spfCheck: domain of example.com designates 192.0.2.1 as permitted sender) client-ip=192.0.2.1;\r\n dkim=pass header.i=@example.com;\r\n dmarc=pass header.from=example.com;',
];
const FAILING = [
  'X-SES-Spam-Verdict: FAIL',
  'X-SES-Virus-Verdict: PASS',
  'Authentication-Results: amazonses.com;\r\n spf=fail (spfCheck: domain of example.com does not designate 203.0.113.9 as permitted sender) client-ip=203.0.113.9;\r\n dkim=fail header.i=@example.com;\r\n dmarc=fail header.from=example.com;',
];

interface Mail {
  from?: string;
  to: string;
  text: string;
  verdicts?: readonly string[];
  id?: string;
}

/** A raw message as SES stores it: its verdicts on top, UTF-8 base64 body, CRLF line ends. */
function raw({ from = WANG.email, to, text, verdicts = PASSING, id }: Mail): string {
  return [
    ...verdicts,
    `From: =?UTF-8?B?${Buffer.from('王芳').toString('base64')}?= <${from}>`,
    `To: ${to}`,
    'Subject: Re: hello',
    `Message-ID: <${id ?? Math.random().toString(36).slice(2)}@mail.example.com>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(text).toString('base64'),
  ].join('\r\n');
}

describe('inbound email: authenticated, and from the address on file, before it is acted on', () => {
  let engine: TestEngine;
  let replyTo: string;
  beforeEach(async () => {
    engine = await startTestEngine();
    await engine.call('PUT', '/v1/customers/c-wang', { ...WANG, owner: LI_LEI });
    await engine.call('PUT', '/v1/customers/c-chen', CHEN);
    const { body } = await engine.json<{ message: { replyTo: string } }>(
      'POST',
      '/v1/customers/c-wang/messages',
      { template: 'hello-again', channel: 'email', chase: true },
    );
    replyTo = body.message.replyTo;
    await engine.advance('PT2H');
  });
  afterEach(async () => {
    await engine.dispose();
  });

  const post = (mail: Mail) => engine.json('POST', '/_local/inbound/email', { raw: raw(mail) });
  const answers = async () =>
    (await engine.sent()).filter((m) => m.rule === 'reply-ack' || m.rule === 'owner-alert');
  const fileOf = async (id: string) =>
    (
      await engine.json<{ suppressed: Record<string, unknown>; complaint: unknown }>(
        'GET',
        `/v1/customers/${id}`,
      )
    ).body;
  const inbox = async () =>
    (await engine.json<{ replies: { kind: string; untrusted?: string }[] }>('GET', '/v1/inbox')).body.replies;

  it('a forged 退订 or complaint that fails SES verdicts is listed as suspicious and changes nothing', async () => {
    for (const text of ['退订', '衣柜门坏了，很失望。']) {
      const { status, body } = await post({ to: replyTo, text, verdicts: FAILING });
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'held', customerId: 'c-wang', reason: 'failed-authentication' });
    }
    expect(await answers()).toEqual([]);
    const file = await fileOf('c-wang');
    expect(file.suppressed).toEqual({});
    expect(file.complaint).toBeNull();
    const listed = await inbox();
    expect(listed).toHaveLength(2);
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'complaint', untrusted: 'failed-authentication' }),
        expect.objectContaining({ kind: 'unsubscribe', untrusted: 'failed-authentication' }),
      ]),
    );
    await engine.advance('P3D');
    expect((await engine.sent('c-wang')).filter((m) => m.rule === 'chase')).toHaveLength(1);
  });

  it('a DMARC fail alone, or SPF and DKIM both failing, is enough to hold it', async () => {
    const dmarc = ['Authentication-Results: amazonses.com; spf=pass; dkim=pass; dmarc=fail'];
    const both = ['Authentication-Results: amazonses.com; spf=softfail; dkim=none; dmarc=none'];
    for (const verdicts of [dmarc, both]) {
      const { body } = await post({ to: replyTo, text: '退订', verdicts });
      expect(body).toMatchObject({ status: 'held', reason: 'failed-authentication' });
    }
    expect((await fileOf('c-wang')).suppressed).toEqual({});
  });

  it('the routing token of A with the From of B writing STOP suppresses neither and sends nothing', async () => {
    const before = (await engine.sent()).length;
    const { body } = await post({ from: CHEN.email, to: replyTo, text: 'STOP' });
    expect(body).toMatchObject({ status: 'held', customerId: 'c-wang', reason: 'other-address' });
    expect((await fileOf('c-wang')).suppressed).toEqual({});
    expect((await fileOf('c-chen')).suppressed).toEqual({});
    expect(await engine.sent()).toHaveLength(before);
    expect(await inbox()).toEqual([
      expect.objectContaining({ kind: 'unsubscribe', untrusted: 'other-address' }),
    ]);
    const letter = await engine.json('POST', '/v1/customers/c-chen/messages', {
      template: 'hello-again',
      channel: 'email',
    });
    expect(letter.status).toBe(201);
  });

  it('from the address on file with PASS verdicts it works as before', async () => {
    const complaint = await post({
      from: 'Wang.Fang@Example.com',
      to: replyTo,
      text: '衣柜门坏了，很失望。',
    });
    expect(complaint.body).toMatchObject({ status: 'recorded', kind: 'complaint', ownerAlerted: true });
    expect((await fileOf('c-wang')).complaint).toMatchObject({ text: '衣柜门坏了，很失望。' });
    const stop = await post({ to: replyTo, text: '退订' });
    expect(stop.body).toMatchObject({ status: 'recorded', kind: 'unsubscribe' });
    expect((await fileOf('c-wang')).suppressed).toHaveProperty('email');
  });

  it('a message without any verdicts (the JSON form) is not held', async () => {
    const { body } = await engine.json('POST', '/_local/inbound/email', {
      from: WANG.email,
      to: replyTo,
      text: '收到了，谢谢！',
    });
    expect(body).toMatchObject({ status: 'recorded', kind: 'reply', acknowledged: true });
  });

  it('the JSON form’s headers carry the same verdicts', async () => {
    const { body } = await engine.json('POST', '/_local/inbound/email', {
      from: WANG.email,
      to: replyTo,
      text: '退订',
      headers: { 'X-SES-Spam-Verdict': 'PASS', 'Authentication-Results': 'amazonses.com; dmarc=fail' },
    });
    expect(body).toMatchObject({ status: 'held', reason: 'failed-authentication' });
    expect((await fileOf('c-wang')).suppressed).toEqual({});
  });
});

describe('POST /_local/inbound/email as message/rfc822', () => {
  const setUp = async () => {
    const engine = await startTestEngine();
    await engine.call('PUT', '/v1/customers/c-wang', { ...WANG, owner: LI_LEI });
    const { body } = await engine.json<{ message: { replyTo: string } }>(
      'POST',
      '/v1/customers/c-wang/messages',
      { template: 'hello-again', channel: 'email', chase: true },
    );
    return { engine, replyTo: body.message.replyTo };
  };

  /** A message in a charset, its body 8-bit or base64, CRLF line ends. */
  function message(to: string, charset: string, body: Buffer, transfer: '8bit' | '7bit' | 'base64'): Buffer {
    const head = [
      ...PASSING,
      `From: ${WANG.email}`,
      `To: ${to}`,
      'Subject: Re: hello',
      `Message-ID: <${charset}-reply@mail.example.com>`,
      'MIME-Version: 1.0',
      `Content-Type: text/plain; charset=${charset}`,
      `Content-Transfer-Encoding: ${transfer}`,
      '',
      '',
    ].join('\r\n');
    return Buffer.concat([
      Buffer.from(head, 'ascii'),
      transfer === 'base64' ? Buffer.from(body.toString('base64'), 'ascii') : body,
      Buffer.from('\r\n', 'ascii'),
    ]);
  }

  const cases = [
    {
      charset: 'GBK',
      text: '收到了，谢谢！\r\n下周我去店里看看。',
      encode: (t: string) => iconv.encode(t, 'gbk'),
    },
    { charset: 'ISO-2022-JP', text: 'ありがとうございます。\r\n来週伺います。', encode: iso2022jp },
  ];

  for (const { charset, text, encode } of cases) {
    it(`reads the bytes as SES stores them (${charset}, CRLF) with the outcome of the JSON { raw } form`, async () => {
      const bytes = encode(text);
      const a = await setUp();
      const b = await setUp();
      try {
        const direct = await a.engine.app.request('/_local/inbound/email', {
          method: 'POST',
          headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'message/rfc822' },
          body: message(a.replyTo, charset, bytes, charset === 'GBK' ? '8bit' : '7bit'),
        });
        // The JSON form carries a string: the GBK message in base64, the 7-bit ISO-2022-JP one as it is.
        const json = await b.engine.json('POST', '/_local/inbound/email', {
          raw: message(b.replyTo, charset, bytes, charset === 'GBK' ? 'base64' : '7bit').toString('latin1'),
        });
        expect(direct.status).toBe(200);
        const outcome = (await direct.json()) as Record<string, unknown>;
        // The same outcome; only the letter's id, minted by each engine, differs.
        expect({ ...outcome, messageId: undefined }).toEqual({ ...json.body, messageId: undefined });
        expect(outcome).toMatchObject({ status: 'recorded', kind: 'reply', acknowledged: true });
        const file = await a.engine.json<{ timeline: { type: string; text?: string }[] }>(
          'GET',
          '/v1/customers/c-wang',
        );
        expect(file.body.timeline.find((e) => e.type === 'reply')?.text).toBe(text.replace(/\r\n/g, '\n'));
      } finally {
        await a.engine.dispose();
        await b.engine.dispose();
      }
    });
  }
});
