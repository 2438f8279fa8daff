import { describe, expect, it } from 'vitest';
import {
  type Customer,
  customerIdSchema,
  customerInputSchema,
  reachableOn,
} from '../../../functions/core/customers/customer';
import { ValidationError } from '../../../functions/core/errors';
import { parseOrThrow } from '../../../functions/core/validation';

const parseCustomer = (input: unknown) => parseOrThrow(customerInputSchema, input, 'customer');

/** The error `parseCustomer(input)` throws; fails the test when it does not throw. */
function rejection(input: unknown): ValidationError {
  try {
    parseCustomer(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected the customer to be rejected');
}

// Every field of the seed-003 customer card: 姓名、性别、爱好、性格、年龄、生日、家庭情况、职业、收入情况、联系电话.
const seed003Customer = {
  customerId: 'crm-1001',
  name: '王芳',
  gender: 'female',
  hobbies: ['羽毛球', '摄影'],
  personality: '爽快,注重细节',
  age: 38,
  birthday: '1989-05-20',
  family: '已婚,一个女儿(8岁)',
  occupation: '外贸公司采购经理',
  income: '年收入 30-50 万',
  phone: '138 0013 8000',
  country: 'cn',
  email: '  wang.fang@example.cn ',
  locale: 'zh-CN',
  timezone: 'Asia/Shanghai',
  city: '宁波',
  region: '浙江',
  weddingAnniversary: '10-01',
  notes: '喜欢在上午联系',
  tags: ['vip', 'ningbo'],
  owner: { name: '李明', email: 'li.ming@example.com', phone: '139 0000 1234' },
  referredBy: 'crm-0007',
  consent: { email: true, sms: false },
};

describe('customerInputSchema', () => {
  it('parses a full seed-003 customer card and normalises it', () => {
    const customer = parseCustomer(seed003Customer);
    expect(customer).toEqual({
      customerId: 'crm-1001',
      name: '王芳',
      gender: 'female',
      hobbies: ['羽毛球', '摄影'],
      personality: '爽快,注重细节',
      age: 38,
      birthday: '1989-05-20',
      family: '已婚,一个女儿(8岁)',
      occupation: '外贸公司采购经理',
      income: '年收入 30-50 万',
      phone: '+8613800138000',
      country: 'CN',
      email: 'wang.fang@example.cn',
      locale: 'zh-CN',
      timezone: 'Asia/Shanghai',
      city: '宁波',
      region: '浙江',
      weddingAnniversary: '10-01',
      notes: '喜欢在上午联系',
      tags: ['vip', 'ningbo'],
      owner: { name: '李明', email: 'li.ming@example.com', phone: '+8613900001234' },
      referredBy: 'crm-0007',
      consent: { email: true, sms: false },
    });
  });

  it('applies defaults: locale en, timezone UTC, consent on both channels', () => {
    const customer = parseCustomer({ name: 'Ann Lee' });
    expect(customer.locale).toBe('en');
    expect(customer.timezone).toBe('UTC');
    expect(customer.consent).toEqual({ email: true, sms: true });
    expect(customer.phone).toBeUndefined();
    expect(customer.owner).toBeUndefined();
    expect(customer.customerId).toBeUndefined();
  });

  it('fills a partial consent object with defaults', () => {
    expect(parseCustomer({ name: 'Ann', consent: { sms: false } }).consent).toEqual({
      email: true,
      sms: false,
    });
  });

  it('trims the name and rejects a blank one', () => {
    expect(parseCustomer({ name: '  Ann Lee  ' }).name).toBe('Ann Lee');
    const error = rejection({ name: '   ' });
    expect(error.issues.map((i) => i.path)).toEqual(['name']);
  });

  describe('phone normalisation to E.164', () => {
    it('reads a national CN number with country CN', () => {
      expect(parseCustomer({ name: 'a', phone: '13800138000', country: 'CN' }).phone).toBe('+8613800138000');
      expect(parseCustomer({ name: 'a', phone: '138-0013-8000', country: 'CN' }).phone).toBe(
        '+8613800138000',
      );
    });

    it('reads +86 with spaces without a country', () => {
      expect(parseCustomer({ name: 'a', phone: '+86 138 0013 8000' }).phone).toBe('+8613800138000');
    });

    it('keeps an international number even when the country differs', () => {
      expect(parseCustomer({ name: 'a', phone: '+1 212 555 0100', country: 'CN' }).phone).toBe(
        '+12125550100',
      );
    });

    it('reads a national US number with country US', () => {
      expect(parseCustomer({ name: 'a', phone: '(212) 555-0100', country: 'us' }).phone).toBe('+12125550100');
    });

    it("normalises the owner's phone with the customer's country", () => {
      const customer = parseCustomer({
        name: 'a',
        country: 'CN',
        owner: { name: '李明', phone: '139 0000 1234' },
      });
      expect(customer.owner).toEqual({ name: '李明', phone: '+8613900001234' });
    });

    it('rejects a national number without a country, naming the field phone', () => {
      const error = rejection({ name: 'a', phone: '138 0013 8000' });
      expect(error.issues).toEqual([
        {
          path: 'phone',
          message: 'must be a valid phone number in +E.164 form (or set country for national numbers)',
        },
      ]);
      expect(error.message).toBe(
        'invalid customer: phone: must be a valid phone number in +E.164 form (or set country for national numbers)',
      );
    });

    it('rejects an invalid number for the given country', () => {
      const error = rejection({ name: 'a', phone: '12345', country: 'CN' });
      expect(error.issues).toEqual([
        { path: 'phone', message: 'must be a valid phone number for CN or in +E.164 form' },
      ]);
      expect(error.message).toContain('phone');
    });

    it('rejects a bad owner phone under owner.phone', () => {
      const error = rejection({ name: 'a', owner: { name: 'b', phone: 'call me' } });
      expect(error.issues.map((i) => i.path)).toEqual(['owner.phone']);
      expect(error.message).toContain('owner.phone');
    });
  });

  it('rejects a bad email, naming the field', () => {
    const error = rejection({ name: 'a', email: 'not-an-email' });
    expect(error.issues).toEqual([{ path: 'email', message: 'must be a valid email address' }]);
    expect(error.message).toBe('invalid customer: email: must be a valid email address');
  });

  it('rejects an email with a line break (header injection)', () => {
    const error = rejection({ name: 'a', email: 'a@example.com\nBcc: victim@example.com' });
    expect(error.issues[0]?.path).toBe('email');
  });

  it('rejects an unknown time zone, naming the field timezone', () => {
    const error = rejection({ name: 'a', timezone: 'Mars/Olympus_Mons' });
    expect(error.issues).toEqual([
      { path: 'timezone', message: 'must be an IANA time zone such as Asia/Shanghai' },
    ]);
    expect(error.message).toContain('timezone');
  });

  it('rejects an unknown field with its name', () => {
    const error = rejection({ name: 'a', nickname: 'Annie' });
    expect(error.issues).toEqual([{ path: 'nickname', message: 'unknown field nickname' }]);
    expect(error.message).toBe('invalid customer: unknown field nickname');
  });

  it('rejects several unknown fields, and unknown fields of the owner with their path', () => {
    expect(rejection({ name: 'a', nickname: 'x', hobby: 'y' }).message).toBe(
      'invalid customer: unknown fields nickname, hobby',
    );
    const nested = rejection({ name: 'a', owner: { name: 'b', mobile: '1' } });
    expect(nested.issues).toEqual([{ path: 'owner.mobile', message: 'unknown field owner.mobile' }]);
  });

  it.each(['13-01', '00-10', '02-32', '1989-13-01', '5-20', '0520', '1989/05/20'])(
    'rejects the birthday %s',
    (birthday) => {
      const error = rejection({ name: 'a', birthday });
      expect(error.issues).toEqual([
        { path: 'birthday', message: 'must be MM-DD, or YYYY-MM-DD when the year is known' },
      ]);
    },
  );

  it.each(['01-13', '12-31', '02-29', '1989-05-20'])('accepts the birthday %s', (birthday) => {
    expect(parseCustomer({ name: 'a', birthday }).birthday).toBe(birthday);
  });

  it.each(['en_US', 'not a locale', '123', ''])('rejects the locale %j', (locale) => {
    const error = rejection({ name: 'a', locale });
    expect(error.issues).toEqual([
      { path: 'locale', message: 'must be a BCP 47 language tag such as zh-CN or en' },
    ]);
  });

  it.each(['en', 'zh-CN', 'zh-Hant-TW', 'pt-BR'])('accepts the locale %s', (locale) => {
    expect(parseCustomer({ name: 'a', locale }).locale).toBe(locale);
  });

  it('rejects a bad country code, gender and age', () => {
    const error = rejection({ name: 'a', country: 'CHN', gender: 'f', age: 12.5 });
    expect(error.issues.map((i) => i.path).sort()).toEqual(['age', 'country', 'gender']);
  });

  it('reports every bad field at once', () => {
    const error = rejection({ name: 'a', email: 'x', timezone: 'Nowhere/City', birthday: '13-01' });
    expect(error.issues.map((i) => i.path)).toEqual(['email', 'timezone', 'birthday']);
  });

  it('accepts only URL-safe customer ids', () => {
    expect(customerIdSchema.safeParse('crm:1001@eu.a_b-c').success).toBe(true);
    expect(customerIdSchema.safeParse('a/b').success).toBe(false);
    expect(customerIdSchema.safeParse('').success).toBe(false);
    expect(customerIdSchema.safeParse('x'.repeat(128)).success).toBe(true);
    expect(customerIdSchema.safeParse('x'.repeat(129)).success).toBe(false);
    expect(rejection({ name: 'a', customerId: 'has space' }).issues[0]?.path).toBe('customerId');
  });
});

describe('reachableOn', () => {
  const base = (input: Record<string, unknown>): Customer => ({
    ...parseCustomer({ name: 'a', ...input }),
    customerId: 'c-1',
  });

  it('needs an address and consent for email', () => {
    expect(reachableOn(base({ email: 'a@example.com' }), 'email')).toBe(true);
    expect(reachableOn(base({}), 'email')).toBe(false);
    expect(reachableOn(base({ email: 'a@example.com', consent: { email: false } }), 'email')).toBe(false);
  });

  it('needs a phone and consent for sms', () => {
    expect(reachableOn(base({ phone: '+8613800138000' }), 'sms')).toBe(true);
    expect(reachableOn(base({ email: 'a@example.com' }), 'sms')).toBe(false);
    expect(reachableOn(base({ phone: '+8613800138000', consent: { sms: false } }), 'sms')).toBe(false);
    expect(reachableOn(base({ phone: '+8613800138000', consent: { sms: false } }), 'email')).toBe(false);
  });
});
