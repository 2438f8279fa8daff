import EmailReplyParser from 'email-reply-parser';
import { type AddressObject, simpleParser } from 'mailparser';
import type { EngineDeps } from '../deps';
import { type InboundEmail, type InboundOutcome, receiveEmail } from './inbound';

const ROUTING_ADDRESS = /^reply\+[0-9a-f]{20}-[0-9a-f]{16}@/i;
/**
 * Quote headers the reply parser misses in Chinese mail clients (QQ, 163,
 * Foxmail, Outlook zh): everything from the first one down is history.
 */
const QUOTE_START =
  /^\s*([在於].{0,120}[写寫]道[:：]?|.{0,60}[于於].{0,60}[写寫]道[:：]?|-{2,}\s*(原始邮件|原始郵件|Original Message|回复的原邮件|回覆的原郵件)\s*-{2,}|(发件人|寄件者|差出人)[:：].*|From:\s.*|\d{4}年\d{1,2}月\d{1,2}日.{0,60}<[^>\s]+@[^>\s]+>\s*[:：]?)\s*$/im;
const SENT_FROM =
  /^\s*(发自我的\s?(iPhone|iPad|手机|华为|小米|Android).*|发自网易邮箱大师|從我的\s?(iPhone|iPad)\s?傳送|(iPhone|iPad)から送信|Sent from my .*)\s*$/im;

function withoutHistory(text: string): string {
  const quote = QUOTE_START.exec(text);
  const cut = quote ? text.slice(0, quote.index) : text;
  const sent = SENT_FROM.exec(cut);
  return (sent ? cut.slice(0, sent.index) : cut).trim();
}

/** The headers that tell an automatic reply apart (RFC 3834 and the vendors' own). */
const AUTO_HEADERS = [
  'auto-submitted',
  'x-autoreply',
  'x-autorespond',
  'x-auto-response-suppress',
  'precedence',
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
  const mail = await simpleParser(raw, { skipImageLinks: true });
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
  const body = mail.text ?? '';
  const text = withoutHistory(new EmailReplyParser().parseReply(body));
  const headers: Record<string, string> = {};
  for (const name of AUTO_HEADERS) {
    const value = mail.headers.get(name);
    if (typeof value === 'string') headers[name] = value;
  }
  return {
    from,
    to,
    ...(mail.subject ? { subject: mail.subject } : {}),
    text,
    headers,
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
  };
}

/** Takes an inbound email as raw MIME (SES receipt → S3, or the local harness). */
export async function receiveRawEmail(deps: EngineDeps, raw: string | Buffer): Promise<InboundOutcome> {
  return receiveEmail(deps, await parseInboundEmail(raw));
}
