import { lang, t } from './i18n';

const format = (iso: string, timeZone: string | undefined) =>
  new Intl.DateTimeFormat(lang(), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));

/**
 * An instant in the customer's own zone, its name shown, with the reader's own
 * time on hover: the marketer sees when the customer saw it.
 */
export function LocalTime(props: { at: string; zone: string | undefined }) {
  return (
    <time dateTime={props.at} title={t('yourTime', { time: format(props.at, undefined) })}>
      {format(props.at, props.zone)}
    </time>
  );
}

/** A calendar date (YYYY-MM-DD) in the reader's language: "25 Mar 2027", "2027年3月25日". */
export function formatLocalDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  return new Intl.DateTimeFormat(lang(), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}
