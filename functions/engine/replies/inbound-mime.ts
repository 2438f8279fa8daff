import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { VERDICT_HEADERS } from '../../core/replies/authentication';
import { stripQuotes, TEXT_LIMIT } from '../../core/replies/quote-strip';
import type { EngineDeps } from '../deps';
import { type InboundEmail, type InboundOutcome, receiveEmail } from './inbound';

const ROUTING_ADDRESS = /^reply\+[0-9a-f]{20}-[0-9a-f]{16}@/i;
/** Only this much of a message is parsed: a reply is at the top, and 10 MB of attachments is not read. */
const RAW_LIMIT = 2 * 1024 * 1024;
/** Multipart boundaries beyond which a message is too deep to parse: it is read from its headers. */
const MAX_BOUNDARIES = 64;
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

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((group) => group.value.map((a) => a.address ?? '')).filter((a) => a !== '');
}

/**
 * Reads an inbound email as it arrives (raw MIME, any charset: UTF-8, GBK,
 * Big5, ISO-2022-JP; quoted-printable or base64; HTML-only) and keeps only
 * what the customer wrote this time: the quoted history and the signature are
 * cut with a reply parser.
 * @example const email = await parseInboundEmail(raw); // { from, to, subject, text, headers, messageId }
 */
export async function parseInboundEmail(raw: string | Buffer): Promise<InboundEmail> {
  const mail = await parseBounded(raw);
  const from = addresses(mail.from)[0] ?? '';
  // Our routing address may sit in To, Cc, or only in the envelope (Delivered-To, X-Original-To).
  // mailparser hands Delivered-To back as an AddressObject (or a list of them), X-Original-To as a string.
  const envelope = ['delivered-to', 'x-original-to', 'envelope-to']
    .flatMap((name) => [mail.headers.get(name)].flat())
    .flatMap((value) =>
      typeof value === 'string'
        ? [value]
        : value && typeof value === 'object' && 'value' in value
          ? addresses(value as AddressObject)
          : [],
    );
  const recipients = [...addresses(mail.to), ...addresses(mail.cc), ...envelope];
  const to = recipients.find((address) => ROUTING_ADDRESS.test(address)) ?? recipients[0] ?? '';
  const body = (mail.text ?? '').slice(0, TEXT_LIMIT);
  const text = stripQuotes(body);
  const headers: Record<string, string> = {};
  for (const name of AUTO_HEADERS) {
    const value = mail.headers.get(name);
    if (typeof value === 'string') headers[name] = value;
  }
  // The receipt verdicts, every occurrence (SES's own come first), unfolded and joined by newlines.
  for (const name of VERDICT_HEADERS) {
    const lines = mail.headerLines
      .filter((h) => h.key === name)
      .map((h) =>
        h.line
          .slice(h.line.indexOf(':') + 1)
          .replace(/\r?\n[ \t]+/g, ' ')
          .trim(),
      );
    if (lines.length > 0) headers[name] = lines.join('\n');
  }
  const returnPath = returnPathOf(mail);
  const report = mail.attachments
    .filter((part) => /^message\/(global-)?(delivery-status|feedback-report)$/i.test(part.contentType))
    .map((part) => part.content.subarray(0, REPORT_LIMIT).toString('utf8'))
    .join('\n');
  const type = contentTypeOf(mail);
  // A report part without a disposition reaches us inline, in the text: its fields are read from there.
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

/**
 * The parsed message, from a bounded prefix; a message nested too deep to
 * parse (a thousand multiparts) is read from its headers alone.
 */
async function parseBounded(raw: string | Buffer): Promise<ParsedMail> {
  const bytes = (typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw).subarray(0, RAW_LIMIT);
  const latin1 = bytes.toString('latin1');
  const boundaries = latin1.match(/boundary\s*=/gi)?.length ?? 0;
  if (boundaries <= MAX_BOUNDARIES) return simpleParser(bytes, { skipImageLinks: true });
  const end = /\r?\n\r?\n/.exec(latin1);
  const head = latin1.slice(0, end ? end.index : latin1.length);
  return simpleParser(`${head}\r\n\r\n`, { skipImageLinks: true });
}

/** '' for the null reverse path `<>`; undefined when the message has no Return-Path. */
function returnPathOf(mail: ParsedMail): string | undefined {
  const value = mail.headers.get('return-path');
  if (value === undefined) return undefined;
  const first = [value].flat()[0];
  if (typeof first === 'string') return first.replace(/[<>\s]/g, '');
  return first && typeof first === 'object' && 'value' in first
    ? (addresses(first as AddressObject)[0] ?? '')
    : '';
}

/** The top part's media type when it is not plain text, with its report type (RFC 6522). */
function contentTypeOf(mail: ParsedMail): { contentType?: string } {
  const value = mail.headers.get('content-type');
  if (!value || typeof value !== 'object' || !('value' in value)) return {};
  const type = String(value.value).toLowerCase();
  const params = 'params' in value ? (value.params as Record<string, string>) : {};
  if (type === 'text/plain') return {};
  const reportType = params['report-type'];
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
