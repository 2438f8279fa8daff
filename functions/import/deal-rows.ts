import { type ColumnMapping, headerOf, type ImportField } from './column-mapping';
import { shortDigest } from './digest';
import type { ValidationOptions } from './options';
import { amountOf, instantOf, type RowProblem } from './row-values';
import { type Cell, cellText } from './sheet';

/**
 * A row's purchase as a completed deal of `customerId`; problems with the
 * price, date or a missing purchase are added to `problems`. The deal id
 * comes from the row's content, so the same row is the same deal on every run.
 */
export async function dealBody(
  values: Map<ImportField, Cell>,
  customerId: string,
  mapping: ColumnMapping,
  options: ValidationOptions,
  problems: RowProblem[],
  row: number,
) {
  const item = values.get('item');
  const price = values.get('price');
  const date = values.get('date');
  const amount = price === undefined ? undefined : amountOf(price);
  if (price !== undefined && amount === undefined)
    problems.push({
      row,
      column: headerOf(mapping, 'price'),
      reason: 'must be an amount such as 12800 or ¥12,800',
    });
  const occurredAt = date === undefined ? undefined : instantOf(date);
  if (date !== undefined && occurredAt === undefined)
    problems.push({
      row,
      column: headerOf(mapping, 'date'),
      reason: 'must be a date such as 2026-03-05 or 2026年3月5日',
    });
  if (item === undefined && price === undefined)
    problems.push({
      row,
      column: headerOf(mapping, 'item'),
      reason: 'no purchase: give the item or the price',
    });
  const quantity = values.get('quantity');
  const currency = values.get('currency');
  const notes = values.get('notes');
  // What the purchase is, not what was remarked about it: a typo fixed in 备注 and the sheet
  // imported again must update nothing, not file a second deal and double the customer's value.
  const content = [
    customerId,
    occurredAt ?? cellText(date ?? ''),
    cellText(item ?? ''),
    amount ?? '',
    cellText(quantity ?? ''),
  ];
  return {
    // Of the form IMPORTED_DEAL_ID (core/customers/deal.ts): internal, so no template shows it.
    dealId: `d-${await shortDigest(JSON.stringify(content))}`,
    customerId,
    stage: 'completed',
    items:
      item === undefined
        ? []
        : [
            {
              name: cellText(item),
              ...(quantity !== undefined ? { quantity: Number(cellText(quantity)) } : {}),
            },
          ],
    ...(amount !== undefined ? { amount } : {}),
    ...((currency ?? options.defaults.currency) !== undefined
      ? { currency: cellText(currency ?? options.defaults.currency ?? '') }
      : {}),
    ...(occurredAt !== undefined ? { occurredAt } : {}),
    ...(notes !== undefined ? { notes: cellText(notes) } : {}),
  };
}
