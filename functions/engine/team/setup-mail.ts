import { randomUUID } from 'node:crypto';
import type { Mailer, OutgoingEmail } from '../../ports/mailer/index';
import type { EngineSettings } from '../deps';
import type { Logger } from '../log';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const WORDS = {
  en: {
    subject: (business: string) => `Your ${business} console account`,
    body: (business: string) =>
      `You are the first admin of the ${business} console. Choose your password here (the link works once, for 7 days):`,
  },
  'zh-CN': {
    subject: (business: string) => `您的${business}控制台账户`,
    body: (business: string) =>
      `您是${business}控制台的第一位管理员。请通过下面的链接设置密码(仅可使用一次,7 天内有效):`,
  },
} as const;

/**
 * The email that brings the first admin their setup link: plain words in
 * their language, the link and nothing else; no tracking, no unsubscribe (it
 * is not marketing), sent once.
 * @example await mailer.send(setupMailOf(settings, { to: 'boss@shop.example', link, locale: 'en' }));
 */
export function setupMailOf(
  settings: Pick<EngineSettings, 'businessName' | 'fromAddress'>,
  mail: { to: string; link: string; locale: string },
): OutgoingEmail {
  const words = mail.locale === 'zh-CN' ? WORDS['zh-CN'] : WORDS.en;
  const body = words.body(settings.businessName);
  return {
    messageId: `team-${randomUUID()}`,
    from: settings.fromAddress,
    to: mail.to,
    subject: words.subject(settings.businessName),
    text: `${body}\n\n${mail.link}\n`,
    html: `<p>${escapeHtml(body)}</p><p><a href="${escapeHtml(mail.link)}">${escapeHtml(mail.link)}</a></p>`,
    headers: { 'Auto-Submitted': 'auto-generated' },
    context: { customerId: 'team', rule: 'team-setup' },
  };
}

/** Sends the setup mail; a failure is logged, not thrown: the link is renewed and sent again on the next run. */
export async function mailSetupLink(
  deps: { mailer: Mailer; settings: Pick<EngineSettings, 'businessName' | 'fromAddress'>; log: Logger },
  mail: { to: string; link: string; locale: string },
): Promise<boolean> {
  try {
    await deps.mailer.send(setupMailOf(deps.settings, mail));
    deps.log('team.setup-link-mailed', {});
    return true;
  } catch (error) {
    deps.log('team.setup-link-unsent', { error: error instanceof Error ? error.message : String(error) });
    return false;
  }
}
