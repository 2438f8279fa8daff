import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Channel } from '../core/customer';
import { NotFoundError } from '../core/errors';
import { localeChain, parseTemplateFile, type TemplateSource } from '../core/render';

/**
 * Marketers' templates by name, channel and locale.
 * @example catalog.resolve('chase-did-you-receive', 'email', 'zh-CN')
 */
export interface TemplateCatalog {
  /** The best template for `locale`, falling back along its chain to English. */
  resolve(name: string, channel: Channel, locale: string): TemplateSource;
  has(name: string): boolean;
}

/** A catalog over a fixed list of sources. */
export function catalogOf(sources: readonly TemplateSource[]): TemplateCatalog {
  const byKey = new Map(sources.map((s) => [`${s.name}|${s.channel}|${s.locale.toLowerCase()}`, s]));
  const names = new Set(sources.map((s) => s.name));
  return {
    has: (name) => names.has(name),
    resolve(name, channel, locale) {
      for (const candidate of localeChain(locale)) {
        const source = byKey.get(`${name}|${channel}|${candidate.toLowerCase()}`);
        if (source) return source;
      }
      throw new NotFoundError(`template ${name} has no ${channel} version for ${locale} or English`);
    },
  };
}

/**
 * Reads `messages/<locale>/<name>.<email|sms>.liquid` under `dir`. Email files
 * carry their subject in front matter.
 */
export function loadTemplateDir(dir: string): TemplateCatalog {
  const root = join(dir, 'messages');
  const sources: TemplateSource[] = [];
  for (const locale of readdirSync(root)) {
    if (!statSync(join(root, locale)).isDirectory()) continue;
    for (const file of readdirSync(join(root, locale))) {
      const match = /^([a-z0-9-]+)\.(email|sms)\.liquid$/.exec(file);
      if (!match) continue;
      const { attributes, body } = parseTemplateFile(readFileSync(join(root, locale, file), 'utf8'));
      const channel = match[2] as Channel;
      if (channel === 'email' && !attributes.subject) {
        throw new Error(
          `${join('messages', locale, file)}: email template needs a "subject:" line in its front matter`,
        );
      }
      sources.push({
        name: match[1]!,
        locale,
        channel,
        body,
        ...(attributes.subject ? { subject: attributes.subject } : {}),
      });
    }
  }
  return catalogOf(sources);
}
