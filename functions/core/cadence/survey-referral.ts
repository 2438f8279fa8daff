import { localClock } from '../calendars/local-time';
import { nextSequenceStep } from '../sequences/next-step';
import {
  REFERRAL_SEQUENCE_ID,
  type Sequence,
  type SequenceStep,
  SURVEY_SEQUENCE_ID,
} from '../sequences/sequence-definition';
import type { SequenceRun } from '../sequences/sequence-run';
import type { CadenceRule } from './cadence-rules';

export { REFERRAL_SEQUENCE_ID, SURVEY_SEQUENCE_ID };

/** The rules that run as a shipped sequence: the survey after a completed deal, the referral ask after a good answer. */
export type AskRule = Extract<CadenceRule, { kind: 'satisfaction-survey' | 'referral-ask' }>;
export type AskKind = AskRule['kind'];

type Wait = Extract<SequenceStep, { type: 'wait' }>;
type Send = Extract<SequenceStep, { type: 'send' }>;

/** What each flow's shipped sequence holds without its file: its trigger, exits and re-entry. */
const BASES: Record<AskKind, Omit<Sequence, 'steps' | 'enabled' | 'tiers' | 'maxDelayDays'>> = {
  'satisfaction-survey': {
    id: SURVEY_SEQUENCE_ID,
    name: 'Satisfaction survey',
    trigger: { kind: 'deal-completed' },
    // A survey is not ended by a reply; the deal's cancellation ends it.
    exits: { reply: false, unsubscribe: false, dealStages: ['cancelled'], tags: [] },
    reentry: { policy: 'always' },
  },
  'referral-ask': {
    id: REFERRAL_SEQUENCE_ID,
    name: 'Referral ask',
    trigger: { kind: 'good-answer' },
    exits: { reply: false, unsubscribe: false, dealStages: [], tags: [] },
    // "Always ask", but not every week.
    reentry: { policy: 'after', days: 180 },
  },
};

/** Whether `rule` is the survey or the referral ask. */
export function isAskRule(rule: CadenceRule): rule is AskRule {
  return rule.kind === 'satisfaction-survey' || rule.kind === 'referral-ask';
}

/** The sequence steps a survey or referral-ask rule stands for: a wait of `afterDays` to its send time, then its send. */
export function askSteps(rule: AskRule): SequenceStep[] {
  return [
    { id: 'wait', type: 'wait', days: rule.afterDays, hours: 0, at: rule.sendAt, itemYears: false },
    { id: 'send', type: 'send', template: rule.template, channels: rule.channels },
  ];
}

/**
 * The rule as the sequence that runs it: the shipped definition (`shipped`: its trigger,
 * exits, re-entry and place in the caps) with the rule's steps, switch, tiers and delay,
 * so the rule's form edits what runs.
 */
export function askSequence(rule: AskRule, shipped?: Sequence): Sequence {
  const base = shipped ?? { ...BASES[rule.kind], priorityAs: rule.id };
  return {
    ...base,
    steps: askSteps(rule),
    enabled: rule.enabled,
    tiers: rule.tiers,
    maxDelayDays: rule.maxDelayDays,
  };
}

/** The shipped sequence of `rule` among `sequences`: the one of the rule's id, started by its kind's trigger. */
export function shippedFor(rule: AskRule, sequences: readonly Sequence[]): Sequence | undefined {
  const { trigger } = BASES[rule.kind];
  return sequences.find((s) => s.id === rule.id && s.trigger.kind === trigger.kind);
}

/** The rule as it runs, with its shipped sequence when `sequences` holds it. */
export function ruleSequence(rule: AskRule, sequences: readonly Sequence[] = []): Sequence {
  return askSequence(rule, shippedFor(rule, sequences));
}

/** The rule of `kind` the flow runs by: the first enabled one, else the first. */
export function askRuleOf<K extends AskKind>(
  rules: readonly CadenceRule[],
  kind: K,
): Extract<AskRule, { kind: K }> | undefined {
  const ofKind = rules.filter((r): r is Extract<AskRule, { kind: K }> => r.kind === kind);
  return ofKind.find((r) => r.enabled) ?? ofKind[0];
}

/** The wait and the send of a survey or referral-ask sequence (its steps are always the rule's two). */
export function askStepsOf(sequence: Sequence): { wait?: Wait; send?: Send } {
  return {
    wait: sequence.steps.find((s): s is Wait => s.type === 'wait'),
    send: sequence.steps.find((s): s is Send => s.type === 'send'),
  };
}

/**
 * When the sequence's send falls for a run entered at `from`: the local date its wait ends on
 * and the template it sends. Undefined while the sequence is disabled.
 * @example askDue(survey, completedAt, 'Asia/Shanghai') // { dueOn: '2027-03-08', template: 'satisfaction-survey' }
 */
export function askDue(
  sequence: Sequence,
  from: Date,
  timezone: string,
): { dueOn: string; template: string } | undefined {
  if (!sequence.enabled) return undefined;
  const iso = from.toISOString();
  const run: SequenceRun = {
    sequenceId: sequence.id,
    entry: 1,
    enteredAt: iso,
    lastAt: iso,
    status: 'active',
    ...(sequence.steps[0] ? { step: sequence.steps[0].id } : {}),
  };
  // Its steps hold no branch: the facts one would ask are not needed.
  const facts = { timezone, tier: 'C' as const, tags: [], dealStages: [] };
  const due = nextSequenceStep(sequence, run, facts, new Date(0));
  if (due?.step.type !== 'send') return undefined;
  return { dueOn: localClock(due.at, timezone).date, template: due.step.template };
}
