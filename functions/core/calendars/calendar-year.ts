import { assertNever } from '../assert-never';
import { monthName } from '../content/date-words';
import { type CalendarData, committedCalendars } from './calendar-data';
import { addDays } from './calendar-dates';
import { type Conventions, conventionsOf, type DateRule, datesOf } from './date-rules';
import { nameIn } from './festivals';

/**
 * A calendar anyone can read: the year's greetings of one country (or kept
 * calendar), each with where its date comes from, in English or Chinese.
 */

export interface CalendarEntry {
  id: string;
  name: string;
  date: string;
  greetOn: string;
  /** Where the date comes from: the rule and the convention it follows. */
  source: string;
}

/** Something dated that a country keeps: a festival of the catalog or an occasion the business added. */
export interface DatedEntry {
  id: string;
  names: Readonly<Record<string, string>>;
  date: DateRule;
  daysBefore: number;
}

type Words = 'en' | 'zh';
const WEEKDAYS: Record<Words, string[]> = {
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  zh: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
};
const ORDINAL: Record<Words, (n: number) => string> = {
  en: (n) => (n === -1 ? 'last' : ['', '1st', '2nd', '3rd', '4th', '5th'][n]!),
  zh: (n) => (n === -1 ? '最后一个' : `第${n}个`),
};
const LUNISOLAR: Record<Conventions['lunisolar'], Record<Words, string>> = {
  china: { en: 'Chinese calendar (GB/T 33661-2017, UTC+8)', zh: '农历(GB/T 33661-2017,北京时间)' },
  korea: { en: 'Korean lunar calendar (KASI rules, UTC+9)', zh: '韩国农历(韩国天文研究院规则,UTC+9)' },
  vietnam: { en: 'Vietnamese lunar calendar (UTC+7)', zh: '越南农历(UTC+7)' },
};
const ISLAMIC: Record<Conventions['islamic'], Record<Words, string>> = {
  'umm-al-qura': { en: 'Umm al-Qura (Mecca)', zh: '乌姆古拉历(麦加)' },
  'mabims-singapore': { en: 'MABIMS criteria at Singapore', zh: 'MABIMS 标准(新加坡)' },
  'mabims-malaysia': { en: 'MABIMS criteria at Kuala Lumpur', zh: 'MABIMS 标准(吉隆坡)' },
  'mabims-indonesia': { en: 'MABIMS criteria at Sabang', zh: 'MABIMS 标准(沙璜)' },
};
const HINDU: Record<Conventions['hindu'], Record<Words, string>> = {
  'diwali-north': {
    en: 'Amavasya of Ashvin at New Delhi (Lakshmi Puja)',
    zh: '阿湿缚月新月日(新德里,吉祥天女祭)',
  },
  'deepavali-tamil': {
    en: 'Naraka Chaturdashi of Aippasi (Tamil calendar, Chennai)',
    zh: '泰米尔历 Aippasi 月(金奈)',
  },
};
const ANNOUNCED: Record<Words, string> = { en: 'announced dates where published', zh: '已公布日期优先' };
const SOLAR_TERMS = {
  qingming: { en: 'Qingming (the Sun at 15°)', zh: '清明(太阳黄经15°)' },
  dongzhi: { en: 'winter solstice (the Sun at 270°)', zh: '冬至(太阳黄经270°)' },
};

/**
 * Where a rule's dates come from, in words.
 * @example describeDateRule({ kind: 'lunar', month: 8, day: 15 }, conventionsOf('CN'), 'en') // 'lunar 8/15, Chinese calendar (GB/T 33661-2017, UTC+8)'
 */
export function describeDateRule(rule: DateRule, conventions: Conventions, locale: string): string {
  const w: Words = locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  switch (rule.kind) {
    case 'yearly':
      return w === 'zh' ? `每年 ${rule.date}` : `every year on ${rule.date}`;
    case 'once':
      return w === 'zh' ? `仅 ${rule.date}` : `once, on ${rule.date}`;
    case 'weekday': {
      const day = WEEKDAYS[w][['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].indexOf(rule.weekday)]!;
      const base =
        w === 'zh'
          ? `${rule.month}月${ORDINAL.zh(rule.nth)}${day}`
          : `the ${ORDINAL.en(rule.nth)} ${day} of ${monthName(rule.month, 'en')}`;
      if (rule.unlessEaster === undefined) return base;
      return w === 'zh'
        ? `${base}(逢复活节后第${rule.unlessEaster}天则顺延一周)`
        : `${base}, a week later when it is Easter + ${rule.unlessEaster} days`;
    }
    case 'easter':
      if (rule.offset === 0)
        return w === 'zh' ? '复活节(格里高利历算法)' : 'Easter Sunday (Gregorian computus)';
      return w === 'zh'
        ? `复活节${rule.offset > 0 ? '后' : '前'}${Math.abs(rule.offset)}天`
        : `Easter ${rule.offset > 0 ? '+' : '-'} ${Math.abs(rule.offset)} days`;
    case 'lunar': {
      const day = `${rule.leap ? (w === 'zh' ? '闰' : 'leap ') : ''}${rule.month}/${rule.day}`;
      return `${w === 'zh' ? '农历' : 'lunar'} ${day}, ${LUNISOLAR[conventions.lunisolar][w]}`;
    }
    case 'solar-term':
      return `${SOLAR_TERMS[rule.term][w]}, ${LUNISOLAR[conventions.lunisolar][w]}`;
    case 'islamic':
      return `${w === 'zh' ? '伊斯兰历' : 'Hijri'} ${rule.month}/${rule.day}, ${ISLAMIC[conventions.islamic][w]}; ${ANNOUNCED[w]}`;
    case 'diwali':
      return `${HINDU[conventions.hindu][w]}; ${ANNOUNCED[w]}`;
    case 'hebrew':
      return w === 'zh'
        ? `希伯来历 ${rule.month}/${rule.day}`
        : `Hebrew calendar ${rule.month}/${rule.day} (begins the evening before)`;
    default:
      return assertNever(rule);
  }
}

/**
 * The dated entries of `year` for `calendar`, sorted by date: each date, the day its greeting goes and its source.
 * @example calendarYear('CN', 2033, keptFestivals('CN', catalog), 'zh-CN').find((e) => e.id === 'mid-autumn')?.date // '2033-09-08'
 */
export function calendarYear(
  calendar: string,
  year: number,
  entries: readonly DatedEntry[],
  locale: string,
  data: CalendarData = committedCalendars(),
): CalendarEntry[] {
  const conventions = conventionsOf(calendar);
  return entries
    .flatMap((entry) =>
      datesOf(entry.date, year, conventions, data).map((date) => ({
        id: entry.id,
        name: nameIn(entry.names, locale),
        date,
        greetOn: addDays(date, -entry.daysBefore),
        source: describeDateRule(entry.date, conventions, locale),
      })),
    )
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
}
