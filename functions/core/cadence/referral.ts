import { addDays, daysBetween } from '../calendars/calendar-dates';
import { localClock } from '../calendars/local-time';
import type { EngineState } from '../planning/state';
import type { CadenceRule } from './cadence-rules';

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

/** Referral asks are spaced at least this far apart ("always ask", but not every week). */
const MIN_DAYS_BETWEEN_ASKS = 180;

/**
 * The state with a referral ask due `afterDays` from now, unless one is
 * pending or went out recently.
 */
export function scheduleReferralAsk(
  state: EngineState,
  rules: readonly CadenceRule[],
  now: Date,
  timezone: string,
  reason: string,
): EngineState {
  const rule = rules.find((r) => r.kind === 'referral-ask' && r.enabled);
  if (rule?.kind !== 'referral-ask') return state;
  const today = localClock(now, timezone).date;
  if (state.notices.some((n) => n.ruleId === rule.id)) return state;
  const last = state.done[rule.id]?.slice(0, 10);
  if (last && daysBetween(last, today) < MIN_DAYS_BETWEEN_ASKS) return state;
  const dueOn = addDays(today, rule.afterDays);
  return {
    ...state,
    notices: [
      ...state.notices,
      { ruleId: rule.id, key: `${dueOn}:${reason}`, template: rule.template, dueOn, variables: {} },
    ],
  };
}
