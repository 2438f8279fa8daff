/**
 * The variables each kind of message gives its template, beyond the ones every
 * template sees (`customer`, `owner`, `business`, `message`, `unsubscribeUrl`).
 * Strict rendering means a template may use exactly these names.
 */
export interface DealVariables {
  dealId: string;
  stage: string;
  items: { name: string; variant: string | null; quantity: number }[];
  /** The item names joined for a sentence, e.g. "walnut wardrobe, bedside table". */
  itemNames: string;
  amount: number | null;
  currency: string | null;
  /** Local dates, YYYY-MM-DD. */
  expectedOn: string | null;
  occurredOn: string;
}

export interface OccasionVariables {
  chase: { subject: string | null; sentOn: string; step: number };
  letter: { month: string; monthName: string; monthNumber: number; year: number; season: Season };
  festival: { id: string; name: string; date: string; year: number };
  birthday: { date: string; age: number | null };
  anniversary: { date: string; years: number | null };
  purchase: { date: string; years: number; item: string | null };
  lastContactOn: string | null;
  deal: DealVariables;
  referred: { name: string };
  /** The reply being acknowledged or reported to the owner. */
  reply: {
    kind: string;
    channel: string;
    subject: string | null;
    text: string;
    receivedAt: string;
    receivedOn: string;
    latencyMinutes: number | null;
  };
  /** The customer's file in the console, for the owner. */
  fileUrl: string;
}

/** Which occasion variables a template family uses, by template id. */
export function occasionKeysFor(template: string): (keyof OccasionVariables)[] {
  if (template.startsWith('chase-') || template === 'owner-call-task') return ['chase'];
  if (template === 'reply-ack') return ['reply'];
  if (template.startsWith('owner-') && template.endsWith('-alert')) return ['reply', 'fileUrl'];
  if (template.startsWith('festival-')) return ['festival'];
  if (template.startsWith('order-') || template === 'satisfaction-survey') return ['deal'];
  switch (template) {
    case 'monthly-letter':
      return ['letter'];
    case 'birthday':
      return ['birthday'];
    case 'wedding-anniversary':
      return ['anniversary'];
    case 'purchase-anniversary':
      return ['purchase'];
    case 'yearly-check-in':
    case 're-engagement':
      return ['lastContactOn'];
    case 'referral-thanks':
      return ['referred', 'deal'];
    default:
      return [];
  }
}

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

/**
 * Plausible occasion variables for previewing a template on a date (`today`,
 * YYYY-MM-DD) when no real occasion is at hand.
 * @example sampleOccasion('birthday', 'en', '2027-03-01').birthday // { date: '2027-03-01', age: 40 }
 */
export function sampleOccasion(
  template: string,
  locale: string,
  today: string,
  country?: string,
): Partial<OccasionVariables> {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const deal: DealVariables = {
    dealId: 'D-1024',
    stage: template.startsWith('order-') ? template.slice('order-'.length).replace('-', '_') : 'completed',
    items: [
      { name: locale.startsWith('zh') ? '实木衣柜' : 'Walnut wardrobe', variant: '2.4 m', quantity: 1 },
    ],
    itemNames: locale.startsWith('zh') ? '实木衣柜' : 'Walnut wardrobe',
    amount: 12800,
    currency: 'CNY',
    expectedOn: today,
    occurredOn: today,
  };
  const all: OccasionVariables = {
    chase: { subject: locale.startsWith('zh') ? '好久不见' : 'A quick hello', sentOn: today, step: 1 },
    letter: {
      month: today.slice(0, 7),
      monthName: monthName(month, locale),
      monthNumber: month,
      year,
      season: seasonOf(month, country),
    },
    festival: {
      id: template.replace(/^festival-/, ''),
      name: locale.startsWith('zh') ? '节日' : 'the festival',
      date: today,
      year,
    },
    birthday: { date: today, age: 40 },
    anniversary: { date: today, years: 10 },
    purchase: { date: `${year - 1}${today.slice(4)}`, years: 1, item: deal.itemNames },
    lastContactOn: `${year - 1}${today.slice(4)}`,
    deal,
    referred: { name: locale.startsWith('zh') ? '陈静' : 'Chen Jing' },
    reply: {
      kind:
        template === 'owner-complaint-alert'
          ? 'complaint'
          : template === 'owner-referral-alert'
            ? 'referral'
            : 'reply',
      channel: 'email',
      subject: locale.startsWith('zh') ? '回复:好久不见' : 'Re: A quick hello',
      text: locale.startsWith('zh')
        ? '收到了,谢谢!我朋友也想买一个衣柜。'
        : 'Got it, thanks! A friend of mine is looking for a wardrobe too.',
      receivedAt: `${today} 10:12`,
      receivedOn: today,
      latencyMinutes: 42,
    },
    fileUrl: 'https://nurture.example/console/customers/c-42',
  };
  return Object.fromEntries(occasionKeysFor(template).map((key) => [key, all[key]]));
}
