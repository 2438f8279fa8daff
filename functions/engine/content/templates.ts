import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { localeChain, parseTemplateFile, type TemplateSource } from '../../core/content/render';
import type { Channel } from '../../core/customers/customer';
import { NotFoundError } from '../../core/errors';

/**
 * A fixed set of template sources by name, channel and locale.
 * @example templateSetOf(sources).resolve('chase-did-you-receive', 'email', 'zh-CN')
 */
export interface TemplateSet {
  /** The best template for `locale`, falling back along its chain to English. */
  resolve(name: string, channel: Channel, locale: string): TemplateSource;
  has(name: string): boolean;
  /** Every template source, by name then locale then channel. */
  list(): readonly TemplateSource[];
}

/**
 * The live templates: the files overlaid with the versions saved through the
 * API. `resolve` may read the store (briefly cached), so it is async; `has`
 * and `list` answer from what was read last.
 * @example const source = await deps.templates.resolve('chase-did-you-receive', 'email', 'zh-CN');
 */
export interface TemplateCatalog {
  /** The live template for `locale`, falling back along its chain to English. */
  resolve(name: string, channel: Channel, locale: string): Promise<TemplateSource>;
  has(name: string): boolean;
  list(): readonly TemplateSource[];
}

/** A catalog that never changes, over a fixed set. */
export function fixedCatalog(set: TemplateSet): TemplateCatalog {
  return {
    has: (name) => set.has(name),
    list: () => set.list(),
    resolve: async (name, channel, locale) => set.resolve(name, channel, locale),
  };
}

/** A set over a fixed list of sources. */
export function templateSetOf(sources: readonly TemplateSource[]): TemplateSet {
  const byKey = new Map(sources.map((s) => [`${s.name}|${s.channel}|${s.locale.toLowerCase()}`, s]));
  const names = new Set(sources.map((s) => s.name));
  const sorted = [...sources].sort(
    (a, b) =>
      a.name.localeCompare(b.name) || a.locale.localeCompare(b.locale) || a.channel.localeCompare(b.channel),
  );
  return {
    has: (name) => names.has(name),
    list: () => sorted,
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
 * Reads `messages/<template>/<locale>.<email|sms|text>.liquid` under `dir`: one
 * folder per template, one file per locale and channel. Email files carry
 * their subject in front matter; a `.text.liquid` beside one is its text part.
 */
export function loadTemplateDir(dir: string): TemplateSet {
  const root = join(dir, 'messages');
  const sources: TemplateSource[] = [];
  for (const name of readdirSync(root).sort()) {
    if (!statSync(join(root, name)).isDirectory()) continue;
    if (!/^[a-z0-9-]+$/.test(name))
      throw new Error(`messages/${name}: template folder names are a-z, 0-9 and -`);
    const files = readdirSync(join(root, name));
    for (const file of files) {
      const match = /^([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\.(email|sms)\.liquid$/.exec(file);
      if (!match) continue;
      const [, locale, channel] = match as unknown as [string, string, Channel];
      const path = join('messages', name, file);
      const { attributes, body } = parseTemplateFile(readFileSync(join(root, name, file), 'utf8'));
      if (channel === 'email' && !attributes.subject) {
        throw new Error(`${path}: an email template needs a "subject:" line in its front matter`);
      }
      const textFile = `${locale}.text.liquid`;
      const text =
        channel === 'email' && files.includes(textFile)
          ? readFileSync(join(root, name, textFile), 'utf8')
          : undefined;
      sources.push({
        name,
        locale,
        channel,
        body,
        ...(attributes.subject ? { subject: attributes.subject } : {}),
        ...(text !== undefined ? { text } : {}),
      });
    }
  }
  return templateSetOf(sources);
}
