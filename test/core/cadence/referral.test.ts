import { describe, expect, it } from 'vitest';
import {
  isGoodScore,
  isWarmReply,
  scheduleReferralAsk,
  surveyScore,
} from '../../../functions/core/cadence/referral';
import { type EngineState, emptyState } from '../../../functions/core/planning/state';
import { shippedRules } from '../../support/rules';

const SHANGHAI = 'Asia/Shanghai';
const rules = shippedRules.cadences;
const at = (date: string) => new Date(`${date}T02:00:00Z`); // 10:00 in Shanghai

describe('surveyScore', () => {
  it.each([
    ['5', { score: 5, outOf: 5 }],
    ['4/5', { score: 4, outOf: 5 }],
    ['9 out of 10', { score: 9, outOf: 10 }],
    ['5分', { score: 5, outOf: 5 }],
    ['10分', { score: 10, outOf: 10 }],
    ['3/10', { score: 3, outOf: 10 }],
    ['8 / 10', { score: 8, outOf: 10 }],
    [' 5 - very happy', { score: 5, outOf: 5 }],
    ['7', { score: 7, outOf: 10 }],
    ['10', { score: 10, outOf: 10 }],
  ] as const)('%j scores %o', (text, expected) => {
    expect(surveyScore(text)).toEqual(expected);
  });

  it.each(['five', '15 things', '五分', 'great, thanks', ''])('%j has no score', (text) => {
    expect(surveyScore(text)).toBeUndefined();
  });
});

describe('isGoodScore', () => {
  it('is 4-5 of 5 and 9-10 of 10', () => {
    expect([3, 4, 5].map((score) => isGoodScore({ score, outOf: 5 }))).toEqual([false, true, true]);
    expect([7, 8, 9, 10].map((score) => isGoodScore({ score, outOf: 10 }))).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });
});

describe('isWarmReply', () => {
  it.each([
    ['Thanks, it arrived!', false],
    ['Thanks, we love it!', true],
    ['Great, I will recommend you to my sister', true],
    ['谢谢，很满意', true],
    ['收到了，非常好', true],
    ['收到了，谢谢！', false],
    ['Not happy with the delivery', false],
    ['Thanks, but the door was damaged and I am disappointed', false],
    ['不满意', false],
    ['谢谢，但是质量太差', false],
    ['收到了', false],
    ['OK', false],
  ] as const)('%j → %s', (text, warm) => {
    expect(isWarmReply(text)).toBe(warm);
  });

  // Regression (COLD words): /(not|n't|never|…|bad|…)/ has no word
  // boundaries, so "another", "noted", "nothing", "badge" read as complaints and a warm
  // reply asks for no referral. Suggested fix: \b(not|never|…)\b for the English words.
  it('a warm reply containing "another" is warm', () => {
    expect(isWarmReply('Another great delivery — thank you!')).toBe(true);
  });
});

describe('scheduleReferralAsk', () => {
  it('adds an ask afterDays (2) from now, keyed by the date and the reason', () => {
    expect(scheduleReferralAsk(emptyState, rules, at('2027-03-02'), SHANGHAI, 'survey').notices).toEqual([
      {
        ruleId: 'referral-ask',
        key: '2027-03-04:survey',
        template: 'referral-ask',
        dueOn: '2027-03-04',
        variables: {},
      },
    ]);
  });

  it('counts days on the customer’s calendar', () => {
    // 2027-03-02 20:00 UTC is already 2027-03-03 in Shanghai.
    const state = scheduleReferralAsk(
      emptyState,
      rules,
      new Date('2027-03-02T20:00:00Z'),
      SHANGHAI,
      'warm-reply',
    );
    expect(state.notices.map((n) => n.key)).toEqual(['2027-03-05:warm-reply']);
  });

  it('never stacks a second ask on a pending one', () => {
    const once = scheduleReferralAsk(emptyState, rules, at('2027-03-02'), SHANGHAI, 'survey');
    expect(scheduleReferralAsk(once, rules, at('2027-03-03'), SHANGHAI, 'warm-reply')).toBe(once);
  });

  it('spaces asks at least 180 days after the last one dealt with', () => {
    const asked: EngineState = { ...emptyState, done: { 'referral-ask': '2027-01-10:survey' } };
    // 2027-01-10 → 2027-07-08 is 179 days; → 2027-07-09 is 180.
    expect(scheduleReferralAsk(asked, rules, at('2027-07-08'), SHANGHAI, 'survey')).toBe(asked);
    expect(
      scheduleReferralAsk(asked, rules, at('2027-07-09'), SHANGHAI, 'survey').notices.map((n) => n.key),
    ).toEqual(['2027-07-11:survey']);
  });

  it('does nothing when the referral-ask rule is missing or disabled', () => {
    const off = rules.map((r) => (r.kind === 'referral-ask' ? { ...r, enabled: false } : r));
    expect(scheduleReferralAsk(emptyState, off, at('2027-03-02'), SHANGHAI, 'survey')).toBe(emptyState);
    const none = rules.filter((r) => r.kind !== 'referral-ask');
    expect(scheduleReferralAsk(emptyState, none, at('2027-03-02'), SHANGHAI, 'survey')).toBe(emptyState);
  });
});
