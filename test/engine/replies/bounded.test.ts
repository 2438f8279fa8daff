import { describe, expect, it } from 'vitest';
import { readAutomated } from '../../../functions/core/replies/automated';
import { classifyReply } from '../../../functions/core/replies/classify';
import { parseInboundEmail } from '../../../functions/engine/replies/inbound-mime';
import { inboundContent } from '../../../functions/engine/replies/machine-mail';

const ROUTING = 'reply+0123456789abcdef0123-89abcdef01234567@reply.shop.example';

function raw(headers: readonly string[], body: string): string {
  return `${[`From: Anna <anna@example.com>`, `To: ${ROUTING}`, 'Subject: Re: sofa', 'MIME-Version: 1.0', ...headers].join('\r\n')}\r\n\r\n${body}`;
}

async function timed(message: string) {
  const started = performance.now();
  const email = await parseInboundEmail(message);
  const content = inboundContent(email, email.from);
  const kind = readAutomated(content)?.kind ?? classifyReply(content);
  const ms = performance.now() - started;
  console.log(`${(message.length / 1024).toFixed(0)} KB: ${ms.toFixed(0)} ms, ${kind}`);
  return { email, kind, ms };
}

describe('parseInboundEmail: bounded and linear on pathological mail', () => {
  it('a 10 MB message', async () => {
    const { email, kind, ms } = await timed(
      raw(
        ['Content-Type: text/plain; charset=UTF-8'],
        `Yes please.\r\n${'lorem ipsum dolor '.repeat(600_000)}`,
      ),
    );
    expect(ms).toBeLessThan(1000);
    expect(email.text.startsWith('Yes please.')).toBe(true);
    expect(kind).toBe('reply');
  });

  it('32 KB of blank lines', async () => {
    const { email, ms } = await timed(
      raw(['Content-Type: text/plain'], `Hi\r\n${'\r\n'.repeat(32 * 1024)}Bye\r\n`),
    );
    expect(ms).toBeLessThan(1000);
    expect(email.text.startsWith('Hi')).toBe(true);
  });

  it('a 768 KB quoted line', async () => {
    const { email, ms } = await timed(
      raw(['Content-Type: text/plain'], `Fine.\r\n\r\n> ${'x'.repeat(768 * 1024)}\r\n`),
    );
    expect(ms).toBeLessThan(1000);
    expect(email.text).toBe('Fine.');
  });

  it('1,000 nested multiparts: kept raw, classified from its headers', async () => {
    let body = 'deep';
    for (let depth = 1000; depth > 0; depth--) {
      body = `--b${depth}\r\nContent-Type: multipart/mixed; boundary="b${depth + 1}"\r\n\r\n${body}\r\n--b${depth}--`;
    }
    const message = raw(
      ['Content-Type: multipart/mixed; boundary="b1"', 'Auto-Submitted: auto-replied'],
      body,
    );
    const { email, kind, ms } = await timed(message);
    expect(ms).toBeLessThan(1000);
    expect(email).toMatchObject({
      from: 'anna@example.com',
      to: ROUTING,
      text: '',
      contentType: 'multipart/mixed',
    });
    expect(kind).toBe('auto-reply');
  });
});

describe('the headers of people’s mail', () => {
  it('X-Auto-Response-Suppress on a person’s reply (Outlook sets it) reads as a reply', async () => {
    const { kind } = await timed(
      raw(['X-Auto-Response-Suppress: All', 'Content-Type: text/plain'], 'Thursday works for me.\r\n'),
    );
    expect(kind).toBe('reply');
  });

  it('a DSN (RFC 3464) names the failed address and that it is permanent', async () => {
    const message = raw(
      ['Content-Type: multipart/report; report-type=delivery-status; boundary="r"', 'Return-Path: <>'],
      '--r\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n--r\r\nContent-Type: message/delivery-status\r\n\r\n' +
        'Reporting-MTA: dns; mx.example.com\r\n\r\nFinal-Recipient: rfc822; gone@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n--r--\r\n',
    );
    const email = await parseInboundEmail(message);
    expect(email).toMatchObject({
      returnPath: '',
      contentType: 'multipart/report; report-type=delivery-status',
    });
    expect(readAutomated(inboundContent(email, email.from))).toEqual({
      kind: 'bounce',
      permanent: true,
      recipient: 'gone@example.org',
    });
  });
});
