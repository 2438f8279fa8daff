import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingEmail } from './index';

/** Header injection guard: a value with a line break would start a new header. */
export function assertHeaderSafe(name: string, value: string): void {
  if (/[\r\n]/.test(value)) throw new Error(`header ${name} contains a line break`);
}

/**
 * Builds the raw MIME (multipart/alternative, UTF-8, RFC 2047 subjects) that
 * SendRawEmail takes. Raw MIME is the only SES call that carries our own
 * Reply-To and List-Unsubscribe headers byte for byte.
 * @example const raw = await buildMime({ messageId, from, to, subject, html, text, headers: {} });
 */
export async function buildMime(email: OutgoingEmail): Promise<Buffer> {
  for (const [name, value] of Object.entries({
    From: email.from,
    To: email.to,
    Subject: email.subject,
    'Reply-To': email.replyTo ?? '',
    ...email.headers,
  })) {
    assertHeaderSafe(name, value);
  }
  const composer = new MailComposer({
    from: email.from,
    to: email.to,
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers: { ...email.headers, 'X-Nurture-Message-Id': email.messageId },
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}
