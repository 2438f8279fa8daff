import type { ValueHistogram } from '../../core/customers/tier';

/** What is counted per template, from the send path, delivery events, replies and unsubscribes. */
export const templateCounters = [
  'sent',
  'delivered',
  'opened',
  'clicked',
  'replied',
  'bounced',
  'complained',
  'unsubscribed',
] as const;
export type TemplateCounter = (typeof templateCounters)[number];

export type TemplateCounts = { template: string } & Record<TemplateCounter, number>;

/** Book-wide figures kept up to date one change at a time, so nothing ever reads every customer. */
export interface StatsRepo {
  valueHistogram(): Promise<ValueHistogram>;
  /** Moves one customer's lifetime value from `from` (undefined: not counted yet) to `to`. */
  moveValue(from: number | undefined, to: number): Promise<void>;
  /**
   * Adds `by` (default 1) to one of a template's counters for the ISO week
   * (UTC) `at` falls in, atomically: one write, the totals are sums of weeks.
   * @example await store.stats.countTemplate('hello-again', 'sent', now);
   */
  countTemplate(template: string, counter: TemplateCounter, at: Date, by?: number): Promise<void>;
  /**
   * Adds several of a template's counters for the week of `at` in one write:
   * a batch's counts, summed before they are written.
   * @example await store.stats.countTemplateMany('hello-again', now, { sent: 7, delivered: 3 });
   */
  countTemplateMany(
    template: string,
    at: Date,
    counts: Partial<Record<TemplateCounter, number>>,
  ): Promise<void>;
  /** Every template's counters summed over all weeks (zero where nothing was counted), in template order. */
  templateCounts(): Promise<TemplateCounts[]>;
  /**
   * Each template's counters per ISO week from `fromWeek` to `toWeek`
   * (`2026-W47`, both included), with one Query.
   * @example await store.stats.weeklyTemplateCounts('2026-W36', '2026-W47');
   */
  weeklyTemplateCounts(fromWeek: string, toWeek: string): Promise<TemplateWeekCounts[]>;
  /**
   * Adds to a sequence's per-step counters (`<counter>:<step>` → by) in one write.
   * @example await store.stats.countSequence('welcome', { 'entered:hello': 1, 'waiting:hello': 1 });
   */
  countSequence(sequenceId: string, counts: Readonly<Record<string, number>>): Promise<void>;
  /** A sequence's per-step counters (`<counter>:<step>`), with one read. */
  sequenceCounts(sequenceId: string): Promise<Record<string, number>>;
}

/** A template's counters in one ISO week. */
export type TemplateWeekCounts = TemplateCounts & { week: string };
