import { recentWeeks } from '../../core/calendars/iso-week';
import { type ValueCurve, valueCurve } from '../../core/stats/value-curve';
import { type WeeklyStats, weeklyStats } from '../../core/stats/weekly-stats';
import type { EngineDeps, StoreDeps } from '../deps';

/**
 * Sends, deliveries, replies, unsubscribes, bounces and complaints in each of
 * the last `weeks` ISO weeks (UTC, oldest first), in total and per template:
 * one Query over the weekly counter items, whatever the size of the book.
 * @example const { weeks } = await weeklyDashboard(deps, 12);
 */
export async function weeklyDashboard(
  deps: Pick<EngineDeps, 'clock'> & StoreDeps<'stats'>,
  weeks: number,
): Promise<WeeklyStats> {
  const span = recentWeeks(deps.clock.now(), weeks);
  const first = span[0]!.week;
  const last = span[span.length - 1]!.week;
  return weeklyStats(span, await deps.store.stats.weeklyTemplateCounts(first, last));
}

/**
 * The 80/20 curve of the book with its tier cut-offs, from the value
 * histogram (one read), never from the customers themselves.
 * @example const { cutoffs } = await valueCurveOfBook(deps);
 */
export async function valueCurveOfBook(
  deps: Pick<EngineDeps, 'tiers'> & StoreDeps<'stats'>,
): Promise<ValueCurve> {
  const [histogram, cutoffs] = await Promise.all([deps.store.stats.valueHistogram(), deps.tiers.cutoffs()]);
  return valueCurve(histogram, cutoffs);
}
