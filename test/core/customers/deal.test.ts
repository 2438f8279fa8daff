import { describe, expect, it } from 'vitest';
import { dealSchema, dealStages, dealValue } from '../../../functions/core/customers/deal';
import { ValidationError } from '../../../functions/core/errors';
import { parseOrThrow } from '../../../functions/core/validation';

const parseDeal = (input: unknown) => parseOrThrow(dealSchema, input, 'deal');

function rejection(input: unknown): ValidationError {
  try {
    parseDeal(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected the deal to be rejected');
}

describe('dealSchema', () => {
  it('parses a seed-003 deal file (what, size, colour, usage, price)', () => {
    const deal = parseDeal({
      dealId: 'order-77',
      customerId: 'crm-1001',
      stage: 'in_production',
      items: [
        {
          name: 'Sofa',
          variant: 'three-seater',
          size: '2.1m',
          color: 'grey',
          usage: 'living room',
          unitPrice: 4200,
        },
        { name: 'Cushion', quantity: 4, unitPrice: 85.5 },
      ],
      currency: 'cny',
      expectedAt: '2027-03-01',
      occurredAt: '2027-02-06T10:00:00+08:00',
      notes: 'deliver before Spring Festival',
    });
    expect(deal).toEqual({
      dealId: 'order-77',
      customerId: 'crm-1001',
      stage: 'in_production',
      items: [
        {
          name: 'Sofa',
          variant: 'three-seater',
          size: '2.1m',
          color: 'grey',
          usage: 'living room',
          quantity: 1,
          unitPrice: 4200,
        },
        { name: 'Cushion', quantity: 4, unitPrice: 85.5 },
      ],
      currency: 'CNY',
      expectedAt: '2027-03-01',
      occurredAt: '2027-02-06T10:00:00+08:00',
      notes: 'deliver before Spring Festival',
    });
  });

  it('defaults items to an empty list', () => {
    expect(parseDeal({ dealId: 'd1', customerId: 'c1', stage: 'ordered' }).items).toEqual([]);
  });

  it('upper-cases the currency and rejects a non-ISO one', () => {
    expect(parseDeal({ dealId: 'd1', customerId: 'c1', stage: 'ordered', currency: 'usd' }).currency).toBe(
      'USD',
    );
    expect(parseDeal({ dealId: 'd1', customerId: 'c1', stage: 'ordered', currency: 'eUr' }).currency).toBe(
      'EUR',
    );
    expect(rejection({ dealId: 'd1', customerId: 'c1', stage: 'ordered', currency: 'US$' }).issues).toEqual([
      { path: 'currency', message: 'must be an ISO 4217 code such as CNY' },
    ]);
  });

  it('accepts every documented stage', () => {
    expect(dealStages).toEqual(['ordered', 'in_production', 'shipped', 'completed', 'cancelled']);
    for (const stage of dealStages) {
      expect(parseDeal({ dealId: 'd1', customerId: 'c1', stage }).stage).toBe(stage);
    }
  });

  it('rejects a bad stage, naming the field', () => {
    const error = rejection({ dealId: 'd1', customerId: 'c1', stage: 'delivered' });
    expect(error.issues.map((i) => i.path)).toEqual(['stage']);
    expect(error.message).toMatch(/^invalid deal: stage: /);
  });

  it('rejects an unknown field, also inside an item', () => {
    expect(rejection({ dealId: 'd1', customerId: 'c1', stage: 'ordered', price: 5 }).message).toBe(
      'invalid deal: unknown field price',
    );
    const nested = rejection({
      dealId: 'd1',
      customerId: 'c1',
      stage: 'ordered',
      items: [{ name: 'x', colour: 'red' }],
    });
    expect(nested.issues).toEqual([{ path: 'items.0.colour', message: 'unknown field items.0.colour' }]);
  });

  it('rejects bad ids, dates, amounts and quantities', () => {
    const error = rejection({
      dealId: 'a b',
      customerId: 'c/1',
      stage: 'ordered',
      amount: -1,
      expectedAt: 'next week',
      occurredAt: '2027-02-06',
      items: [{ name: 'x', quantity: 0 }],
    });
    expect(error.issues.map((i) => i.path).sort()).toEqual([
      'amount',
      'customerId',
      'dealId',
      'expectedAt',
      'items.0.quantity',
      'occurredAt',
    ]);
    expect(error.issues.find((i) => i.path === 'expectedAt')?.message).toBe(
      'must be an ISO 8601 date or date-time',
    );
  });

  it('accepts an instant as expectedAt', () => {
    expect(
      parseDeal({ dealId: 'd1', customerId: 'c1', stage: 'shipped', expectedAt: '2027-03-01T09:00:00Z' })
        .expectedAt,
    ).toBe('2027-03-01T09:00:00Z');
  });
});

describe('dealValue', () => {
  const items = [
    { name: 'Sofa', quantity: 1, unitPrice: 4200 },
    { name: 'Cushion', quantity: 4, unitPrice: 85.5 },
    { name: 'Free sample', quantity: 3 },
  ];

  it('sums the items when no amount is given', () => {
    expect(dealValue({ items })).toBe(4542);
  });

  it('prefers the amount over the items', () => {
    expect(dealValue({ amount: 4000, items })).toBe(4000);
  });

  it('treats an amount of zero as the value (not as missing)', () => {
    expect(dealValue({ amount: 0, items })).toBe(0);
  });

  it('is zero for a deal with neither', () => {
    expect(dealValue({ items: [] })).toBe(0);
  });

  it('works on a parsed deal with defaulted quantities', () => {
    const deal = parseDeal({
      dealId: 'd1',
      customerId: 'c1',
      stage: 'completed',
      items: [
        { name: 'Lamp', unitPrice: 120 },
        { name: 'Bulb', quantity: 2, unitPrice: 10 },
      ],
    });
    expect(dealValue(deal)).toBe(140);
  });
});
