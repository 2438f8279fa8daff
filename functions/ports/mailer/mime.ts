import { MESSAGE_HEADER } from '../../core/sending/message-tags';
import type { OutgoingEmail } from './index';

/** Header injection guard: a value with a line break would start a new header. */
export function assertHeaderSafe(name: string, value: string): void {
  if (/[\r\n]/.test(value)) throw new Error(`header ${name} contains a line break`);
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * RFC 2047 encoded words for a header value that is not plain ASCII, split so
 * no word exceeds 75 characters and no UTF-8 character is cut in half.
 */
export function encodeHeaderText(value: string): string {
  if (PRINTABLE_ASCII.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  for (const char of value) {
    // 45 bytes of UTF-8 → 60 base64 characters + 12 of framing = 72 ≤ 75.
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString('base64')}?=`).join('\r\n ');
}

/** `Name <addr>` with the display name encoded when needed; a bare address stays bare. */
export function encodeAddress(address: string): string {
  const match = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(address);
  if (!match) return address.trim();
  const [, name, email] = match;
  if (!name) return `<${email}>`;
  const unquoted = name.replace(/^"(.*)"$/, '$1');
  const display = PRINTABLE_ASCII.test(unquoted)
    ? `"${unquoted.replace(/(["\\])/g, '\\$1')}"`
    : encodeHeaderText(unquoted);
  return `${display} <${email}>`;
}

function base64Body(text: string): string {
  return (
    Buffer.from(text.replace(/\r?\n/g, '\r\n'))
      .toString('base64')
      .match(/.{1,76}/g)
      ?.join('\r\n') ?? ''
  );
}

/** RFC 5322 date in UTC, e.g. `Sat, 06 Feb 2027 02:00:00 +0000`. */
function rfc5322Date(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

/**
 * Builds the raw MIME message SendRawEmail takes: multipart/alternative with
 * UTF-8 text and HTML parts in base64 (safe for any script and line length),
 * RFC 2047 headers. Raw MIME is the one SES call that carries our Reply-To and
 * List-Unsubscribe headers byte for byte.
 * @example const raw = buildMime(email, clock.now());
 */
export function buildMime(email: OutgoingEmail, date: Date): Buffer {
  // Checked before encoding: encoded words fold with CRLF on purpose.
  const raw: Record<string, string> = {
    From: email.from,
    To: email.to,
    Subject: email.subject,
    ...(email.replyTo ? { 'Reply-To': email.replyTo } : {}),
    ...email.headers,
  };
  for (const [name, value] of Object.entries(raw)) {
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) throw new Error(`header name ${name} is not valid`);
    assertHeaderSafe(name, value);
  }
  const headers: [string, string][] = [
    ['From', encodeAddress(email.from)],
    ['To', encodeAddress(email.to)],
    ...(email.replyTo ? ([['Reply-To', encodeAddress(email.replyTo)]] as [string, string][]) : []),
    ['Subject', encodeHeaderText(email.subject)],
    ['Date', rfc5322Date(date)],
    ['MIME-Version', '1.0'],
    [MESSAGE_HEADER, email.messageId],
    ...Object.entries(email.headers),
  ];
  // The boundary cannot occur in base64 content: '_' is not in its alphabet.
  const boundary = `=_nurture_${email.messageId}`;
  const lines = [
    ...headers.map(([name, value]) => `${name}: ${value}`),
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Body(email.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Body(email.html),
    `--${boundary}--`,
    '',
  ];
  return Buffer.from(lines.join('\r\n'));
}
