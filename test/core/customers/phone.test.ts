import { describe, expect, it } from 'vitest';
import { toE164 } from '../../../functions/core/customers/phone';

describe('toE164', () => {
  it.each([
    ['138 0013 8000', 'CN', '+8613800138000'],
    ['13800138000', 'cn', '+8613800138000'],
    ['+86 138 0013 8000', undefined, '+8613800138000'],
    ['+86-138-0013-8000', 'US', '+8613800138000'],
    ['(212) 555-0100', 'US', '+12125550100'],
    ['+1 212 555 0100', undefined, '+12125550100'],
    ['020 7946 0958', 'GB', '+442079460958'],
  ] as const)('%s (%s) -> %s', (raw, country, expected) => {
    expect(toE164(raw, country)).toBe(expected);
  });

  it.each([
    ['138 0013 8000', undefined],
    ['12345', 'CN'],
    ['not a number', 'CN'],
    ['', 'CN'],
    ['138 0013 8000', 'ZZ'],
  ] as const)('rejects %j (%s)', (raw, country) => {
    expect(toE164(raw, country)).toBeUndefined();
  });
});
