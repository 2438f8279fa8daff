import type { IsoWeek } from '../calendars/iso-week';

/** What is counted per template and ISO week (the same counters the per-template totals sum). */
export interface WeekCounts {
  sent: number;
  delivered: number;
  replied: number;
  unsubscribed: number;
  bounced: number;
  complained: number;
}

/** One template's counters in one week, as the store keeps them. */
export interface TemplateWeekCounts extends WeekCounts {
  template: string;
  week: string;
}

export interface WeekRow extends IsoWeek, WeekCounts {
  /** Replies per message sent that week, rounded to 4 places; 0 when nothing was sent. */
  replyRate: number;
}

export interface TemplateWeekRow {
  week: string;
  sent: number;
  replied: number;
  replyRate: number;
}

export interface WeeklyStats {
  weeks: WeekRow[];
  templates: { template: string; weeks: TemplateWeekRow[] }[];
}

const counters = ['sent', 'delivered', 'replied', 'unsubscribed', 'bounced', 'complained'] as const;

const rate = (count: number, of: number) => (of > 0 ? Math.round((count / of) * 10_000) / 10_000 : 0);

/**
 * The dashboard's weekly series: every week of `weeks` (oldest first) with the
 * book's totals, and per template that counted anything in them its sends,
 * replies and reply rate, with zeros for the weeks it was silent.
 * @example weeklyStats(recentWeeks(now, 12), await store.stats.weeklyTemplateCounts(first, last))
 */
export function weeklyStats(weeks: readonly IsoWeek[], counts: readonly TemplateWeekCounts[]): WeeklyStats {
  const totals = new Map<string, WeekCounts>(
    weeks.map((w) => [w.week, Object.fromEntries(counters.map((c) => [c, 0])) as unknown as WeekCounts]),
  );
  const perTemplate = new Map<string, Map<string, { sent: number; replied: number }>>();
  for (const row of counts) {
    const total = totals.get(row.week);
    if (!total) continue;
    for (const counter of counters) total[counter] += row[counter];
    const byWeek = perTemplate.get(row.template) ?? new Map<string, { sent: number; replied: number }>();
    perTemplate.set(row.template, byWeek);
    const cell = byWeek.get(row.week) ?? { sent: 0, replied: 0 };
    byWeek.set(row.week, { sent: cell.sent + row.sent, replied: cell.replied + row.replied });
  }
  return {
    weeks: weeks.map((w) => {
      const total = totals.get(w.week) as WeekCounts;
      return { ...w, ...total, replyRate: rate(total.replied, total.sent) };
    }),
    templates: [...perTemplate]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([template, byWeek]) => ({
        template,
        weeks: weeks.map(({ week }) => {
          const { sent, replied } = byWeek.get(week) ?? { sent: 0, replied: 0 };
          return { week, sent, replied, replyRate: rate(replied, sent) };
        }),
      })),
  };
}
