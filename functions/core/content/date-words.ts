// How dates read in messages: seasons by hemisphere, month and weekday names per language.

export type Season = 'spring' | 'summer' | 'autumn' | 'winter' | 'tropical';

const SOUTHERN = new Set(['AU', 'NZ', 'ZA', 'AR', 'CL', 'UY', 'PY', 'BR']);
const TROPICAL = new Set(['SG', 'MY', 'ID', 'TH', 'PH', 'LK', 'BN']);
const NORTHERN_SEASONS: Season[] = [
  'winter',
  'winter',
  'spring',
  'spring',
  'spring',
  'summer',
  'summer',
  'summer',
  'autumn',
  'autumn',
  'autumn',
  'winter',
];

/**
 * The season a month falls in where the customer lives: flipped south of the
 * equator, and none to speak of near it.
 * @example seasonOf(7, 'AU') // 'winter'
 */
export function seasonOf(month: number, country: string | undefined): Season {
  if (country && TROPICAL.has(country)) return 'tropical';
  const index = country && SOUTHERN.has(country) ? (month + 5) % 12 : month - 1;
  return NORTHERN_SEASONS[index] ?? 'spring';
}

const MONTHS: Record<string, string[]> = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  zh: ['一月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '十一月', '十二月'],
};

/** A month's name in the customer's language (Chinese for any zh locale, else English). */
export function monthName(month: number, locale: string): string {
  const names = locale.toLowerCase().startsWith('zh') ? MONTHS.zh! : MONTHS.en!;
  return names[month - 1] ?? String(month);
}

const WEEKDAYS = {
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  zh: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
};

/**
 * A local date as a customer reads it in a message, weekday included.
 * @example dateText('2027-05-10', 'en') // 'Mon 10 May'; dateText('2027-05-10', 'zh-CN') // '5月10日(周一)'
 */
export function dateText(date: string, locale: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  if (locale.toLowerCase().startsWith('zh')) return `${month}月${day}日(${WEEKDAYS.zh[weekday]})`;
  return `${WEEKDAYS.en[weekday]} ${day} ${MONTHS.en![month - 1]!.slice(0, 3)}`;
}
