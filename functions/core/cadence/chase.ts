import * as z from 'zod';
import { atLocalTime, localDateOf, localTimePattern } from '../calendars/local-time';
import type { Channel } from '../customers/customer';

/**
 * The follow-up chase (seed 002): after a chased letter, 3 silent days bring a
 * "did you receive it?", 4 more a short product introduction, 3 more a call
 * task for the owner. Marketers edit these parameters in `templates/rules/`.
 */
export const chaseRuleSchema = z.strictObject({
  sendAt: z.string().regex(localTimePattern, 'must be HH:mm').default('09:00'),
  steps: z
    .array(
      z.strictObject({
        afterDays: z.number().int().min(1).max(365),
        action: z.enum(['send', 'call-task']),
        template: z.string().min(1),
      }),
    )
    .min(1)
    .max(10),
});

export type ChaseRule = z.output<typeof chaseRuleSchema>;
export type ChaseStep = ChaseRule['steps'][number];

export const defaultChaseRule: ChaseRule = {
  sendAt: '09:00',
  steps: [
    { afterDays: 3, action: 'send', template: 'chase-did-you-receive' },
    { afterDays: 4, action: 'send', template: 'chase-product-intro' },
    { afterDays: 3, action: 'call-task', template: 'owner-call-task' },
  ],
};

export type ChaseStatus = 'active' | 'stopped' | 'completed';

/** One running chase, kept on the customer's engine state. */
export interface Chase {
  /** The id of the chased letter. */
  id: string;
  channel: Channel;
  template: string;
  subject?: string;
  startedAt: string;
  /** When the last step (or the letter) went out; the next step counts days from here. */
  lastAt: string;
  /** Index of the next step to run. */
  step: number;
  status: ChaseStatus;
  endedAt?: string;
  endedBy?: string;
}

/** Starts a chase behind the letter `messageId`, sent at `at`. */
export function startChase(
  messageId: string,
  channel: Channel,
  template: string,
  subject: string | undefined,
  at: Date,
): Chase {
  const iso = at.toISOString();
  return {
    id: messageId,
    channel,
    template,
    subject,
    startedAt: iso,
    lastAt: iso,
    step: 0,
    status: 'active',
  };
}

/**
 * When the chase's next step is due: `afterDays` calendar days after the last
 * step, on the customer's own calendar, at the rule's local morning time.
 * @example nextChaseStepAt(chase, defaultChaseRule, 'Asia/Shanghai') // day 3, 09:00 Shanghai
 */
export function nextChaseStepAt(
  chase: Chase,
  rule: ChaseRule,
  timezone: string,
): { at: Date; step: ChaseStep; index: number } | undefined {
  if (chase.status !== 'active') return undefined;
  const step = rule.steps[chase.step];
  if (!step) return undefined;
  const lastDate = localDateOf(new Date(chase.lastAt), timezone);
  return { at: atLocalTime(lastDate, rule.sendAt, timezone, step.afterDays), step, index: chase.step };
}

/** The chase after step `index` ran at `at`; completed once the last step has run. */
export function advanceChase(chase: Chase, index: number, at: Date, rule: ChaseRule): Chase {
  if (chase.status !== 'active' || chase.step !== index) return chase;
  const step = index + 1;
  const done = step >= rule.steps.length;
  return {
    ...chase,
    step,
    lastAt: at.toISOString(),
    status: done ? 'completed' : 'active',
    ...(done ? { endedAt: at.toISOString(), endedBy: 'last-step' } : {}),
  };
}

/** The chase `chaseId` stopped at `at` for `reason`; the others untouched. */
export function stopChase(chases: readonly Chase[], chaseId: string, at: Date, reason: string): Chase[] {
  return chases.map((chase) =>
    chase.id === chaseId && chase.status === 'active'
      ? { ...chase, status: 'stopped', endedAt: at.toISOString(), endedBy: reason }
      : chase,
  );
}

/** Every active chase stopped at `at` for `reason` (a reply, an unsubscribe…). */
export function stopChases(chases: readonly Chase[], at: Date, reason: string): Chase[] {
  return chases.map((chase) =>
    chase.status === 'active'
      ? { ...chase, status: 'stopped', endedAt: at.toISOString(), endedBy: reason }
      : chase,
  );
}
