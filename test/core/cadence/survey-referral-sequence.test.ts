import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CadenceRule } from '../../../functions/core/cadence/cadence-rules';
import { applyDealStage } from '../../../functions/core/cadence/deal-effects';
import { scheduleReferralAsk } from '../../../functions/core/cadence/referral';
import {
  type AskRule,
  askSequence,
  askSteps,
  isAskRule,
  ruleSequence,
} from '../../../functions/core/cadence/survey-referral';
import { localClock } from '../../../functions/core/calendars/local-time';
import { dealSchema } from '../../../functions/core/customers/deal';
import { planActions } from '../../../functions/core/planning/plan';
import { type EngineState, emptyState } from '../../../functions/core/planning/state';
import { type Sequence, sequenceSchema } from '../../../functions/core/sequences/sequence-definition';
import { planContext, SHIPPED_TEMPLATES_DIR, shippedRules } from '../../support/rules';

const SHANGHAI = 'Asia/Shanghai';
const shipped = (id: string) =>
  sequenceSchema.parse(JSON.parse(readFileSync(join(SHIPPED_TEMPLATES_DIR, `sequences/${id}.json`), 'utf8')));
const rule = (id: string): AskRule => {
  const found = shippedRules.cadences.find((r) => r.id === id);
  if (!found || !isAskRule(found)) throw new Error(`no rule ${id}`);
  return found;
};
const survey = rule('satisfaction-survey');
const ask = rule('referral-ask');
/** 10:00 on 2027-03-02 in Shanghai. */
const now = new Date('2027-03-02T02:00:00Z');
const completed = dealSchema.parse({
  dealId: 'd1',
  customerId: 'c-1',
  stage: 'completed',
  items: [{ name: 'walnut wardrobe', quantity: 1, unitPrice: 5000 }],
  occurredAt: '2027-03-02T01:00:00Z',
});
const withRule = (edited: CadenceRule) => shippedRules.cadences.map((r) => (r.id === edited.id ? edited : r));

describe('the survey and the referral ask as sequences', () => {
  it('ship as the steps their shipped rules stand for, and the rule alone gives the same flow', () => {
    for (const r of [survey, ask]) {
      const file = shipped(r.id);
      expect(file.steps).toEqual(askSteps(r));
      expect(askSequence(r, file)).toEqual(file);
      expect(ruleSequence(r, [])).toEqual(file);
    }
    expect(shipped('referral-ask').reentry).toEqual({ policy: 'after', days: 180 });
  });

  it('a survey comes when the rule says: its days, its time, its delay and its place in the caps', () => {
    const edited = { ...survey, afterDays: 3, sendAt: '15:00', maxDelayDays: 2 };
    const notices = applyDealStage(emptyState, completed, withRule(edited), now, SHANGHAI).state.notices;
    expect(notices.filter((n) => n.ruleId === 'satisfaction-survey').map((n) => n.key)).toEqual([
      '2027-03-05:d1',
    ]);
    const sequence = { ...ruleSequence(edited), priorityAs: 'birthday' };
    const rules = { ...shippedRules, cadences: withRule(edited), sequences: [sequence] };
    const state: EngineState = { ...emptyState, notices };
    const ctx = planContext(
      { customerId: 'c-1', timezone: SHANGHAI, email: 'a@example.cn' },
      { rules, state },
    );
    const action = planActions(ctx, now).find((a) => a.rule === 'satisfaction-survey');
    expect(action).toMatchObject({ occurrence: '2027-03-05:d1', maxDelayDays: 2 });
    expect(action?.priority).toBe(rules.caps.priority.indexOf('birthday'));
    // From 15:00 on, within the rule's spread.
    const clock = localClock(action!.at, SHANGHAI);
    expect([clock.date, clock.minutes >= 15 * 60, clock.minutes <= 15 * 60 + survey.spreadMinutes]).toEqual([
      '2027-03-05',
      true,
      true,
    ]);
  });

  it('a disabled rule runs neither the survey nor the referral ask', () => {
    const off = shippedRules.cadences.map((r) => (isAskRule(r) ? { ...r, enabled: false } : r));
    expect(ruleSequence(rule('satisfaction-survey')).enabled).toBe(true);
    const effects = applyDealStage(emptyState, completed, off, now, SHANGHAI);
    expect(effects.state.notices.map((n) => n.ruleId)).toEqual(['order-progress']);
    expect(scheduleReferralAsk(emptyState, off, now, SHANGHAI, 'survey')).toBe(emptyState);
  });

  it('a deal’s cancellation ends its survey only while the sequence exits on it', () => {
    const rules = shippedRules.cadences;
    const state = applyDealStage(emptyState, completed, rules, now, SHANGHAI).state;
    const cancelled = { ...completed, stage: 'cancelled' as const };
    const keys = (sequences: Sequence[]) =>
      applyDealStage(state, cancelled, rules, now, SHANGHAI, sequences).state.notices.map((n) => n.key);
    expect(keys([])).toEqual([]);
    const file = shipped('satisfaction-survey');
    expect(keys([{ ...file, exits: { ...file.exits, dealStages: [] } }])).toEqual(['2027-03-09:d1']);
  });

  it('asks again after the sequence’s re-entry days, never again when it says never', () => {
    const asked: EngineState = { ...emptyState, done: { 'referral-ask': '2027-01-10:survey' } };
    const file = shipped('referral-ask');
    const at = new Date('2027-02-10T02:00:00Z'); // 31 days on
    const keys = (sequence: Sequence) =>
      scheduleReferralAsk(asked, shippedRules.cadences, at, SHANGHAI, 'warm-reply', [sequence]).notices.map(
        (n) => n.key,
      );
    expect(keys(file)).toEqual([]);
    expect(keys({ ...file, reentry: { policy: 'after', days: 30 } })).toEqual(['2027-02-12:warm-reply']);
    expect(keys({ ...file, reentry: { policy: 'always' } })).toEqual(['2027-02-12:warm-reply']);
    expect(keys({ ...file, reentry: { policy: 'never' } })).toEqual([]);
    // A pending ask is a run still going: no second one, whatever the re-entry.
    const pending = scheduleReferralAsk(emptyState, shippedRules.cadences, at, SHANGHAI, 'survey');
    const again = { ...file, reentry: { policy: 'always' as const } };
    expect(scheduleReferralAsk(pending, shippedRules.cadences, at, SHANGHAI, 'survey', [again])).toBe(
      pending,
    );
  });
});
