import { localClock } from '../calendars/local-time';
import type { EngineState } from '../planning/state';
import type { Sequence } from '../sequences/sequence-definition';
import { enterSequence, type SequenceRun } from '../sequences/sequence-run';
import type { CadenceRule } from './cadence-rules';
import { askDue, askRuleOf, ruleSequence } from './survey-referral';

// Praise, not politeness: "thanks" or 谢谢 alone acknowledge a letter, they do not invite a referral ask.
const WARM =
  /\b(great|love|loved|lovely|excellent|perfect|happy|delighted|wonderful|amazing|fantastic|recommend|satisfied)\b|满意|很好|非常好|真好|喜欢|太好了|很棒|推荐|赞/i;
const COLD =
  /\b(not|never|disappoint(ed|ing)?|unhappy|bad|terrible|awful|angry|broken|damaged|late)\b|n't|不满意|不好|失望|生气|投诉|太差|质量差/i;

/**
 * A survey answer's score, when the reply leads with one (1-5, or 1-10).
 * @example surveyScore('5 - very happy') // 5
 */
export function surveyScore(text: string): { score: number; outOf: 5 | 10 } | undefined {
  const match =
    /^\s*(10|[0-9])(?:\s*(?:\/|out of|分)\s*(5|10))?\b/i.exec(text) ?? /^\s*(10|[0-9])\s*分/.exec(text);
  if (!match) return undefined;
  const score = Number(match[1]);
  const outOf = match[2] === '10' || score > 5 ? 10 : 5;
  return { score, outOf };
}

/** Whether a reply is warm enough to ask for a referral: praise without complaint. */
export function isWarmReply(text: string): boolean {
  return WARM.test(text) && !COLD.test(text);
}

/** Whether a survey answer is a good one: 4-5 of 5, 9-10 of 10. */
export function isGoodScore(answer: { score: number; outOf: 5 | 10 }): boolean {
  return answer.outOf === 5 ? answer.score >= 4 : answer.score >= 9;
}

/**
 * The state with a referral ask due when the sequence `referral-ask` says (its wait's days,
 * from now), unless one is pending or its re-entry policy refuses: by default none within
 * 180 days of the last one dealt with. Days count on the customer's calendar.
 */
export function scheduleReferralAsk(
  state: EngineState,
  rules: readonly CadenceRule[],
  now: Date,
  timezone: string,
  reason: string,
  sequences: readonly Sequence[] = [],
): EngineState {
  const rule = askRuleOf(rules, 'referral-ask');
  if (!rule) return state;
  const sequence = ruleSequence(rule, sequences);
  const today = localClock(now, timezone).date;
  const verdict = enterSequence(
    askRuns(state, rule.id, sequence.id),
    sequence,
    // The customer's tier is asked when the ask is planned, as for every notice.
    sequence.tiers[0] ?? 'C',
    calendarDay(today),
  );
  const due = verdict.entered ? askDue(sequence, now, timezone) : undefined;
  if (!due) return state;
  const { dueOn, template } = due;
  return {
    ...state,
    notices: [
      ...state.notices,
      { ruleId: rule.id, key: `${dueOn}:${reason}`, template, dueOn, variables: {} },
    ],
  };
}

/** A local date as the instant of its UTC midnight, so instants apart count whole calendar days. */
const calendarDay = (date: string) => new Date(`${date}T00:00:00.000Z`);

/**
 * The rule's asks as runs of its sequence: the last one dealt with, ended on its day (its
 * key's date), and a pending one still running.
 */
function askRuns(state: EngineState, ruleId: string, sequenceId: string): SequenceRun[] {
  const last = state.done[ruleId]?.slice(0, 10);
  const ended: SequenceRun[] = last
    ? [
        {
          sequenceId,
          entry: 1,
          enteredAt: calendarDay(last).toISOString(),
          lastAt: calendarDay(last).toISOString(),
          status: 'completed',
          endedAt: calendarDay(last).toISOString(),
        },
      ]
    : [];
  const pending = state.notices
    .filter((n) => n.ruleId === ruleId)
    .map((n): SequenceRun => {
      const at = calendarDay(n.dueOn).toISOString();
      return { sequenceId, entry: 2, enteredAt: at, lastAt: at, status: 'active' };
    });
  return [...ended, ...pending];
}
