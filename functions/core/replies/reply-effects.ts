import { assertNever } from '../assert-never';
import { exitChases } from '../cadence/chase';
import { isGoodScore, isWarmReply, scheduleReferralAsk, surveyScore } from '../cadence/referral';
import type { Channel } from '../customers/customer';
import type { Rules } from '../planning/actions';
import type { EngineState } from '../planning/state';
import { exitRuns } from '../sequences/sequence-run';
import type { ReplyKind } from './classify';

export interface ReplyContext {
  text: string;
  /** The rule of the message being answered, when the reply could be matched to one. */
  answering?: string;
  rules: Rules;
  timezone: string;
}

/**
 * A survey answer scoring 1-2 of 5 (or up to 6 of 10) is a complaint whatever
 * its words: the seeds' 96% who leave without complaining are these.
 */
export function refineKind(kind: ReplyKind, context: Pick<ReplyContext, 'text' | 'answering'>): ReplyKind {
  if (kind !== 'reply' || context.answering !== 'satisfaction-survey') return kind;
  const score = surveyScore(context.text);
  if (!score) return kind;
  return score.score <= (score.outOf === 5 ? 2 : 6) ? 'complaint' : kind;
}

/**
 * What an inbound message of `kind` does to the customer's state: a real reply
 * stops every chase and touches the customer; a complaint is flagged on the
 * file; a good survey answer or warm reply brings a referral ask; an
 * unsubscribe suppresses the channel; an auto-reply, a bounce, an abuse
 * report or HELP changes nothing here (the engine lists a bounced or
 * complaining address).
 * @example applyReply(state, 'reply', 'email', now, ctx).chases // all stopped
 */
export function applyReply(
  state: EngineState,
  kind: ReplyKind,
  channel: Channel,
  at: Date,
  context: ReplyContext,
): EngineState {
  const iso = at.toISOString();
  switch (kind) {
    case 'reply':
    case 'complaint':
    case 'referral': {
      const replied: EngineState = {
        ...state,
        chases: exitChases(state.chases, context.rules, 'reply', at, kind),
        sequences: exitRuns(state.sequences, context.rules.sequences, { kind: 'reply' }, at),
        lastReplyAt: iso,
        lastTouchAt: iso,
        ...(kind === 'complaint' ? { complaint: { at: iso, text: context.text.slice(0, 500) } } : {}),
      };
      if (kind !== 'reply') return replied;
      const score = context.answering === 'satisfaction-survey' ? surveyScore(context.text) : undefined;
      const good = score ? isGoodScore(score) : isWarmReply(context.text);
      return good
        ? scheduleReferralAsk(
            replied,
            context.rules.cadences,
            at,
            context.timezone,
            score ? 'survey' : 'warm-reply',
            context.rules.sequences,
          )
        : replied;
    }
    case 'unsubscribe':
      return {
        ...state,
        chases: exitChases(state.chases, context.rules, 'unsubscribe', at),
        sequences: exitRuns(state.sequences, context.rules.sequences, { kind: 'unsubscribe' }, at),
        suppressed: { ...state.suppressed, [channel]: { reason: 'unsubscribe', at: iso } },
      };
    case 'auto-reply':
    case 'bounce':
    case 'abuse-report':
    case 'help':
      return state;
    default:
      return assertNever(kind);
  }
}
