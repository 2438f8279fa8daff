import { addDays } from '../calendars/calendar-dates';
import { dateText, monthName, type Season, seasonOf } from './date-words';

/**
 * The variables each kind of message gives its template, beyond the ones every
 * template sees (`customer`, `owner`, `business`, `message`, `unsubscribeUrl`).
 * Strict rendering means a template may use exactly these names.
 */
export interface DealVariables {
  /** The engine's id of the deal: an import makes its own, so it is not for customers' eyes. */
  dealId: string;
  /** The reference the customer knows the order by (the backend's `orderRef` or its own id); null for an import's. */
  orderRef: string | null;
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
  /** An occasion the business added: business-wide (`id` set) or a date on the customer's file. */
  occasion: {
    id: string | null;
    name: string;
    date: string;
    dateText: string;
    year: number;
    years: number | null;
  };
  birthday: { date: string; age: number | null };
  anniversary: { date: string; years: number | null };
  purchase: { date: string; years: number; item: string | null };
  lastContactOn: string | null;
  deal: DealVariables;
  referred: { name: string };
  /** The sequence a step belongs to; `item` and `years` from the deal that started the run, when one did. */
  sequence: { id: string; name: string | null; step: string; item: string | null; years: number | null };
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
  /** An owner's answer to the customer, in the owner's words; the subject threads it to what it answers. */
  answer: {
    text: string;
    subject: string | null;
    /** The customer's message it answers, quoted below it as mail programs do. */
    quote: { receivedAt: string; text: string } | null;
  };
  /** The replies an owner's alert digest gathers: those past the first few alerts of an hour. */
  digest: { count: number; replies: OccasionVariables['reply'][] };
  /** A campaign message: the campaign, and the details its marketer gave the template. */
  campaign: { id: string; name: string; details: Record<string, string | number> };
  /** The recipient's own offer code: given only when the campaign carries an offer. */
  offer: { code: string; expiresOn: string; expiresText: string };
  /** A visit announcement (only): where and when the owner will be, and how to reach them there. */
  visit: {
    city: string;
    arrivalOn: string;
    departureOn: string;
    /** The dates as the customer reads them, e.g. "Mon 10 May" or "5月10日(周一)". */
    arrivalText: string;
    departureText: string;
    hotel: string;
    phone: string;
    daysBefore: number;
  };
}

/** Which occasion variables a template family uses, by template id. */
export function occasionKeysFor(template: string): (keyof OccasionVariables)[] {
  if (template.startsWith('chase-') || template === 'owner-call-task') return ['chase'];
  if (template === 'reply-ack') return ['reply'];
  if (template === 'answer-from-owner') return ['answer'];
  if (template === 'owner-reply-digest') return ['digest', 'fileUrl'];
  if (template.startsWith('owner-') && template.endsWith('-alert')) return ['reply', 'fileUrl'];
  if (template.startsWith('festival-')) return ['festival'];
  if (template.startsWith('occasion-')) return ['occasion'];
  if (template.startsWith('campaign-')) return ['campaign', 'offer'];
  if (template.startsWith('visit-')) return ['visit', 'campaign'];
  if (template.startsWith('order-') || template === 'satisfaction-survey') return ['deal'];
  if (template.startsWith('sequence-') || template.startsWith('owner-sequence-')) return ['sequence'];
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
    orderRef: 'D-1024',
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
  const some: Omit<OccasionVariables, 'digest'> = {
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
    occasion: {
      id: 'sample',
      name: locale.startsWith('zh') ? '周年店庆' : 'our anniversary',
      date: today,
      dateText: dateText(today, locale),
      year,
      years: 5,
    },
    birthday: { date: today, age: 40 },
    anniversary: { date: today, years: 10 },
    purchase: { date: `${year - 1}${today.slice(4)}`, years: 1, item: deal.itemNames },
    lastContactOn: `${year - 1}${today.slice(4)}`,
    deal,
    referred: { name: locale.startsWith('zh') ? '陈静' : 'Chen Jing' },
    sequence: {
      id: 'after-sales-care',
      name: locale.startsWith('zh') ? '售后关怀' : 'After-sales care',
      step: 'check-in',
      item: deal.itemNames,
      years: 5,
    },
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
    answer: {
      text: locale.startsWith('zh')
        ? '王女士您好,衣柜下周二送到,送货前我会先给您打电话。'
        : 'Hello, the wardrobe arrives next Tuesday; I will call you before the delivery.',
      subject: locale.startsWith('zh') ? 'Re: 衣柜什么时候到?' : 'Re: When does the wardrobe arrive?',
      quote: {
        receivedAt: `${today} 10:12`,
        text: locale.startsWith('zh') ? '衣柜什么时候到?' : 'When does the wardrobe arrive?',
      },
    },
    ...sampleCampaign(template, locale, today),
  };
  const later = { ...some.reply, receivedAt: `${today} 10:31` };
  const all: OccasionVariables = { ...some, digest: { count: 2, replies: [some.reply, later] } };
  return Object.fromEntries(occasionKeysFor(template).map((key) => [key, all[key]]));
}

const SAMPLE_DETAILS: Record<string, { en: Record<string, string>; zh: Record<string, string> }> = {
  'campaign-new-arrivals': { en: { highlight: 'walnut dining chairs' }, zh: { highlight: '胡桃木餐椅' } },
  'campaign-event-invitation': {
    en: { event: 'our customer open day', date: 'Sat 17 April, 3 pm', place: '88 Nanshan Road' },
    zh: { event: '老客户品鉴会', date: '4月17日(周六)下午3点', place: '南山路88号展厅' },
  },
  'campaign-offer': { en: { offer: '10% off your next order' }, zh: { offer: '下一单九折' } },
};

function sampleCampaign(
  template: string,
  locale: string,
  today: string,
): Pick<OccasionVariables, 'campaign' | 'offer' | 'visit'> {
  const zh = locale.startsWith('zh');
  const details = SAMPLE_DETAILS[template]?.[zh ? 'zh' : 'en'] ?? {};
  const later = (days: number) => addDays(today, days);
  return {
    campaign: { id: 'cmp-sample', name: zh ? '春季老客户活动' : 'Spring customer letter', details },
    offer: { code: 'THANKS-7K3M9QX2TD', expiresOn: later(30), expiresText: dateText(later(30), locale) },
    visit: {
      city: zh ? '杭州' : 'Hangzhou',
      arrivalOn: later(3),
      departureOn: later(5),
      arrivalText: dateText(later(3), locale),
      departureText: dateText(later(5), locale),
      hotel: zh ? '杭州香格里拉饭店' : 'Shangri-La Hotel',
      phone: '+8657187977951',
      daysBefore: 3,
    },
  };
}
