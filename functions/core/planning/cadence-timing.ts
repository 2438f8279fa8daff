import { type CadenceRule, type ChannelPolicy, priorityOf } from '../cadence/cadence-rules';
import { askStepsOf, isAskRule, ruleSequence } from '../cadence/survey-referral';
import type { LocalTime } from '../calendars/local-time';
import { sequencePriority } from '../sequences/sequence-plan';
import type { Rules } from './actions';

export interface CadenceTiming {
  /** The local time its messages go at (before the rule's spread), and a capped one moves to. */
  sendAt: LocalTime;
  channels: ChannelPolicy;
  maxDelayDays: number;
  priority: number;
}

/**
 * How a cadence rule's messages are planned: the rule's own parameters, or for the survey and
 * the referral ask what their sequence says (its wait's time, its send's channels, its delay
 * and place in the caps). The spread over minutes stays the rule's: a sequence has none.
 */
export function cadenceTiming(rules: Rules, rule: CadenceRule): CadenceTiming {
  if (!isAskRule(rule)) {
    const { sendAt, channels, maxDelayDays } = rule;
    return { sendAt, channels, maxDelayDays, priority: priorityOf(rules.caps, rule.id) };
  }
  const sequence = ruleSequence(rule, rules.sequences);
  const { wait, send } = askStepsOf(sequence);
  return {
    sendAt: wait?.at ?? rule.sendAt,
    channels: send?.channels ?? rule.channels,
    maxDelayDays: sequence.maxDelayDays,
    priority: sequencePriority(rules, sequence),
  };
}

/** The local time a capped message of rule `ruleId` moves to on the day it fits. */
export function cadenceSendAt(rules: Rules, ruleId: string): LocalTime {
  const rule = rules.cadences.find((r) => r.id === ruleId);
  return rule ? cadenceTiming(rules, rule).sendAt : '10:00';
}
