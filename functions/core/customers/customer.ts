import * as z from 'zod';
import { isTimeZone } from '../calendars/local-time';
import { onFirstUse } from '../validation';
import { toE164 } from './phone';

/** External ids from the backend: URL-safe so they travel in paths and keys unchanged. */
export const customerIdSchema = z.lazy(() =>
  z.string().regex(/^[\w.:@-]{1,128}$/, 'must be 1-128 characters of letters, digits, . _ : @ -'),
);

const monthDay = z.lazy(() =>
  z
    .string()
    .regex(
      /^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
      'must be MM-DD, or YYYY-MM-DD when the year is known',
    ),
);

/**
 * A date of the customer's own beyond birthday and wedding (a policy renewal, a moving-in day):
 * once, or `yearly` from then on (MM-DD when the first year does not matter).
 */
const customDateSchema = z.lazy(() =>
  z
    .strictObject({
      name: z.string().trim().min(1).max(100),
      date: z
        .string()
        .regex(
          /^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
          'must be YYYY-MM-DD, or MM-DD for a yearly date',
        ),
      yearly: z.boolean().default(false),
      /** Its own template (`occasion-…`) and days ahead, instead of the customer-dates rule's. */
      template: z
        .string()
        .regex(/^occasion-[a-z0-9-]+$/, 'must be a template name starting occasion-')
        .optional(),
      daysBefore: z.int().min(0).max(30).optional(),
    })
    .refine((d) => d.yearly || d.date.length === 10, {
      message: 'a date that is not yearly needs its year (YYYY-MM-DD)',
      path: ['date'],
    }),
);
export type CustomDate = z.output<typeof customDateSchema>;

const locale = z.lazy(() =>
  z.string().refine((value) => {
    try {
      return Intl.getCanonicalLocales(value).length === 1;
    } catch {
      return false;
    }
  }, 'must be a BCP 47 language tag such as zh-CN or en'),
);

const timezone = z.lazy(() =>
  z.string().refine(isTimeZone, {
    message: 'must be an IANA time zone such as Asia/Shanghai',
  }),
);

const country = z.lazy(() =>
  z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as CN')
    .transform((value) => value.toUpperCase()),
);

const email = z.lazy(() =>
  z
    .string()
    .trim()
    .pipe(z.email('must be a valid email address'))
    .refine((value) => !/[\r\n]/.test(value), 'must not contain line breaks'),
);

const ownerSchema = z.lazy(() =>
  z.strictObject({
    name: z.string().min(1).max(200),
    email: email.optional(),
    phone: z.string().max(40).optional(),
  }),
);

const consentSchema = z.lazy(() =>
  z.strictObject({
    email: z.boolean().default(true),
    sms: z.boolean().default(true),
  }),
);

/**
 * The customer file as the backend posts it. Every field of a salesperson's
 * customer card (seed 003) has a home; unknown fields are rejected so a typo
 * is never silently dropped.
 */
const customerObject = z.lazy(() =>
  z.strictObject({
    customerId: customerIdSchema.optional(),
    name: z.string().trim().min(1).max(200),
    email: email.optional(),
    phone: z.string().max(40).optional(),
    locale: locale.default('en'),
    timezone: timezone.default('UTC'),
    country: country.optional(),
    city: z.string().max(100).optional(),
    region: z.string().max(100).optional(),
    birthday: monthDay.optional(),
    weddingAnniversary: monthDay.optional(),
    gender: z.enum(['female', 'male', 'other', 'unspecified']).optional(),
    age: z.number().int().min(0).max(150).optional(),
    hobbies: z.array(z.string().max(100)).max(50).optional(),
    personality: z.string().max(500).optional(),
    occupation: z.string().max(200).optional(),
    income: z.string().max(100).optional(),
    family: z.string().max(1000).optional(),
    notes: z.string().max(5000).optional(),
    tags: z.array(z.string().min(1).max(50)).max(50).optional(),
    owner: ownerSchema.optional(),
    referredBy: customerIdSchema.optional(),
    /**
     * Festival calendars kept beyond the country's own: countries (["CN"] for a US customer who keeps
     * Spring Festival) or the catalog's kept calendars (["jewish"]).
     */
    calendars: z
      .array(
        z.union([
          country,
          z.string().regex(/^[a-z]{3,20}$/, 'must be a country code or a calendar such as jewish'),
        ]),
      )
      .max(10)
      .optional(),
    consent: consentSchema.default({ email: true, sms: true }),
    /** The customer's own dates, each greeted by the custom-dates rule. */
    dates: z.array(customDateSchema).max(20).optional(),
  }),
);

/** Every field a customer file can hold: templates see each one, null when unknown. */
export const customerFields = onFirstUse(
  () => Object.keys(customerObject.unwrap().shape) as (keyof z.output<typeof customerObject>)[],
);

export const customerInputSchema = z.lazy(() =>
  customerObject
    .superRefine((value, ctx) => {
      // Phones are stored in E.164 so an inbound SMS can be matched by number.
      for (const [path, raw] of [
        [['phone'], value.phone],
        [['owner', 'phone'], value.owner?.phone],
      ] as const) {
        if (raw !== undefined && toE164(raw, value.country) === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [...path],
            message: value.country
              ? `must be a valid phone number for ${value.country} or in +E.164 form`
              : 'must be a valid phone number in +E.164 form (or set country for national numbers)',
          });
        }
      }
    })
    .transform(({ phone, owner, ...rest }) => ({
      ...rest,
      // Validated above, so the E.164 form exists.
      ...(phone === undefined ? {} : { phone: toE164(phone, rest.country) as string }),
      ...(owner === undefined
        ? {}
        : {
            owner: {
              ...owner,
              ...(owner.phone === undefined ? {} : { phone: toE164(owner.phone, rest.country) as string }),
            },
          }),
    })),
);

export type CustomerInput = z.output<typeof customerInputSchema>;

/** A stored customer profile: the input with its id fixed. */
export type Customer = Omit<CustomerInput, 'customerId'> & { customerId: string };

export type Channel = 'email' | 'sms';

/** Whether the customer can be reached on `channel` at all (address present and consent given). */
export function reachableOn(customer: Customer, channel: Channel): boolean {
  return channel === 'email'
    ? customer.email !== undefined && customer.consent.email
    : customer.phone !== undefined && customer.consent.sms;
}
