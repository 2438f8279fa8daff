import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseInboundEmail } from '../../../functions/engine/replies/inbound-mime';
import { iso2022jp } from '../../support/iso-2022-jp';

/** Our per-message routing address (reply+<message id>-<tag>@inbound domain). */
const ROUTING = 'reply+0123456789abcdef0123-89abcdef01234567@reply.shop.example';

function fixture(name: string): Buffer {
  return readFileSync(join(import.meta.dirname, '../../fixtures/mime', name));
}

/** A raw message: header lines, a blank line, the body; CRLF line ends as on the wire. */
function message(headers: readonly string[], body: string | Buffer): Buffer {
  const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
  const head = Buffer.from(`${crlf(headers.join('\n'))}\r\n\r\n`, 'utf8');
  return Buffer.concat([head, typeof body === 'string' ? Buffer.from(crlf(body), 'utf8') : body]);
}

/** Base64 body lines of 76 characters (RFC 2045). */
function base64Body(bytes: Buffer): Buffer {
  return Buffer.from(`${bytes.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`, 'ascii');
}

/** Text in a charset, with CRLF line ends, as the customer's mail client encodes it. */
function encoded(text: string, charset: string): Buffer {
  return iconv.encode(text.replace(/\r?\n/g, '\r\n'), charset);
}

/** An RFC 2047 encoded word: B (base64) or Q (quoted-printable-like). */
function encodedWord(text: string, charset: string, encoding: 'B' | 'Q' = 'B'): string {
  const bytes = charset.toLowerCase() === 'iso-2022-jp' ? iso2022jp(text) : iconv.encode(text, charset);
  if (encoding === 'B') return `=?${charset}?B?${bytes.toString('base64')}?=`;
  const q = [...bytes]
    .map((byte) =>
      byte === 0x20
        ? '_'
        : /[A-Za-z0-9]/.test(String.fromCharCode(byte))
          ? String.fromCharCode(byte)
          : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
  return `=?${charset}?Q?${q}?=`;
}

function plain(from: string, subject: string, body: string, extra: readonly string[] = []): Buffer {
  return message(
    [
      `From: ${from}`,
      `To: ${ROUTING}`,
      `Subject: ${subject}`,
      'Date: Tue, 9 Feb 2027 10:00:00 +0800',
      ...extra,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: 8bit',
    ],
    body,
  );
}

describe('parseInboundEmail: charsets and transfer encodings', () => {
  it('UTF-8 quoted-printable with soft line breaks and an encoded From name (fixture)', async () => {
    const email = await parseInboundEmail(fixture('utf8-quoted-printable.eml'));
    expect(email).toEqual({
      from: 'anna.mueller@example.de',
      to: ROUTING,
      subject: 'Re: Your sofa is on its way — delivery Tuesday',
      text:
        'Hi Li,\n\nThe sofa arrived this morning — it looks wonderful in the living room. ' +
        'Could the fitter come back on Friday to tighten the left armrest? It wobbles a little.\n\n' +
        '收到了，谢谢！\n\nAnna',
      headers: {},
      messageId: '<20270209101500.4F2A1@mail.example.de>',
      returnPath: 'anna.mueller@example.de',
    });
  });

  it('GBK base64 body, =?GBK?B?…?= subject and From name', async () => {
    const text = '李经理您好：\n\n衣柜收到了，安装师傅很专业，谢谢！\n下个月我还想订一张书桌。';
    const raw = message(
      [
        `From: ${encodedWord('张伟', 'GBK')} <zhang.wei@qq.example>`,
        `To: ${encodedWord('李雷', 'GBK')} <${ROUTING}>`,
        `Subject: ${encodedWord('回复：您的衣柜已送达', 'GBK')}`,
        'Date: Tue, 9 Feb 2027 10:12:45 +0800',
        'Message-ID: <tencent_5A1B2C3D4E5F60718293A4B5@qq.example>',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset="GBK"',
        'Content-Transfer-Encoding: base64',
      ],
      base64Body(encoded(text, 'gbk')),
    );
    expect(await parseInboundEmail(raw)).toEqual({
      from: 'zhang.wei@qq.example',
      to: ROUTING,
      subject: '回复：您的衣柜已送达',
      text,
      headers: {},
      messageId: '<tencent_5A1B2C3D4E5F60718293A4B5@qq.example>',
    });
  });

  it('GB18030 with a four-byte character GBK cannot encode (𠮷, CJK Extension B)', async () => {
    const text = '𠮷野家楼上那套公寓还在卖吗？我想周末去看看。';
    expect(iconv.decode(iconv.encode(text, 'gbk'), 'gbk')).not.toBe(text);
    const raw = message(
      [
        `From: "${encodedWord('𠮷田', 'gb18030')}" <yoshida@qq.example>`,
        `To: ${ROUTING}`,
        `Subject: ${encodedWord('回复：新盘推荐', 'gb18030')}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset="gb18030"',
        'Content-Transfer-Encoding: base64',
      ],
      base64Body(encoded(text, 'gb18030')),
    );
    const email = await parseInboundEmail(raw);
    expect(email).toMatchObject({ from: 'yoshida@qq.example', to: ROUTING, subject: '回复：新盘推荐', text });
  });

  it('Big5 (traditional Chinese) with a Q-encoded subject', async () => {
    const text = '陳師傅您好：\n西裝很合身，謝謝！下週六我再來拿襯衫。';
    const raw = message(
      [
        `From: ${encodedWord('王小明', 'big5')} <wong.siuming@netvigator.example>`,
        `To: ${ROUTING}`,
        `Subject: ${encodedWord('回覆：您的西裝已經改好了', 'big5', 'Q')}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset="big5"',
        'Content-Transfer-Encoding: base64',
      ],
      base64Body(encoded(text, 'big5')),
    );
    expect(await parseInboundEmail(raw)).toMatchObject({
      from: 'wong.siuming@netvigator.example',
      to: ROUTING,
      subject: '回覆：您的西裝已經改好了',
      text,
    });
  });

  it('ISO-2022-JP (Japanese, 7bit)', async () => {
    const text =
      'お世話になっております。\n家具は本日無事に届きました。ありがとうございます。\n来月また注文します。';
    const raw = message(
      [
        `From: ${encodedWord('山田太郎', 'ISO-2022-JP')} <yamada@example.jp>`,
        `To: ${ROUTING}`,
        `Subject: Re: ${encodedWord('出荷のお知らせ', 'ISO-2022-JP')}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=ISO-2022-JP',
        'Content-Transfer-Encoding: 7bit',
      ],
      iso2022jp(text),
    );
    expect(await parseInboundEmail(raw)).toMatchObject({
      from: 'yamada@example.jp',
      to: ROUTING,
      subject: 'Re: 出荷のお知らせ',
      text,
    });
  });
});

describe('parseInboundEmail: HTML and multipart', () => {
  it('derives the text of an HTML-only message, without the quoted history', async () => {
    const html =
      '<html><body><p>Hi Li,</p><p>The <b>sofa</b> arrived today &amp; it looks great!</p><br>' +
      '<div class="gmail_quote"><div>On Tue, 9 Feb 2027 at 09:00, Li Lei &lt;li@shop.example&gt; wrote:</div>' +
      '<blockquote class="gmail_quote"><p>Your sofa is on its way.</p></blockquote></div></body></html>';
    const raw = message(
      [
        'From: Anna <anna@example.com>',
        `To: ${ROUTING}`,
        'Subject: Re: Your sofa is on its way',
        'MIME-Version: 1.0',
        'Content-Type: text/html; charset=UTF-8',
        'Content-Transfer-Encoding: 8bit',
      ],
      html,
    );
    expect(await parseInboundEmail(raw)).toMatchObject({
      from: 'anna@example.com',
      to: ROUTING,
      subject: 'Re: Your sofa is on its way',
      text: 'Hi Li,\n\nThe sofa arrived today & it looks great!',
    });
  });

  it('derives the text of a 163-style HTML-only reply (在 … 写道： before a blockquote)', async () => {
    const html =
      '<div style="line-height:1.7;color:#000000;font-size:14px;font-family:Arial">收到，谢谢！<br>下周三下午可以去看房。</div>' +
      '<br><br><div style="position:relative;zoom:1"></div><div id="divNeteaseMailCard"></div><br>' +
      '<pre><br>在 2027-02-09 09:00:00，"李雷" &lt;li@shop.example&gt; 写道：<br></pre>' +
      '<blockquote id="isReplyContent" style="PADDING-LEFT: 1ex; MARGIN: 0px 0px 0px 0.8ex; BORDER-LEFT: #ccc 1px solid">' +
      '<p>王女士您好，滨江那套两居室业主同意降价了，您这周方便看房吗？</p></blockquote>';
    const raw = message(
      [
        `From: "${encodedWord('王芳', 'UTF-8')}" <wang.fang@163.example>`,
        `To: ${ROUTING}`,
        `Subject: ${encodedWord('Re:滨江两居室降价了', 'UTF-8')}`,
        'X-Mailer: Coremail Webmail Server Version XT5.0.14 build 20230109(dcb5de15)',
        'MIME-Version: 1.0',
        'Content-Type: text/html; charset=GBK',
        'Content-Transfer-Encoding: base64',
      ],
      base64Body(iconv.encode(html, 'gbk')),
    );
    expect(await parseInboundEmail(raw)).toMatchObject({
      from: 'wang.fang@163.example',
      subject: 'Re:滨江两居室降价了',
      text: '收到，谢谢！\n下周三下午可以去看房。',
    });
  });

  it('prefers the text/plain part of multipart/alternative (Gmail, fixture)', async () => {
    expect(await parseInboundEmail(fixture('gmail-reply.eml'))).toEqual({
      from: 'james.wong@gmail.example',
      to: ROUTING,
      subject: 'Re: Your oak dining table is ready',
      text: 'Sounds good, Saturday 10am works for the delivery.\nShould I clear the hallway first?',
      headers: {},
      messageId: '<CAHx3b+5kQ2e0Yw=uFq7Tn2mP9xLr0vS1cD@mail.gmail.com>',
      contentType: 'multipart/alternative',
    });
  });

  it('reads multipart/alternative whose parts are base64 in another charset', async () => {
    const boundary = 'Apple-Mail=_5E1F2A3B-4C5D-6E7F-8091-A2B3C4D5E6F7';
    const raw = message(
      [
        'From: Chen Jing <chen.jing@icloud.example>',
        `To: ${ROUTING}`,
        'Subject: =?utf-8?B?5Zue5aSN77ya5pil6IqC5b+r5LmQ?=',
        'MIME-Version: 1.0',
        `Content-Type: multipart/alternative; boundary="${boundary}"`,
      ],
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: base64\r\n\r\n`,
        ),
        base64Body(encoded('谢谢，也祝你们新年快乐！\n', 'gb2312')),
        Buffer.from(
          `\r\n--${boundary}\r\nContent-Type: text/html; charset=gb2312\r\nContent-Transfer-Encoding: base64\r\n\r\n`,
        ),
        base64Body(iconv.encode('<div>谢谢，也祝你们<b>新年快乐</b>！</div>', 'gb2312')),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    );
    expect(await parseInboundEmail(raw)).toMatchObject({
      from: 'chen.jing@icloud.example',
      subject: '回复：春节快乐',
      text: '谢谢，也祝你们新年快乐！',
    });
  });
});

describe('parseInboundEmail: only the new reply, no history, no signature', () => {
  it('Gmail: "On … wrote:" and > quoted lines', async () => {
    const raw = plain(
      'Li Wei <li.wei@gmail.example>',
      'Re: Your suit is ready',
      'Great, I will pick it up on Thursday after work.\n\n' +
        'On Tue, 9 Feb 2027 at 09:00, Li Lei <li@shop.example> wrote:\n\n' +
        '> Dear Mr Li,\n>\n> Your suit is ready for the final fitting.\n>\n> Li Lei\n',
    );
    expect(await parseInboundEmail(raw)).toMatchObject({
      from: 'li.wei@gmail.example',
      to: ROUTING,
      subject: 'Re: Your suit is ready',
      text: 'Great, I will pick it up on Thursday after work.',
    });
  });

  it('Gmail: the attribution line wrapped in two', async () => {
    const raw = plain(
      'Li Wei <li.wei@gmail.example>',
      'Re: Your suit is ready',
      'Thursday is fine.\n\nOn Tue, 9 Feb 2027 at 09:00, Li Lei Oakline Tailoring <\nli@shop.example> wrote:\n\n> Dear Mr Li,\n',
    );
    expect((await parseInboundEmail(raw)).text).toBe('Thursday is fine.');
  });

  it('Gmail in Chinese: "… 于2027年2月9日周二 09:00写道："', async () => {
    const raw = plain(
      '王芳 <wang.fang@gmail.example>',
      'Re: 滨江两居室',
      '周六上午可以，我带我先生一起去。\n\n李雷 <li@shop.example> 于2027年2月9日周二 09:00写道：\n\n> 王女士您好，业主同意降价了。\n',
    );
    expect((await parseInboundEmail(raw)).text).toBe('周六上午可以，我带我先生一起去。');
  });

  it('Outlook: -----Original Message----- with From:/Sent: (fixture)', async () => {
    expect(await parseInboundEmail(fixture('outlook-reply.eml'))).toEqual({
      from: 'peter.chan@outlook.example',
      to: ROUTING,
      subject: 'RE: The flat on Harbour Road',
      // The sign-off stays, as the third-party corpora expect ("Best regards," kept in
      // email-reply-trimmer and talon); the Original Message block goes.
      text: 'Hello Li,\n\nThe contract looks fine. I will sign it at your office on Monday at 2pm.\n\nRegards,\nPeter Chan',
      headers: {},
      messageId: '<PAXPR07MB8471A2C5E3D94B1F0C7E2A1B9C3D2@PAXPR07MB8471.eurprd07.prod.outlook.example>',
    });
  });

  it('Outlook on the web: an underscore rule, then From:/Sent:', async () => {
    const raw = plain(
      'Peter Chan <peter.chan@outlook.example>',
      'RE: The flat on Harbour Road',
      "Thanks, I'll be there.\n\n________________________________\nFrom: Li Lei <li@shop.example>\n" +
        'Sent: Tuesday, February 9, 2027 9:00 AM\nTo: Peter Chan <peter.chan@outlook.example>\n' +
        'Subject: The flat on Harbour Road\n\nDear Peter,\n',
    );
    expect((await parseInboundEmail(raw)).text).toBe("Thanks, I'll be there.");
  });

  it('Outlook in Chinese: -----原始邮件----- and 发件人:', async () => {
    const raw = plain(
      '赵强 <zhao.qiang@exporter.example>',
      '答复: 集装箱已装船',
      '收到，提单请发到这个邮箱。\n\n-----原始邮件-----\n发件人: 李雷 <li@shop.example>\n' +
        '发送时间: 2027年2月9日 9:00\n收件人: 赵强 <zhao.qiang@exporter.example>\n主题: 集装箱已装船\n\n赵总您好：\n',
    );
    expect((await parseInboundEmail(raw)).text).toBe('收到，提单请发到这个邮箱。');
  });

  it('QQ/Foxmail: ------------------ 原始邮件 ------------------ and 发件人: (fixture)', async () => {
    expect(await parseInboundEmail(fixture('foxmail-reply.eml'))).toEqual({
      from: 'zhang.wei@foxmail.example',
      to: ROUTING,
      subject: '回复：您的衣柜已经做好了',
      text: '好的，周六上午十点送货，我在家。',
      headers: {},
      messageId: '<tencent_4F6B2C1D9E8A7B3C5D0E1F2A@qq.example>',
    });
  });

  it('163 mail: 在 2027-02-09 09:00:00，"李雷" <…> 写道：', async () => {
    const raw = plain(
      '"王芳" <wang.fang@163.example>',
      'Re:滨江两居室降价了',
      '收到，谢谢！下周三下午可以去看房。\n\n\n\n\n\n\n在 2027-02-09 09:00:00，"李雷" <li@shop.example> 写道：\n' +
        '>王女士您好，\n>滨江那套两居室业主同意降价了。\n',
    );
    expect(await parseInboundEmail(raw)).toMatchObject({
      from: 'wang.fang@163.example',
      subject: 'Re:滨江两居室降价了',
      text: '收到，谢谢！下周三下午可以去看房。',
    });
  });

  it('iPhone: "Sent from my iPhone" above the quoted letter', async () => {
    const raw = plain(
      'Anna <anna@example.com>',
      'Re: Your sofa is on its way',
      'Got it, thanks!\n\nSent from my iPhone\n\n' +
        'On Feb 9, 2027, at 09:00, Li Lei <li@shop.example> wrote:\n\n> Hi Anna,\n> Your sofa is on its way.\n',
    );
    expect((await parseInboundEmail(raw)).text).toBe('Got it, thanks!');
  });

  it('QQ mail on iPhone: "发自我的iPhone" above 原始邮件', async () => {
    const raw = plain(
      '张伟 <zhang.wei@qq.example>',
      '回复：您的衣柜已经做好了',
      '收到，谢谢\n\n发自我的iPhone\n\n\n------------------ 原始邮件 ------------------\n' +
        '发件人: "李雷"<li@shop.example>;\n发送时间: 2027年2月9日(星期二) 上午9:00\n\n张先生您好：\n',
    );
    expect((await parseInboundEmail(raw)).text).toBe('收到，谢谢');
  });

  it('a "-- " signature block is cut', async () => {
    const raw = plain(
      'Maria Santos <maria@importadora.example>',
      'Re: Shipment update',
      'Please send the packing list as well.\n\n-- \nMaria Santos\nPurchasing, Importadora Example\n+55 11 5555 0100\n',
    );
    expect((await parseInboundEmail(raw)).text).toBe('Please send the packing list as well.');
  });
});

/** Quote headers and signatures of other locales and mail apps. */
describe('parseInboundEmail: other locales and apps', () => {
  it.each<[string, string, string]>([
    [
      'Outlook in traditional Chinese: 寄件者:/寄件日期:',
      '收到，謝謝！\n\n寄件者: 李雷 <li@shop.example>\n寄件日期: 2027年2月9日 上午 09:00\n' +
        '收件者: 陳先生 <chan@netvigator.example>\n主旨: 西裝改好了\n\n陳先生您好：\n',
      '收到，謝謝！',
    ],
    [
      'Gmail in traditional Chinese: … 於 … 寫道：',
      '好的，週六見。\n\n李雷 <li@shop.example> 於 2027年2月9日 週二 上午9:00寫道：\n\n> 陳先生您好\n',
      '好的，週六見。',
    ],
    [
      'Gmail in Japanese: 2027年2月9日(火) 9:00 Li Lei <…>:',
      'ありがとうございます。\n\n2027年2月9日(火) 9:00 Li Lei <li@shop.example>:\n\n> 山田様\n> 本日出荷しました。\n',
      'ありがとうございます。',
    ],
    ['NetEase Mail Master: 发自网易邮箱大师', '好的，谢谢\n\n发自网易邮箱大师\n', '好的，谢谢'],
    ['iPhone in traditional Chinese: 從我的 iPhone 傳送', '好的，謝謝\n\n從我的 iPhone 傳送\n', '好的，謝謝'],
    [
      'iPhone in Japanese: iPhoneから送信',
      'ありがとうございます。\n\niPhoneから送信\n',
      'ありがとうございます。',
    ],
    [
      'an empty reply: only the signature above our quoted letter',
      'Sent from my iPhone\n\nOn Feb 9, 2027, at 09:00, Li Lei <li@shop.example> wrote:\n\n' +
        '> Dear Anna, how satisfied are you with the sofa? Not happy? Tell us.\n',
      '',
    ],
  ])('%s', async (_name, body, text) => {
    expect((await parseInboundEmail(plain('Customer <customer@example.com>', 'Re: x', body))).text).toBe(
      text,
    );
  });
});

describe('parseInboundEmail: routing address, headers, Message-ID', () => {
  it('finds the routing address in Cc when To is someone else', async () => {
    const raw = message(
      [
        'From: Anna <anna@example.com>',
        'To: Li Lei <li@shop.example>',
        `Cc: Oakline <${ROUTING}>`,
        'Subject: Re: hi',
        'Content-Type: text/plain; charset=UTF-8',
      ],
      'Thanks!\n',
    );
    expect((await parseInboundEmail(raw)).to).toBe(ROUTING);
  });

  it('finds the routing address in X-Original-To when To is a list address', async () => {
    const raw = message(
      [
        `X-Original-To: ${ROUTING}`,
        'From: Anna <anna@example.com>',
        'To: Family <family@lists.example.com>',
        'Subject: Re: hi',
        'Content-Type: text/plain; charset=UTF-8',
      ],
      'Thanks!\n',
    );
    expect((await parseInboundEmail(raw)).to).toBe(ROUTING);
  });

  it('finds the routing address only in Delivered-To when To is a list address (fixture)', async () => {
    expect(await parseInboundEmail(fixture('list-delivered-to.eml'))).toEqual({
      from: 'maria@importadora.example',
      to: ROUTING,
      subject: 'Re: Shipment update - container MSKU1234567',
      text: 'Thanks Li, we received the bill of lading. Please send the packing list too.',
      headers: {},
      messageId: '<d41d8cd98f00b204e9800998ecf8427e@importadora.example>',
    });
  });

  it('finds the routing address among several Delivered-To headers', async () => {
    const raw = message(
      [
        'Delivered-To: family@lists.example.com',
        `Delivered-To: ${ROUTING}`,
        'From: Anna <anna@example.com>',
        'To: Family <family@lists.example.com>',
        'Subject: Re: hi',
        'Content-Type: text/plain; charset=UTF-8',
      ],
      'Thanks!\n',
    );
    expect((await parseInboundEmail(raw)).to).toBe(ROUTING);
  });

  it('carries the automatic-reply headers, and only those (fixture)', async () => {
    expect(await parseInboundEmail(fixture('auto-reply.eml'))).toEqual({
      from: 'sarah.lim@corp.example',
      to: ROUTING,
      subject: 'Automatic reply: Happy Spring Festival from Oakline Furniture',
      text:
        'I am currently out of the office until 20 February with limited access to email.\n' +
        'For urgent matters please contact my assistant.',
      headers: { 'auto-submitted': 'auto-replied', 'x-auto-response-suppress': 'All', precedence: 'bulk' },
      messageId: '<7c1e2a90b3d44f5c8e6a1b2c3d4e5f60@corp.example>',
    });
  });

  it('carries X-Autoreply and X-Autorespond', async () => {
    const raw = plain('Bob <bob@example.com>', 'Re: hi', 'Away.\n', [
      'X-Autoreply: yes',
      'X-Autorespond: yes',
    ]);
    expect((await parseInboundEmail(raw)).headers).toEqual({ 'x-autoreply': 'yes', 'x-autorespond': 'yes' });
  });

  it('has no subject or messageId key when the message has none', async () => {
    const raw = message(
      [`From: bob@example.com`, `To: ${ROUTING}`, 'Content-Type: text/plain; charset=UTF-8'],
      '好的\n',
    );
    expect(await parseInboundEmail(raw)).toEqual({
      from: 'bob@example.com',
      to: ROUTING,
      text: '好的',
      headers: {},
    });
  });
});
