import * as z from 'zod';
import { channelPolicySchema } from '../cadence/cadence-rules';
import { localTimePattern } from '../calendars/local-time';
import { segmentIdSchema } from '../campaigns/segment-id';
import { dealStages } from '../customers/deal';

const tiers = ['A', 'B', 'C'] as const;
const kebab = z.lazy(() =>
  z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a kebab-case id such as welcome'),
);
const template = z.lazy(() =>
  z.string().regex(/^[a-z0-9-]+$/, 'must be a template name such as sequence-welcome'),
);
const tag = z.lazy(() => z.string().min(1).max(50));
const stage = z.lazy(() => z.enum(dealStages));
/** Where a branch goes: a later step's id, or `end`. */
const target = z.lazy(() => z.union([kebab, z.literal('end')]));

/** The reply kinds a trigger can start on (as reply classification names them). */
export const replyKinds = ['reply', 'complaint', 'referral', 'auto-reply'] as const;

/** The shipped sequence the follow-up chase runs as, the one started by a chased letter. */
export const CHASE_SEQUENCE_ID = 'follow-up-chase';
/** The shipped sequences the satisfaction survey and the referral ask run as (their rules' ids). */
export const SURVEY_SEQUENCE_ID = 'satisfaction-survey';
export const REFERRAL_SEQUENCE_ID = 'referral-ask';

/** The built-in flows' trigger kinds, each starting its shipped sequence and only it. */
const BUILT_IN_TRIGGERS = {
  [CHASE_SEQUENCE_ID]: { kind: 'chased-message', what: 'a chased letter' },
  [SURVEY_SEQUENCE_ID]: { kind: 'deal-completed', what: "a completed deal's survey" },
  [REFERRAL_SEQUENCE_ID]: { kind: 'good-answer', what: 'a good survey score or a warm reply' },
} as const;

/** Whether `id` is a built-in flow's shipped sequence, whose steps are edited as its rule. */
export function isBuiltInSequence(id: string): boolean {
  return Object.hasOwn(BUILT_IN_TRIGGERS, id);
}

/** What starts a customer on a sequence. */
export const sequenceTriggerSchema = z.lazy(() =>
  z.discriminatedUnion('kind', [
    /** Only by `POST /v1/sequences/{id}/enrol`. */
    z.strictObject({ kind: z.literal('api') }),
    z.strictObject({ kind: z.literal('campaign'), campaignId: z.string().min(1).max(100).optional() }),
    z.strictObject({ kind: z.literal('customer-filed') }),
    z.strictObject({ kind: z.literal('tag-added'), tag }),
    z.strictObject({
      kind: z.literal('deal-stage'),
      stage,
      /** Only deals whose item contains this text (case-insensitive). */
      item: z.string().min(1).max(100).optional(),
      minAmount: z.number().min(0).optional(),
    }),
    /**
     * A date on the file (`birthday`, `weddingAnniversary`, a custom date's name) or a deal's
     * (`purchase`: the day each deal was first reported). Entered on the customer's local morning
     * (the caps' window start) of the date moved by `offsetDays` (negative: before), once per occurrence.
     * `yearly`: every year on the date's month and day. Otherwise once: the date itself (its year
     * known) plus `years` whole years, or, with `yearsFromDeal`, the deal's years of use (its items'
     * longest `years`; a deal without them starts nothing).
     */
    z.strictObject({
      kind: z.literal('date'),
      field: z.string().min(1).max(100),
      yearly: z.boolean().default(false),
      offsetDays: z.int().min(-365).max(365).default(0),
      years: z.int().min(0).max(50).optional(),
      yearsFromDeal: z.boolean().default(false),
    }),
    /** Entering the saved segment, as the customer's file or engine state changes (filing, deal, reply, fire). */
    z.strictObject({ kind: z.literal('segment'), segmentId: segmentIdSchema }),
    z.strictObject({ kind: z.literal('reply'), replyKind: z.enum(replyKinds) }),
    /**
     * `days` without a word from the customer: since their last real reply, or last purchase,
     * whichever is later (never either: since they were filed); our own messages do not break a
     * silence. Entered on the local morning the silence reaches `days` (or at the next plan when it
     * already has), once per silence: a reply or a purchase starts a new one.
     */
    z.strictObject({ kind: z.literal('silence'), days: z.int().min(1).max(3650) }),
    /** A letter sent with `chase: true` (by the API or a campaign): the follow-up chase behind it. */
    z.strictObject({ kind: z.literal('chased-message') }),
    /** A deal's completion, counted from when it happened: the satisfaction survey behind it. */
    z.strictObject({ kind: z.literal('deal-completed') }),
    /** A good survey score or a warm reply: the referral ask behind it. */
    z.strictObject({ kind: z.literal('good-answer') }),
  ]),
);
export type SequenceTrigger = z.output<typeof sequenceTriggerSchema>;
export type TriggerKind = SequenceTrigger['kind'];

/** What a branch asks of the customer at the moment it is reached. */
export const branchConditionSchema = z.lazy(() =>
  z.discriminatedUnion('kind', [
    /** Replied (a real reply) since entering the sequence. */
    z.strictObject({ kind: z.literal('replied') }),
    z.strictObject({ kind: z.literal('opened') }),
    z.strictObject({ kind: z.literal('clicked') }),
    /** One of the customer's deals has reached `stage`. */
    z.strictObject({ kind: z.literal('deal-stage'), stage }),
    z.strictObject({ kind: z.literal('tier'), tiers: z.array(z.enum(tiers)).min(1) }),
    z.strictObject({ kind: z.literal('tag'), tag }),
    z.strictObject({ kind: z.literal('segment'), segmentId: segmentIdSchema }),
  ]),
);
export type BranchCondition = z.output<typeof branchConditionSchema>;

const weekday = z.lazy(() => z.int().min(1).max(7));

export const sequenceStepSchema = z.lazy(() =>
  z.discriminatedUnion('type', [
    /**
     * Waits `days` calendar days and `hours` hours on the customer's clock, then, if set, on to the
     * next `weekday` (1 = Monday) and the next `until` wall time.
     */
    z
      .strictObject({
        id: kebab,
        type: z.literal('wait'),
        days: z.int().min(0).max(3650).default(0),
        hours: z.int().min(0).max(240).default(0),
        until: z.string().regex(localTimePattern, 'must be HH:mm').optional(),
        /** The wall time on the last day counted, instead of the time the wait began (the chase's morning). */
        at: z.string().regex(localTimePattern, 'must be HH:mm').optional(),
        weekday: weekday.optional(),
        /** First the years of use of the item bought in the deal that started the run (a replacement reminder). */
        itemYears: z.boolean().default(false),
      })
      .refine(
        (w) =>
          w.days + w.hours > 0 ||
          w.until !== undefined ||
          w.at !== undefined ||
          w.weekday !== undefined ||
          w.itemYears,
        {
          message: 'a wait needs days, hours, a time or a weekday',
        },
      ),
    z.strictObject({
      id: kebab,
      type: z.literal('send'),
      template,
      channels: channelPolicySchema.default('email-then-sms'),
      /** On the channel the chased letter went by, instead of `channels` (a `chased-message` trigger's runs). */
      sameChannel: z.literal(true).optional(),
    }),
    /** A task for the customer's owner, from an owner template (a call, a visit). */
    z.strictObject({ id: kebab, type: z.literal('task'), template }),
    z.strictObject({ id: kebab, type: z.literal('tag'), op: z.enum(['add', 'remove']), tag }),
    z.strictObject({
      id: kebab,
      type: z.literal('branch'),
      condition: branchConditionSchema,
      yes: target,
      no: target,
    }),
    z.strictObject({ id: kebab, type: z.literal('end') }),
  ]),
);
export type SequenceStep = z.output<typeof sequenceStepSchema>;
export type StepType = SequenceStep['type'];

export const sequenceExitsSchema = z.lazy(() =>
  z.strictObject({
    /** Any real reply ends the run, as it stops the chase. */
    reply: z.boolean().default(true),
    unsubscribe: z.boolean().default(true),
    dealStages: z.array(stage).max(20).default([]),
    tags: z.array(tag).max(20).default([]),
    /** Leaving this saved segment ends the run. */
    segmentId: segmentIdSchema.optional(),
  }),
);
export type SequenceExits = z.output<typeof sequenceExitsSchema>;

export const reentrySchema = z.lazy(() =>
  z.discriminatedUnion('policy', [
    z.strictObject({ policy: z.literal('never') }),
    z.strictObject({ policy: z.literal('after'), days: z.int().min(1).max(3650) }),
    z.strictObject({ policy: z.literal('always') }),
  ]),
);

/**
 * A flow a marketer defines: a trigger, then steps run top to bottom. A branch jumps forward
 * (to a later step or the end), so every run ends; the last step falls through to the end.
 */
export const sequenceSchema = z.lazy(() =>
  z
    .strictObject({
      id: kebab,
      name: z.string().trim().min(1).max(200),
      enabled: z.boolean().default(true),
      trigger: sequenceTriggerSchema,
      steps: z.array(sequenceStepSchema).min(1).max(50),
      exits: sequenceExitsSchema.default({ reply: true, unsubscribe: true, dealStages: [], tags: [] }),
      reentry: reentrySchema.default({ policy: 'never' }),
      tiers: z
        .array(z.enum(tiers))
        .min(1)
        .default([...tiers]),
      /** The entry of the caps' priority list it ranks as (`chase`, `campaigns`…); by default its own `sequence:<id>`. */
      priorityAs: z.string().min(1).max(100).optional(),
      /** How many days a capped send may move before it is dropped (and the run ends). */
      maxDelayDays: z.int().min(0).max(60).default(3),
    })
    .superRefine((sequence, ctx) => {
      for (const [id, { kind, what }] of Object.entries(BUILT_IN_TRIGGERS)) {
        if ((sequence.id === id) !== (sequence.trigger.kind === kind)) {
          ctx.addIssue({
            code: 'custom',
            path: ['trigger', 'kind'],
            message: `${what} starts ${id}, and only it`,
          });
        }
      }
      const index = new Map<string, number>();
      sequence.steps.forEach((step, i) => {
        if (step.type === 'send' && step.sameChannel && sequence.trigger.kind !== 'chased-message') {
          ctx.addIssue({
            code: 'custom',
            path: ['steps', i, 'sameChannel'],
            message: 'only a chased letter has a channel to keep',
          });
        }
        if (step.id === 'end') {
          ctx.addIssue({
            code: 'custom',
            path: ['steps', i, 'id'],
            message: 'end names the end; pick another id',
          });
        }
        if (index.has(step.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['steps', i, 'id'],
            message: `step id ${step.id} is used twice`,
          });
        } else {
          index.set(step.id, i);
        }
      });
      sequence.steps.forEach((step, i) => {
        if (step.type !== 'branch') return;
        for (const path of ['yes', 'no'] as const) {
          const to = step[path];
          if (to === 'end') continue;
          const at = index.get(to);
          if (at === undefined) {
            ctx.addIssue({ code: 'custom', path: ['steps', i, path], message: `no step ${to}` });
          } else if (at <= i) {
            ctx.addIssue({
              code: 'custom',
              path: ['steps', i, path],
              message: 'a branch may only jump forward',
            });
          }
        }
      });
    }),
);
export type Sequence = z.output<typeof sequenceSchema>;
export type SequenceInput = z.input<typeof sequenceSchema>;

/** The rule id a sequence's sends are guarded and ranked under. */
export function sequenceRule(sequenceId: string): string {
  return `sequence:${sequenceId}`;
}
