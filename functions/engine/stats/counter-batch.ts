import { isoWeekOf } from '../../core/calendars/iso-week';
import type { SendCounter } from '../../core/campaigns/campaign-progress';
import type { CampaignRepo, StatsRepo, Store, TemplateCounter } from '../../ports/store/index';
import type { Logger } from '../log';

type CountingStore = Partial<Pick<Store, 'stats' | 'campaigns'>>;

export interface CounterBatch<S extends CountingStore> {
  /** `store` with its template and campaign counters held back until `flush`. */
  store: S;
  /** Writes the summed counters: one write per template and week, one per campaign. Never throws. */
  flush(): Promise<void>;
}

/**
 * A batch of sends or SES events (one `send` or `delivery-events` invocation)
 * counts in memory and writes each template's week and each campaign once at
 * the end, instead of one counter write per message and event. Everything
 * but the counters goes straight through. Counting never fails the work it
 * counts: a write that does not go through is logged, as a single count's is.
 * @example const batch = batchCounters(deps.store, deps.log); …; await batch.flush();
 */
export function batchCounters<S extends CountingStore>(store: S, log: Logger): CounterBatch<S> {
  const templates = new Map<string, { template: string; at: Date; counts: Record<string, number> }>();
  const campaigns = new Map<string, { shard: number; counts: Record<string, number> }>();
  const add = (counts: Record<string, number>, entries: [string, number | undefined][]) => {
    for (const [counter, by] of entries) if (by) counts[counter] = (counts[counter] ?? 0) + by;
  };
  const batched: S = { ...store };
  if (store.stats) {
    // The repository's own methods, with the two counters replaced (its prototype keeps the rest).
    const stats: StatsRepo = Object.create(store.stats);
    stats.countTemplateMany = async (template, at, counts) => {
      const key = `${isoWeekOf(at).week}#${template}`;
      const entry = templates.get(key) ?? { template, at, counts: {} };
      templates.set(key, entry);
      add(entry.counts, Object.entries(counts));
    };
    stats.countTemplate = (template, counter, at, by = 1) =>
      stats.countTemplateMany(template, at, { [counter]: by });
    batched.stats = stats;
  }
  if (store.campaigns) {
    const repo: CampaignRepo = Object.create(store.campaigns);
    // A campaign's counts are the sum over its shards: the batch's lands on the first one it met.
    repo.count = async (id, shard, counts) => {
      const entry = campaigns.get(id) ?? { shard, counts: {} };
      campaigns.set(id, entry);
      add(entry.counts, Object.entries(counts));
    };
    batched.campaigns = repo;
  }
  const flush = async () => {
    const writes = [
      ...[...templates.values()].map(({ template, at, counts }) => ({
        about: { template },
        write: () => store.stats!.countTemplateMany(template, at, counts as Record<TemplateCounter, number>),
      })),
      ...[...campaigns].map(([campaignId, { shard, counts }]) => ({
        about: { campaignId },
        write: () => store.campaigns!.count(campaignId, shard, counts as Record<SendCounter, number>),
      })),
    ];
    templates.clear();
    campaigns.clear();
    for (const { about, write } of writes) {
      try {
        await write();
      } catch (error) {
        log('stats.count-failed', {
          ...about,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  };
  return { store: batched, flush };
}
