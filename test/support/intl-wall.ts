const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall clock in `timezone` at `instant`, `YYYY-MM-DD HH:mm`, as the runtime's own
 * formatter (ICU) reads it: no offset arithmetic or caching of the code under test in between.
 */
export function intlWall(instant: string | number | Date, timezone: string): string {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
