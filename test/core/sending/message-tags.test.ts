import { describe, expect, it } from 'vitest';
import { customerIdFromTag, customerTagValue } from '../../../functions/core/sending/message-tags';

const SES_TAG_VALUE = /^[A-Za-z0-9_-]{1,256}$/;

describe('the customer tag', () => {
  it('keeps a plain id as it is and escapes what SES tag values cannot hold', () => {
    expect(customerTagValue('c-wang')).toBe('c-wang');
    expect(customerTagValue('wang.fang@shop')).toBe('wang_dfang_ashop');
    expect(customerTagValue('crm:42_a')).toBe('crm_c42_ua');
  });

  it('reads back every id it wrote, within SES limits, even the longest and most escaped', () => {
    const ids = ['c-wang', 'C_42', 'a.b:c@d_e-f', '_', '__.', ':'.repeat(128), 'x'.repeat(128), '0'];
    for (const id of ids) {
      const value = customerTagValue(id);
      expect(value).toMatch(SES_TAG_VALUE);
      expect(customerIdFromTag(value)).toBe(id);
    }
  });

  it('reads nothing from a value it did not write', () => {
    expect(customerIdFromTag('')).toBeUndefined();
    expect(customerIdFromTag('ends-in_')).toBeUndefined();
    expect(customerIdFromTag('bad_zescape')).toBeUndefined();
    expect(customerIdFromTag('has space')).toBeUndefined();
    expect(customerIdFromTag('x'.repeat(129))).toBeUndefined();
  });
});
