import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../functions/cli/api-client';
import { parseImportArgs, UsageError } from '../../functions/cli/args';
import { createProgress } from '../../functions/cli/progress';
import { mapColumns, normaliseHeader } from '../../functions/import/column-mapping';
import { amountOf, instantOf, monthDayOf, tagsOf } from '../../functions/import/row-values';

const rows = (...lines: string[][]) => lines.map((cells, i) => ({ rowNumber: i + 1, cells }));

describe('reading spreadsheet cells', () => {
  it('birthdays in the ways people write them', () => {
    expect(monthDayOf('1987-06-18')).toBe('1987-06-18');
    expect(monthDayOf('1987/6/8')).toBe('1987-06-08');
    expect(monthDayOf('1987年6月8日')).toBe('1987-06-08');
    expect(monthDayOf('6月8日')).toBe('06-08');
    expect(monthDayOf('06-08')).toBe('06-08');
    expect(monthDayOf(new Date('1980-11-30T00:00:00Z'))).toBe('1980-11-30');
    expect(monthDayOf('next spring')).toBeUndefined();
  });

  it('purchase days at noon UTC, times kept, impossible days refused', () => {
    expect(instantOf('2026-03-05')).toBe('2026-03-05T12:00:00.000Z');
    expect(instantOf('2026年3月5日')).toBe('2026-03-05T12:00:00.000Z');
    expect(instantOf('2026/3/5 09:30')).toBe('2026-03-05T09:30:00.000Z');
    expect(instantOf('2026-03-05T09:30:00+08:00')).toBe('2026-03-05T01:30:00.000Z');
    expect(instantOf(new Date('2026-02-14T00:00:00Z'))).toBe('2026-02-14T12:00:00.000Z');
    expect(instantOf('2026-02-30')).toBeUndefined();
    expect(instantOf('last week')).toBeUndefined();
  });

  it('prices with currency signs, units and thousands separators', () => {
    expect(amountOf('¥12,800')).toBe(12800);
    expect(amountOf('￥12,800')).toBe(12800);
    expect(amountOf('3600元')).toBe(3600);
    expect(amountOf('$1,200.50')).toBe(1200.5);
    expect(amountOf(1999.5)).toBe(1999.5);
    expect(amountOf('about 3k')).toBeUndefined();
    expect(tagsOf('VIP，老客户、回头客; x')).toEqual(['VIP', '老客户', '回头客', 'x']);
  });
});

describe('column mapping', () => {
  it('knows Chinese and English headers whatever their width, case and punctuation', () => {
    expect(normaliseHeader('Contact  Phone：')).toBe('contact phone');
    const mapping = mapColumns(
      rows(['客户档案', '', ''], ['姓名', 'ＥＭＡＩＬ', 'Purchase Variety', '微信']),
      {},
    );
    expect(mapping.headerRow).toBe(2);
    expect(mapping.fields).toEqual(['name', 'email', 'item', undefined]);
    expect(mapping.ignored).toEqual(['微信']);
  });

  it('--map wins over the built-in names, and names only headers and fields that exist', () => {
    const sheet = rows(['姓名', '微信', '电话']);
    expect(mapColumns(sheet, { 微信: 'notes', 电话: 'ignore' }).fields).toEqual(['name', 'notes', undefined]);
    expect(() => mapColumns(sheet, { 微信: 'wechat' })).toThrow('no field "wechat"');
    expect(() => mapColumns(sheet, { QQ: 'notes' })).toThrow('--map names a column "QQ"');
  });
});

describe('the command line', () => {
  it('parses the options and the environment', () => {
    const options = parseImportArgs(
      ['import', 'deals', 'old.xlsx', '--map', '电话=phone，手机=ignore', '--country', 'CN'],
      {
        NURTURE_WEBHOOK_SECRET: 'whsec_abc',
      },
    );
    expect(options).toMatchObject({
      kind: 'deals',
      file: 'old.xlsx',
      url: 'http://localhost:8787',
      webhookSecret: 'whsec_abc',
      map: { 电话: 'phone', 手机: 'ignore' },
      defaults: { country: 'CN' },
      batchSize: 500,
      concurrency: 2,
      dryRun: false,
    });
  });

  it('refuses what it cannot run, saying why', () => {
    expect(() => parseImportArgs(['import', 'orders', 'a.csv'], {})).toThrow(UsageError);
    expect(() => parseImportArgs(['import', 'customers', 'a.txt'], {})).toThrow('only .csv and .xlsx');
    expect(() => parseImportArgs(['import', 'customers', 'a.csv', '--batch-size', '501'], {})).toThrow(
      '1 to 500',
    );
    expect(() => parseImportArgs(['import', 'customers', 'a.csv', '--map', 'oops'], {})).toThrow(
      'not header=field',
    );
  });
});

describe('progress and retries', () => {
  it('prints plain lines with rate and ETA when not on a terminal', () => {
    let text = '';
    let clock = 0;
    const progress = createProgress({ write: (t: string) => (text += t) }, 'customers', () => clock);
    progress.start(1000, 0);
    clock = 2000;
    progress.advance(500);
    clock = 4000;
    progress.advance(500);
    expect(text).toBe(
      '500/1000 customers (250 customers/s, ETA 2s)\n1000/1000 customers (250 customers/s, ETA 0s)\n',
    );
  });

  it('gives up after the retries on a network error, backing off between attempts', async () => {
    const delays: number[] = [];
    const client = new ApiClient({
      url: 'http://127.0.0.1:9',
      apiKey: 'k',
      retries: 3,
      baseDelayMs: 100,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    await expect(client.postCustomers([{ customerId: 'c-1', name: 'A' }])).rejects.toThrow(
      '/v1/customers/batch: gave up after 4 attempts',
    );
    expect(delays).toHaveLength(3);
    for (const [attempt, delay] of delays.entries()) expect(delay).toBeLessThanOrEqual(100 * 2 ** attempt);
  });
});
