import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mapColumns } from '../../functions/import/column-mapping';
import { shortDigest } from '../../functions/import/digest';
import { NO_CONSENT } from '../../functions/import/options';
import { deriveCustomerId, validateRows } from '../../functions/import/row-validation';
import { readSheetRows } from '../../functions/import/sheet';

// What node:crypto's createHash gave before the import code moved to Web Crypto.
const nodeDigest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

const SHEET = [
  '时间,姓名,联系电话,购买品种,价格,备注',
  '2026-03-05,王芳,138 0013 8000,胡桃木餐椅,"¥12,800",老客户介绍',
].join('\n');

describe('ids the import derives', () => {
  it('are the ids the earlier Node-only import gave: re-runs hit the same customers and deals', async () => {
    expect(await deriveCustomerId('+8613800138000', undefined)).toBe('c-b68a552c45280d66072b44a8');
    expect(await deriveCustomerId('138 0013 8000', undefined, 'CN')).toBe('c-b68a552c45280d66072b44a8');
    expect(await deriveCustomerId(undefined, ' Maria.Rossi@Example.com ')).toBe('c-336961cc7c5393c1db0658cc');
    expect(await deriveCustomerId('not a phone', 'no email')).toBeUndefined();
  });

  it('hash like node:crypto for any text, Chinese included', async () => {
    for (const text of ['', 'phone:+14155550100', '王芳 胡桃木餐椅 ¥12,800', 'x'.repeat(1000)]) {
      expect(await shortDigest(text)).toBe(nodeDigest(text));
    }
  });

  it('give a deal the id of what was bought (customer, date, item, price, quantity), whatever its remarks say', async () => {
    const rows = await readSheetRows('seed.csv', new TextEncoder().encode(SHEET));
    const mapping = mapColumns(rows, {});
    const options = {
      kind: 'deals' as const,
      idColumn: undefined,
      defaults: { country: 'CN' },
      consent: NO_CONSENT,
    };
    const result = await validateRows(rows, mapping, options);
    expect(result.problems).toEqual([]);
    const customerId = 'c-b68a552c45280d66072b44a8';
    const content = [customerId, '2026-03-05T12:00:00.000Z', '胡桃木餐椅', 12800, ''];
    expect(result.records.map((r) => r.body.dealId)).toEqual([`d-${nodeDigest(JSON.stringify(content))}`]);
    const remarked = await readSheetRows(
      'seed.csv',
      new TextEncoder().encode(SHEET.replace('老客户介绍', '老客户介绍，已回访')),
    );
    const again = await validateRows(remarked, mapColumns(remarked, {}), options);
    expect(again.records.map((r) => r.body.dealId)).toEqual(result.records.map((r) => r.body.dealId));
    expect(result.records[0]!.body).toMatchObject({ customerId, amount: 12800, stage: 'completed' });
  });
});
