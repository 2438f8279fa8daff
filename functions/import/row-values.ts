import { type Cell, cellText } from './sheet';

/** A bad row: its number as the spreadsheet shows it, the column, and what is wrong. */
export interface RowProblem {
  row: number;
  column: string;
  reason: string;
}

/** `1985-03-12`, `1985/3/12`, `1985年3月12日`, `3月12日`, `03-12` or a date cell: MM-DD or YYYY-MM-DD. */
export function monthDayOf(cell: Cell): string | undefined {
  const text = cellText(cell);
  const pad = (n: string) => n.padStart(2, '0');
  const full = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:T.*)?$/.exec(text);
  if (full) return `${full[1]}-${pad(full[2]!)}-${pad(full[3]!)}`;
  const short = /^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (short) return `${pad(short[1]!)}-${pad(short[2]!)}`;
  return undefined;
}

/**
 * A purchase time as an ISO instant. A day without a time becomes noon UTC,
 * which is the same calendar day from UTC-11 to UTC+11, so the purchase
 * anniversary lands on the day the sheet says.
 */
export function instantOf(cell: Cell): string | undefined {
  if (cell instanceof Date) {
    // A date cell without a time of day reads as midnight UTC: the same noon rule as text dates.
    const iso = cell.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.replace('T00:00:00.000Z', 'T12:00:00.000Z') : iso;
  }
  const text = cellText(cell);
  const day =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(
      text,
    );
  if (day) {
    const [, y, m, d, hh, mm, ss] = day;
    const date = new Date(
      Date.UTC(
        Number(y),
        Number(m) - 1,
        Number(d),
        hh ? Number(hh) : 12,
        mm ? Number(mm) : 0,
        ss ? Number(ss) : 0,
      ),
    );
    const sameDay =
      date.getUTCFullYear() === Number(y) &&
      date.getUTCMonth() === Number(m) - 1 &&
      date.getUTCDate() === Number(d);
    return sameDay ? date.toISOString() : undefined;
  }
  if (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) &&
    !Number.isNaN(Date.parse(text))
  ) {
    return new Date(text).toISOString();
  }
  return undefined;
}

/** `¥12,800`, `12800元`, `$1,200.50` or a number cell: the amount; undefined when it is not one. */
export function amountOf(cell: Cell): number | undefined {
  if (typeof cell === 'number') return cell;
  const text = cellText(cell)
    .normalize('NFKC')
    .replace(/^(CNY|RMB|USD|EUR|¥|\$|€|£)\s*/i, '')
    .replace(/\s*(元|块|CNY|RMB|USD|EUR)$/i, '')
    .replace(/,/g, '');
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

/** Tags separated by commas (either width), semicolons, 、 or |. */
export function tagsOf(cell: Cell): string[] {
  return cellText(cell)
    .split(/[,，;；、|]/)
    .map((t) => t.trim())
    .filter(Boolean);
}

const YES = new Set([
  'y',
  'yes',
  'true',
  '1',
  'x',
  '✓',
  '✔',
  '是',
  '同意',
  '已同意',
  '订阅',
  '已订阅',
  '接收',
  'opt-in',
  'opted in',
  'subscribed',
]);
const NO = new Set([
  'n',
  'no',
  'false',
  '0',
  '否',
  '不',
  '不同意',
  '未订阅',
  '退订',
  '拒绝',
  '不接收',
  'opt-out',
  'opted out',
  'unsubscribed',
]);

/** A yes/no cell (是/否, yes/no, ✓, 1/0…): undefined when empty, 'invalid' when it is neither. */
export function yesNoOf(cell: Cell): boolean | undefined | 'invalid' {
  const text = cellText(cell).normalize('NFKC').trim().toLowerCase();
  if (text === '') return undefined;
  if (YES.has(text)) return true;
  if (NO.has(text)) return false;
  return 'invalid';
}

const CHANNEL_WORDS: Record<string, 'email' | 'sms' | 'all' | 'none'> = {
  email: 'email',
  'e-mail': 'email',
  邮件: 'email',
  邮箱: 'email',
  sms: 'sms',
  短信: 'sms',
  text: 'sms',
  all: 'all',
  全部: 'all',
  none: 'none',
  无: 'none',
};

/** A consent cell: a yes/no for every channel, or the channels named (`email, sms`, `邮件、短信`). */
export function consentOf(cell: Cell): { email: boolean; sms: boolean } | undefined | 'invalid' {
  const yesNo = yesNoOf(cell);
  if (yesNo === undefined) return undefined;
  if (yesNo !== 'invalid') return { email: yesNo, sms: yesNo };
  const words = tagsOf(cell)
    .flatMap((w) => w.split(/\s+/))
    .map((w) => CHANNEL_WORDS[w.toLowerCase()]);
  if (words.length === 0 || words.some((w) => w === undefined)) return 'invalid';
  if (words.includes('none')) return words.length === 1 ? { email: false, sms: false } : 'invalid';
  const all = words.includes('all');
  return { email: all || words.includes('email'), sms: all || words.includes('sms') };
}
