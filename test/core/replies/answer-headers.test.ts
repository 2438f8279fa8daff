import { describe, expect, it } from 'vitest';
import { fromAs, replySubject, threadingId } from '../../../functions/core/replies/answer-headers';
import { buildMime } from '../../../functions/ports/mailer/mime';

describe('threadingId', () => {
  it('keeps a Message-ID as RFC 5322 §3.6.4 writes it', () => {
    expect(threadingId(' <CAF=abc+1@mail.gmail.com> ')).toBe('<CAF=abc+1@mail.gmail.com>');
    expect(threadingId('<AM6PR0502MB3877.eurprd05.prod.outlook.com>')).toBe(
      '<AM6PR0502MB3877.eurprd05.prod.outlook.com>',
    );
  });

  it('refuses what would forge a header or is no Message-ID', () => {
    for (const bad of [
      '<a@b>\r\nBcc: x@y',
      'a@b',
      '<a@b> <c@d>',
      '<>',
      `<${'x'.repeat(300)}@b>`,
      undefined,
    ]) {
      expect(threadingId(bad)).toBeUndefined();
    }
  });
});

describe('replySubject', () => {
  it('answers with one Re: however many prefixes the thread gathered, in several languages', () => {
    expect(replySubject('Re: RE: Aw: 衣柜')).toBe('Re: 衣柜');
    expect(replySubject('回复: Re:好久不见')).toBe('Re: 好久不见');
    expect(replySubject('SV: Ang. leverans')).toBe('Re: Ang. leverans');
    expect(replySubject('Re[2]: order')).toBe('Re: order');
    expect(replySubject('')).toBeUndefined();
    expect(replySubject(undefined)).toBeUndefined();
  });
});

describe('fromAs', () => {
  it('puts the person’s name on the business address, and drops what would break the header', () => {
    expect(fromAs('Lin’s Furniture <hello@shop.example>', '李雷', 'Lin’s Furniture')).toBe(
      '李雷 (Lin’s Furniture) <hello@shop.example>',
    );
    const forged = fromAs('hello@shop.example', 'Li\r\nBcc: all@x.example <evil@x.example>', 'Shop');
    expect(forged).not.toMatch(/[\r\n]/);
    expect(forged.endsWith(' <hello@shop.example>')).toBe(true);
    // It survives the MIME builder, which refuses any header with a line break.
    const raw = buildMime(
      {
        messageId: 'm-1',
        from: forged,
        to: 'wang.fang@example.com',
        subject: 'Re: 衣柜',
        html: '<p>hi</p>',
        text: 'hi',
        headers: { 'In-Reply-To': '<a@b>', References: '<a@b>' },
        context: { customerId: 'c-1', rule: 'owner-answer' },
      },
      new Date('2027-02-06T02:00:00Z'),
    ).toString();
    expect(raw).toContain('\r\nIn-Reply-To: <a@b>\r\n');
    expect(raw.match(/^From: .*$/m)?.[0]).toBe(
      'From: "Li Bcc: all@x.example evil@x.example (Shop)" <hello@shop.example>',
    );
  });
});
