import { describe, expect, it } from 'vitest';
import { contactConflict, sameName } from '../../../functions/core/customers/contact-conflict';

const wang = { customerId: 'c-wang', name: '王芳', phone: '+8613800138000', email: 'wang.fang@example.com' };

describe('a contact held under another name', () => {
  it('compares names NFKC, trimmed, single-spaced and case-insensitive', () => {
    expect(sameName('Ann  Lee ', 'ann lee')).toBe(true);
    expect(sameName('ＡＮＮ Lee', 'Ann Lee')).toBe(true);
    expect(sameName('王芳', '王 芳')).toBe(false);
    expect(sameName('王芳', '张伟')).toBe(false);
  });

  it('names the customer who holds the phone, then the email, under another name', () => {
    expect(contactConflict({ name: '张伟', phone: '+8613800138000' }, [wang])).toEqual({
      field: 'phone',
      existing: { customerId: 'c-wang', name: '王芳' },
    });
    expect(
      contactConflict({ name: '张伟', phone: '+8613900139000', email: 'Wang.Fang@Example.com' }, [wang]),
    ).toEqual({ field: 'email', existing: { customerId: 'c-wang', name: '王芳' } });
  });

  it('is none for a re-import under the same name, another contact, or nobody on file', () => {
    expect(contactConflict({ name: ' 王芳', phone: '+8613800138000' }, [wang])).toBeUndefined();
    expect(contactConflict({ name: '张伟', phone: '+8613900139000' }, [wang])).toBeUndefined();
    expect(contactConflict({ name: '张伟', phone: '+8613800138000' }, [])).toBeUndefined();
  });
});
