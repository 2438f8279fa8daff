import PostalMime, { type Address, addressParser, decodeWords, type Email } from 'postal-mime';
import { htmlToText } from '../../core/content/html-to-text';
import { VERDICT_HEADERS } from '../../core/replies/authentication';
import { stripQuotes, TEXT_LIMIT } from '../../core/replies/quote-strip';
import type { EngineDeps } from '../deps';
import { type InboundEmail, type InboundOutcome, receiveEmail } from './inbound';

const ROUTING_ADDRESS = /^reply\+[0-9a-f]{20}-[0-9a-f]{16}@/i;
/** Only this much of a message is parsed: a reply is at the top, and 10 MB of attachments is not read. */
const RAW_LIMIT = 2 * 1024 * 1024;
/** Lines of a message parsed at most. */
const MAX_LINES = 8_192;
/** Multipart boundaries beyond which a message is too deep to parse: it is read from its headers. */
const MAX_BOUNDARIES = 64;
/** How much of an HTML-only body is read for its text. */
const HTML_LIMIT = 256 * 1024;
/** How much of a report part is kept. */
const REPORT_LIMIT = 16 * 1024;

/** The headers that tell an automatic reply or a bounce apart (RFC 3834, RFC 3464 and the vendors' own). */
const AUTO_HEADERS = [
  'auto-submitted',
  'x-autoreply',
  'x-autorespond',
  'x-auto-response-suppress',
  'precedence',
  'x-failed-recipients',
];

/** Every mailbox of an address list, groups unwrapped. */
function addresses(list: Address[] | Address | undefined): string[] {
  return [list ?? []]
    .flat()
    .flatMap((entry) => (entry.group ? entry.group : [entry]))
    .map((mailbox) => mailbox.address ?? '')
    .filter((address) => address !== '');
}

/** Every value of a header, in document order (SES's own come first), as written. */
function headerValues(mail: Email, name: string): string[] {
  // Unfolded by the parser, but the folding's tab stays: it is whitespace like any other.
  return mail.headers.filter((h) => h.key === name).map((h) => h.value.replace(/\t/g, ' ').trim());
}

const REPORT_TYPES = /^message\/(global-)?(delivery-status|feedback-report)$/;

/**
 * Reads an inbound email as it arrives (raw MIME, any charset: UTF-8, GBK,
 * Big5, ISO-2022-JP; quoted-printable or base64; HTML-only) and keeps only
 * what the customer wrote this time: the quoted history and the signature are
 * cut with a reply parser. Charsets are decoded by the platform's
 * `TextDecoder` (ICU), so no decoding tables ride in the bundle.
 * @example const email = await parseInboundEmail(raw); // { from, to, subject, text, headers, messageId }
 */
export async function parseInboundEmail(raw: string | Buffer): Promise<InboundEmail> {
  const mail = await parseBounded(raw);
  const from = addresses(mail.from)[0] ?? '';
  // Our routing address may sit in To, Cc, or only in the envelope (Delivered-To, X-Original-To).
  const envelope = ['delivered-to', 'x-original-to', 'envelope-to'].flatMap((name) =>
    headerValues(mail, name).flatMap((value) => addresses(addressParser(value))),
  );
  const recipients = [...addresses(mail.to), ...addresses(mail.cc), ...envelope];
  const to = recipients.find((address) => ROUTING_ADDRESS.test(address)) ?? recipients[0] ?? '';
  // An HTML-only message (a part without a text/plain twin) is read through the same HTML-to-text as our own mail.
  const body = (mail.text ?? htmlToText((mail.html ?? '').slice(0, HTML_LIMIT))).slice(0, TEXT_LIMIT);
  const text = stripQuotes(body);
  const headers: Record<string, string> = {};
  for (const name of AUTO_HEADERS) {
    const value = headerValues(mail, name)[0];
    if (value !== undefined) headers[name] = decodeWords(value);
  }
  // The receipt verdicts, every occurrence (SES's own come first), joined by newlines.
  for (const name of VERDICT_HEADERS) {
    const lines = headerValues(mail, name);
    if (lines.length > 0) headers[name] = lines.join('\n');
  }
  const returnPath = headerValues(mail, 'return-path')[0]?.replace(/[<>\s]/g, '');
  const report = mail.attachments
    .filter((part) => REPORT_TYPES.test(part.mimeType))
    .map((part) => utf8.decode(bytesOf(part.content).subarray(0, REPORT_LIMIT)))
    .join('\n');
  const type = contentTypeOf(mail);
  // A report part without a disposition may reach us inline, in the text: its fields are read from there.
  const inline = !report && /report-type=(delivery-status|feedback-report)/.test(type.contentType ?? '');
  return {
    from,
    to,
    ...(mail.subject ? { subject: mail.subject } : {}),
    text,
    headers,
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    ...(returnPath !== undefined ? { returnPath } : {}),
    ...type,
    ...(report ? { report } : inline ? { report: body.slice(0, REPORT_LIMIT) } : {}),
  };
}

const utf8 = new TextDecoder();

function bytesOf(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array(content);
}

/** Where the MAX_LINES-th line ends (or the end): found in one pass. */
function lineCut(bytes: Buffer): number {
  let at = -1;
  for (let line = 0; line < MAX_LINES; line++) {
    at = bytes.indexOf(0x0a, at + 1);
    if (at === -1) return bytes.length;
  }
  return at + 1;
}

/**
 * The parsed message, from a bounded prefix; a message nested too deep to
 * parse (a thousand multiparts) is read from its headers alone.
 */
async function parseBounded(raw: string | Buffer): Promise<Email> {
  const prefix = (typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw).subarray(0, RAW_LIMIT);
  // The parser's cost grows with the line count faster than linearly (a Blob part per line):
  // past MAX_LINES the rest is cut, as a reply is at the top and reports are short.
  const bytes = prefix.subarray(0, lineCut(prefix));
  const latin1 = bytes.toString('latin1');
  const boundaries = latin1.match(/boundary\s*=/gi)?.length ?? 0;
  const options = { maxNestingDepth: MAX_BOUNDARIES, maxRfc822NestingDepth: 2 };
  if (boundaries <= MAX_BOUNDARIES) {
    try {
      return await PostalMime.parse(bytes, options);
    } catch {
      // Past the parser's own bounds: read from the headers, as below.
    }
  }
  const end = /\r?\n\r?\n/.exec(latin1);
  const head = latin1.slice(0, end ? end.index : latin1.length);
  return PostalMime.parse(Buffer.from(`${head}\r\n\r\n`, 'latin1'), options);
}

/** The top part's media type when it is not plain text, with its report type (RFC 6522). */
function contentTypeOf(mail: Email): { contentType?: string } {
  const value = headerValues(mail, 'content-type')[0];
  if (!value) return {};
  const type = value.split(';')[0]!.trim().toLowerCase();
  if (type === 'text/plain' || type === '') return {};
  const reportType = /;\s*report-type\s*=\s*"?([\w.-]+)/i.exec(value)?.[1];
  return { contentType: reportType ? `${type}; report-type=${reportType.toLowerCase()}` : type };
}

/** Takes an inbound email as raw MIME (SES receipt → S3, or the local harness). */
export async function receiveRawEmail(
  deps: EngineDeps,
  raw: string | Buffer,
  stored?: { rawMailKey: string },
): Promise<InboundOutcome> {
  return receiveEmail(deps, { ...(await parseInboundEmail(raw)), ...stored });
}
