import * as z from 'zod';
import { localTimePattern } from '../calendars/local-time';
import type { Channel } from '../customers/customer';
import { type ActionStep, advanceRun, nextSequenceStep } from '../sequences/next-step';
import { CHASE_SEQUENCE_ID, type Sequence, type SequenceStep } from '../sequences/sequence-definition';
import type { SequenceRun } from '../sequences/sequence-run';

export { CHASE_SEQUENCE_ID };

/**
 * The follow-up chase (seed 002): after a chased letter, 3 silent days bring a
 * "did you receive it?", 4 more a short product introduction, 3 more a call
 * task for the owner. It runs as the shipped sequence `follow-up-chase`; marketers
 * edit its steps as these parameters in `templates/rules/chase.json`.
 */
export const chaseRuleSchema = z.lazy(() =>
  z.strictObject({
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
  }),
);

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
 * The sequence steps the chase rule's parameters stand for: for each of its steps a wait
 * of `afterDays` calendar days to the rule's morning, then the send or the owner's call task.
 */
export function chaseSteps(rule: ChaseRule): SequenceStep[] {
  return rule.steps.flatMap((step, i): SequenceStep[] => [
    { id: `wait-${i + 1}`, type: 'wait', days: step.afterDays, hours: 0, at: rule.sendAt, itemYears: false },
    step.action === 'send'
      ? {
          id: `step-${i + 1}`,
          type: 'send',
          template: step.template,
          channels: 'email-then-sms',
          sameChannel: true,
        }
      : { id: `step-${i + 1}`, type: 'task', template: step.template },
  ]);
}

/**
 * The follow-up chase as the sequence that runs it: the shipped definition (`shipped`, its
 * trigger, exits and place in the caps) with its steps as the chase rule sets them, so the
 * console's chase form edits what runs.
 */
export function chaseSequence(rule: ChaseRule, shipped?: Sequence): Sequence {
  const base: Sequence = shipped ?? {
    id: CHASE_SEQUENCE_ID,
    name: 'Follow-up chase',
    enabled: true,
    trigger: { kind: 'chased-message' },
    steps: [],
    exits: { reply: true, unsubscribe: true, dealStages: [], tags: [] },
    reentry: { policy: 'always' },
    tiers: ['A', 'B', 'C'],
    priorityAs: 'chase',
    maxDelayDays: 3,
  };
  return { ...base, steps: chaseSteps(rule) };
}

/** The chase as it runs: its shipped sequence when loaded among `sequences`, else the rule on its own. */
export function chaseSequenceOf(rules: { chase: ChaseRule; sequences: readonly Sequence[] }): Sequence {
  return chaseSequence(
    rules.chase,
    rules.sequences.find((s) => s.id === CHASE_SEQUENCE_ID),
  );
}

/** A chase seen as a run of its sequence: step n is `step-n`, behind the wait `wait-n`. */
function runOf(chase: Chase): SequenceRun {
  return {
    sequenceId: CHASE_SEQUENCE_ID,
    entry: 1,
    enteredAt: chase.startedAt,
    lastAt: chase.lastAt,
    step: `wait-${chase.step + 1}`,
    ...(chase.step > 0 ? { lastStep: `step-${chase.step}` } : {}),
    status: chase.status === 'active' ? 'active' : chase.status === 'stopped' ? 'exited' : 'completed',
  };
}

/** What a chase's step does: a send, or the owner's call task. */
type ChaseAct = Extract<ActionStep, { type: 'send' | 'task' }>;

/** The steps a chase stops at (its sequence holds only these and waits). */
const actionsOf = (sequence: Sequence): ActionStep[] =>
  sequence.steps.filter(
    (s): s is Extract<SequenceStep, ActionStep> => s.type !== 'wait' && s.type !== 'branch',
  );

/**
 * The chase's next step in its sequence and when it is due (not clamped to now): on the
 * customer's own calendar, the waits' days after the last step, at the rule's local morning.
 */
export function nextChaseStep(
  chase: Chase,
  sequence: Sequence,
  timezone: string,
): { at: Date; step: ChaseAct; index: number } | undefined {
  if (!sequence.enabled) return undefined;
  // A chase's sequence has no branches: the facts they would ask are not needed.
  const facts = { timezone, tier: 'C' as const, tags: [], dealStages: [] };
  const due = nextSequenceStep(sequence, runOf(chase), facts, new Date(0));
  const { step } = due ?? {};
  if (!due || (step?.type !== 'send' && step?.type !== 'task')) return undefined;
  return { at: due.at, step, index: actionsOf(sequence).indexOf(step) };
}

/**
 * When the chase's next step under `rule` is due.
 * @example nextChaseStepAt(chase, defaultChaseRule, 'Asia/Shanghai') // day 3, 09:00 Shanghai
 */
export function nextChaseStepAt(
  chase: Chase,
  rule: ChaseRule,
  timezone: string,
): { at: Date; step: ChaseStep; index: number } | undefined {
  const next = nextChaseStep(chase, chaseSequence(rule), timezone);
  const step = next && rule.steps[next.index];
  return next && step ? { at: next.at, step, index: next.index } : undefined;
}

/** The chase after step `index` of `sequence` ran at `at`; completed once its last step has run. */
export function advanceChaseIn(chase: Chase, index: number, at: Date, sequence: Sequence): Chase {
  if (chase.status !== 'active' || chase.step !== index) return chase;
  const ran = actionsOf(sequence)[index];
  const run = ran && advanceRun(sequence, runOf(chase), { step: ran, at, occurrence: '', path: [] }, at);
  const done = run?.step === undefined;
  return {
    ...chase,
    step: index + 1,
    lastAt: at.toISOString(),
    status: done ? 'completed' : 'active',
    ...(done ? { endedAt: at.toISOString(), endedBy: 'last-step' } : {}),
  };
}

/** The chase after step `index` of `rule` ran at `at`. */
export function advanceChase(chase: Chase, index: number, at: Date, rule: ChaseRule): Chase {
  return advanceChaseIn(chase, index, at, chaseSequence(rule));
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

/**
 * The chases once a reply or an unsubscribe happened: stopped when the chase's sequence exits
 * on it (both do by default), as they stand otherwise. `reason` names the reply's kind.
 */
export function exitChases(
  chases: Chase[],
  rules: { chase: ChaseRule; sequences: readonly Sequence[] },
  exit: 'reply' | 'unsubscribe',
  at: Date,
  reason: string = exit,
): Chase[] {
  return chaseSequenceOf(rules).exits[exit] ? stopChases(chases, at, reason) : chases;
}
