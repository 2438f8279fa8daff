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
