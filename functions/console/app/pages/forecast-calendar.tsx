import { lang, t } from '../i18n';

export interface ForecastEntry {
  at: string;
  /** The customer's wall clock, `YYYY-MM-DDTHH:mm…`. */
  local: string;
  rule: string;
  template: string;
  channel: string;
  status: 'scheduled' | 'deferred' | 'dropped';
  reason?: string;
}

/** Twelve month grids (Monday first) from the forecast's first month, a mark on each day with messages. */
export function ForecastCalendar({ from, messages }: { from: string; messages: ForecastEntry[] }) {
  const byDay = new Map<string, ForecastEntry[]>();
  for (const message of messages) {
    const day = message.local.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), message]);
  }
  const first = messages[0]?.local ?? from;
  const year = Number(first.slice(0, 4));
  const month = Number(first.slice(5, 7)) - 1;
  const months = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(year, month + i, 1)));
  const monthName = new Intl.DateTimeFormat(lang(), { year: 'numeric', month: 'long', timeZone: 'UTC' });
  return (
    <div class="calendar" data-testid="forecast-calendar">
      <h3>
        {t('forecast')} ({messages.length})
      </h3>
      <div class="months">
        {months.map((start) => {
          const days = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)).getUTCDate();
          const offset = (start.getUTCDay() + 6) % 7;
          return (
            <div class="month" key={start.toISOString()}>
              <div class="month-name">{monthName.format(start)}</div>
              <div class="grid">
                {Array.from({ length: offset }, (_, i) => (
                  <span key={`pad${i}`} />
                ))}
                {Array.from({ length: days }, (_, i) => {
                  const day = `${start.toISOString().slice(0, 8)}${String(i + 1).padStart(2, '0')}`;
                  const entries = byDay.get(day) ?? [];
                  return (
                    <span
                      key={day}
                      class={
                        entries.length === 0
                          ? 'day'
                          : `day has ${entries.some((e) => e.status !== 'scheduled') ? 'moved' : ''}`
                      }
                      title={entries
                        .map(
                          (e) =>
                            `${e.local.slice(11, 16)} ${e.rule} · ${e.template} · ${e.channel}${e.reason ? ` (${e.reason})` : ''}`,
                        )
                        .join('\n')}
                      data-day={entries.length > 0 ? day : undefined}
                    >
                      {i + 1}
                    </span>
                  );
                })}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
