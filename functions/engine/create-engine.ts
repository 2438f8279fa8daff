import { CampaignCache } from './campaigns/campaign-cache';
import { ContentCache } from './content/content-cache';
import { loadContentFiles } from './content/rules';
import { TierCache } from './customers/tier-cache';
import type { EngineDeps } from './deps';

/** What a composition root brings: the adapters it chose, the settings, where the content files are. */
export type EngineParts = Omit<EngineDeps, 'content' | 'templates' | 'rules' | 'tiers' | 'campaignCache'> & {
  templatesDir: string;
};

/**
 * The engine's own caches (live content, tiers, campaigns) over the adapters a
 * composition root chose: the one place both roots, AWS and local, build them.
 * @example const deps = createEngine({ store, scheduler, sendQueue, clock, settings, log, metrics, webhooks, webhookQueue, templatesDir });
 */
export function createEngine({ templatesDir, ...parts }: EngineParts): EngineDeps {
  const { store, clock, log } = parts;
  const content = new ContentCache(loadContentFiles(templatesDir), store.content, clock, log, store.segments);
  return {
    ...parts,
    tiers: new TierCache(store, clock),
    campaignCache: new CampaignCache(store, clock),
    content,
    templates: content.templates,
    get rules() {
      return content.rules;
    },
  };
}
