import * as z from 'zod';
import { dateRuleSchema } from '../calendars/date-rules';
import { namesSchema } from '../calendars/festivals';
import { localTimePattern } from '../calendars/local-time';
import type { Tier } from '../customers/tier';
import { onFirstUse } from '../validation';

const tiers = ['A', 'B', 'C'] as const;
const time = z.lazy(() => z.string().regex(localTimePattern, 'must be HH:mm'));
const template = z.lazy(() =>
  z.string().regex(/^[a-z0-9-]+$/, 'must be a template name such as monthly-letter'),
);

/** How a rule reaches the customer: one channel, or email with SMS when there is no email. */
export const channelPolicySchema = z.lazy(() => z.enum(['email', 'sms', 'email-then-sms']));
export type ChannelPolicy = z.output<typeof channelPolicySchema>;

/** A template for an occasion: `occasion-…`, so it is given the `occasion` variables. */
export const occasionTemplate = z.lazy(() =>
  z
    .string()
    .regex(/^occasion-[a-z0-9-]+$/, 'must be a template name starting occasion-, such as occasion-business'),
);
const leadDays = z.lazy(() => z.int().min(0).max(30));

/**
 * A date the business keeps with all its customers (or those of some countries):
 * its anniversary, a shopping festival (618, 双11) as a campaign moment.
 */
export const businessOccasionSchema = z.lazy(() =>
  z.strictObject({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a kebab-case id such as store-anniversary'),
    names: namesSchema,
    date: dateRuleSchema,
    template: occasionTemplate,
    /** Days ahead of the date to send. */
    daysBefore: leadDays.default(0),
    /** Only customers of these countries (or keeping these calendars); everyone when absent. */
    countries: z
      .array(
        z
          .string()
          .regex(
            /^([A-Z]{2}|[a-z]{3,20})$/,
            'must be a country code such as CN or a calendar such as jewish',
          ),
      )
      .min(1)
      .max(60)
      .optional(),
  }),
);
export type BusinessOccasion = z.output<typeof businessOccasionSchema>;

/** Fields several schemas share: built with the first of them, once. */
const common = onFirstUse(() => ({
  enabled: z.boolean().default(true),
  channels: channelPolicySchema.default('email-then-sms'),
  /** Preferred local send time; the window still bounds it. */
  sendAt: time.default('10:00'),
  /** Sends due on the same day are spread over this many minutes after `sendAt`, per customer. */
  spreadMinutes: z
    .number()
    .int()
    .min(0)
    .max(12 * 60)
    .default(120),
  /** The tiers the rule applies to. */
  tiers: z
    .array(z.enum(tiers))
    .min(1)
    .default([...tiers]),
  /** How many days a capped message may move before it is dropped. */
  maxDelayDays: z.number().int().min(0).max(60).default(7),
}));

export const cadenceRuleSchema = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('monthly-letter'),
      ...common(),
      template,
      /** Days of the month per tier: key accounts half-monthly, small ones monthly ("not too clingy"). */
      daysOfMonth: z.strictObject({
        A: z.array(z.number().int().min(1).max(28)).min(1),
        B: z.array(z.number().int().min(1).max(28)).min(1),
        C: z.array(z.number().int().min(1).max(28)).min(1),
      }),
    }),
    z.strictObject({ kind: z.literal('festival'), ...common() }),
    z.strictObject({
      kind: z.literal('occasions'),
      ...common(),
      occasions: z
        .array(businessOccasionSchema)
        .max(100)
        .superRefine((list, ctx) => {
          list.forEach((o, i) => {
            if (list.findIndex((x) => x.id === o.id) !== i) {
              ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `${o.id} is used twice` });
            }
          });
        }),
    }),
    /** The dates on each customer's file (`dates`), each with this template and lead unless the date names its own. */
    z.strictObject({
      kind: z.literal('custom-dates'),
      ...common(),
      template: occasionTemplate,
      daysBefore: leadDays.default(0),
    }),
    z.strictObject({
      kind: z.literal('birthday'),
      ...common(),
      template,
      daysBefore: z.number().int().min(0).max(14).default(0),
    }),
    z.strictObject({ kind: z.literal('wedding-anniversary'), ...common(), template }),
    z.strictObject({ kind: z.literal('purchase-anniversary'), ...common(), template }),
    z.strictObject({
      kind: z.literal('no-touch'),
      ...common(),
      template,
      /** Fires when the customer has had no message and sent no reply for this many days. */
      afterDays: z.number().int().min(7).max(730),
    }),
    z.strictObject({
      kind: z.literal('order-progress'),
      ...common(),
      /** A stage reported more than this many hours after it happened is history: no notice. */
      noticeWindowHours: z
        .number()
        .int()
        .min(1)
        .max(30 * 24)
        .default(48),
      stages: z.strictObject({
        ordered: template.optional(),
        in_production: template.optional(),
        shipped: template.optional(),
        completed: template.optional(),
        cancelled: template.optional(),
      }),
    }),
    z.strictObject({
      kind: z.literal('satisfaction-survey'),
      ...common(),
      template,
      afterDays: z.number().int().min(0).max(90),
    }),
    z.strictObject({
      kind: z.literal('referral-ask'),
      ...common(),
      template,
      afterDays: z.number().int().min(0).max(60),
    }),
    z.strictObject({ kind: z.literal('referral-thanks'), ...common(), template }),
  ]),
);

export type CadenceRule = z.output<typeof cadenceRuleSchema> & { id: string };
export type CadenceKind = CadenceRule['kind'];

/**
 * What each kind of rule is: whether it is owed to the customer (transactional:
 * no caps, no unsubscribe link), and where its occasions come from, the calendar
 * (the next date only) or events on the customer's file (every pending notice).
 * A Record over the kinds: a new kind does not compile until it is described here.
 */
const kindTraits: Record<CadenceKind, { transactional: boolean; occasions: 'calendar' | 'event' }> = {
  'monthly-letter': { transactional: false, occasions: 'calendar' },
  festival: { transactional: false, occasions: 'calendar' },
  occasions: { transactional: false, occasions: 'calendar' },
  'custom-dates': { transactional: false, occasions: 'calendar' },
  birthday: { transactional: false, occasions: 'calendar' },
  'wedding-anniversary': { transactional: false, occasions: 'calendar' },
  'purchase-anniversary': { transactional: false, occasions: 'calendar' },
  'no-touch': { transactional: false, occasions: 'calendar' },
  'order-progress': { transactional: true, occasions: 'event' },
  'satisfaction-survey': { transactional: false, occasions: 'event' },
  'referral-ask': { transactional: false, occasions: 'event' },
  'referral-thanks': { transactional: false, occasions: 'event' },
};

/** Transactional rules are owed to the customer: no caps, no unsubscribe link. The chase is marketing. */
export function isTransactional(kind: CadenceKind | 'chase'): boolean {
  return kind !== 'chase' && kindTraits[kind].transactional;
}

/** Where a rule's occasions come from: the calendar or events on the customer's file. */
export function occasionSourceOf(kind: CadenceKind): 'calendar' | 'event' {
  return kindTraits[kind].occasions;
}

export const capsSchema = z.lazy(() =>
  z.strictObject({
    /** The local daytime window every marketing send lands in. */
    window: z
      .strictObject({ start: time, end: time })
      .refine((w) => w.start < w.end, 'start must be before end'),
    tiers: z.strictObject(
      Object.fromEntries(
        tiers.map((tier) => [
          tier,
          z.strictObject({
            per7Days: z.number().int().min(0).max(50),
            per30Days: z.number().int().min(0).max(200),
          }),
        ]),
      ) as Record<Tier, z.ZodObject<{ per7Days: z.ZodNumber; per30Days: z.ZodNumber }>>,
    ),
    /** When rules collide, the earlier in this list goes first; the rest move to a free day. */
    priority: z.array(z.string().min(1)).min(1),
  }),
);

export type Caps = z.output<typeof capsSchema>;

/** The priority rank of a rule id (lower goes first); unlisted rules come last. */
export function priorityOf(caps: Caps, ruleId: string): number {
  const index = caps.priority.indexOf(ruleId);
  return index === -1 ? caps.priority.length : index;
}

/** One occasion a cadence rule would send on, before windows and caps. */
export interface Occurrence {
  rule: CadenceRule;
  /** With the rule id, names the message for good; starts with the local date so keys sort by date. */
  key: string;
  /** The local date it falls on. */
  date: string;
  template: string;
  variables: Record<string, unknown>;
  /** An exact due instant (event notices) instead of the rule's time of day. */
  dueAt?: string;
}
