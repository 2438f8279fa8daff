import type { Clock } from '../../ports/clock/index';
import type { CampaignRepo, StatsRepo } from '../../ports/store/index';
import type { Logger } from '../log';
import { batchCounters } from './counter-batch';

/**
 * The send queue's batches on AWS (infra/send-queue.ts: ten jobs, a second's
 * batching window), as a window of counts: what one `send` invocation sums.
 */
export const COUNTER_WINDOW = { counts: 10, ms: 1_000 } as const;

/** The repositories whose counters the window holds. */
export interface CountingRepos {
  stats: StatsRepo;
  campaigns: CampaignRepo;
}

export interface CounterWindow {
  /** For the send path: the repositories with their template and campaign counters held in the window. */
  counting: CountingRepos;
  /** For everything else: the repositories as they are, their reads of the counts flushing the window first. */
  reading: CountingRepos;
  /** Writes what the window holds now (on stop, and before every read of the counts). Never throws. */
  flush(): Promise<void>;
}

/**
 * Counters for a process that delivers one message at a time (the local
 * engine's in-process send queue), summed as the `send` function sums an SQS
 * batch's (counter-batch.ts): held until ten counts, or until a count comes a
 * second after the first on the engine's clock (so sends spread over hours are
 * written one by one, as they would be on AWS). A quiet window is written
 * after a second of real time; a read of the counts writes it first, so a
 * count made is a count read.
 * @example const window = counterWindow(store, clock, log); const delivery = { ...store, ...window.counting };
 */
export function counterWindow(
  repos: CountingRepos,
  clock: Clock,
  log: Logger,
  size: { counts: number; ms: number } = COUNTER_WINDOW,
): CounterWindow {
  let batch = batchCounters(repos, log);
  let held = 0;
  let openedAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = async () => {
    clearTimeout(timer);
    timer = undefined;
    const full = batch;
    batch = batchCounters(repos, log);
    held = 0;
    await full.flush();
  };
  /** Holds one count in the window, writing the window first when it is full or a second old. */
  const hold = async (count: (held: CountingRepos) => Promise<void>) => {
    const now = clock.now().getTime();
    if (held > 0 && (now - openedAt >= size.ms || now < openedAt)) await flush();
    if (held === 0) openedAt = now;
    await count(batch.store);
    held++;
    if (held >= size.counts) return flush();
    // The timer holds no process open: stopping the engine flushes what is left.
    timer ??= setTimeout(() => void flush(), size.ms);
    timer.unref?.();
  };
  const stats: StatsRepo = Object.create(repos.stats);
  stats.countTemplateMany = (template, at, counts) =>
    hold((held) => held.stats.countTemplateMany(template, at, counts));
  stats.countTemplate = (template, counter, at, by = 1) =>
    stats.countTemplateMany(template, at, { [counter]: by });
  const campaigns: CampaignRepo = Object.create(repos.campaigns);
  campaigns.count = (id, shard, counts) => hold((held) => held.campaigns.count(id, shard, counts));

  const readStats: StatsRepo = Object.create(repos.stats);
  readStats.templateCounts = async () => {
    await flush();
    return repos.stats.templateCounts();
  };
  readStats.weeklyTemplateCounts = async (fromWeek, toWeek) => {
    await flush();
    return repos.stats.weeklyTemplateCounts(fromWeek, toWeek);
  };
  const readCampaigns: CampaignRepo = Object.create(repos.campaigns);
  readCampaigns.counts = async (id) => {
    await flush();
    return repos.campaigns.counts(id);
  };
  return { counting: { stats, campaigns }, reading: { stats: readStats, campaigns: readCampaigns }, flush };
}
