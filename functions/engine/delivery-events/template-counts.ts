import type { MessageRecord, TemplateCounter, TemplateCounts } from '../../ports/store/index';
import type { EngineDeps, StoreDeps } from '../deps';

// Apart from record-delivery-event.ts, whose imports (suppression, re-planning, sequences)
// would otherwise ride into every function that only counts, such as `send`.

/**
 * What happens to a message (delivered, answered, bounced, unsubscribed) is
 * counted in the week it was sent, so a week's reply rate is the share of
 * that week's letters that were answered.
 */
export function sendWeekOf(message: Pick<MessageRecord, 'at' | 'sentAt'>): Date {
  return new Date(message.sentAt ?? message.at);
}

/**
 * Adds one to a template's counter in the week of `at`. Counting never fails
 * the caller: a send that went out, or a reply that was recorded, stays so if
 * the counter write does not go through.
 * @example await countTemplateEvent(deps, message.template, 'replied', sendWeekOf(message));
 */
export async function countTemplateEvent(
  deps: Pick<EngineDeps, 'log'> & StoreDeps<'stats'>,
  template: string,
  counter: TemplateCounter,
  at: Date,
): Promise<void> {
  try {
    await deps.store.stats.countTemplate(template, counter, at);
  } catch (error) {
    deps.log('stats.count-failed', {
      template,
      counter,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

export type TemplateRates = Record<
  'delivery' | 'open' | 'click' | 'reply' | 'bounce' | 'complaint' | 'unsubscribe',
  number | null
>;

/** A template's counters with their rates: opens and clicks per delivered message, the rest per sent one. */
export type TemplateStats = TemplateCounts & { rates: TemplateRates };

function rate(count: number, of: number): number | null {
  return of > 0 ? Math.round((count / of) * 10_000) / 10_000 : null;
}

/**
 * Every template's counters and rates (null where nothing was sent or
 * delivered to divide by), read with one Query.
 * @example const [hello] = await templateStats(deps); hello.rates.open // 0.42
 */
export async function templateStats(deps: StoreDeps<'stats'>): Promise<TemplateStats[]> {
  const counts = await deps.store.stats.templateCounts();
  return counts.map((c) => ({
    ...c,
    rates: {
      delivery: rate(c.delivered, c.sent),
      open: rate(c.opened, c.delivered),
      click: rate(c.clicked, c.delivered),
      reply: rate(c.replied, c.sent),
      bounce: rate(c.bounced, c.sent),
      complaint: rate(c.complained, c.sent),
      unsubscribe: rate(c.unsubscribed, c.sent),
    },
  }));
}
