import { describe, expect, it } from 'vitest';
import type { CadenceRule } from '../../../functions/core/cadence/cadence-rules';
import {
  applyDealStage,
  dealVariables,
  referralThanks,
  staleReferral,
} from '../../../functions/core/cadence/deal-effects';
import { type Deal, dealSchema } from '../../../functions/core/customers/deal';
import { applyAction, planActions } from '../../../functions/core/planning/plan';
import { type EngineState, emptyState } from '../../../functions/core/planning/state';
import { lateReason } from '../../../functions/core/timeline/note-facts';
import { planContext, shippedRules } from '../../support/rules';

const SHANGHAI = 'Asia/Shanghai';
const rules = shippedRules.cadences;
/** 10:00 on 2027-03-02 in Shanghai. */
const now = new Date('2027-03-02T02:00:00Z');

const deal = (stage: Deal['stage'], overrides: Record<string, unknown> = {}): Deal =>
  dealSchema.parse({
    dealId: 'd1',
    customerId: 'c-1',
    stage,
    items: [{ name: 'walnut wardrobe', variant: 'oak', quantity: 1, unitPrice: 5000 }],
    amount: 5200,
    currency: 'cny',
    expectedAt: '2027-03-19T18:00:00Z',
    // 2027-03-01 01:00 in Shanghai, still 2027-02-28 in UTC.
    occurredAt: '2027-02-28T17:00:00Z',
    ...overrides,
  });

const d1Variables = (stage: Deal['stage']) => ({
  deal: {
    dealId: 'd1',
    orderRef: 'd1',
    stage,
    items: [{ name: 'walnut wardrobe', variant: 'oak', quantity: 1 }],
    itemNames: 'walnut wardrobe',
    amount: 5200,
    currency: 'CNY',
    expectedOn: '2027-03-20',
    occurredOn: '2027-03-01',
  },
});

/** The deal through `stages` in order, one webhook each, an hour apart. */
function through(state: EngineState, ...stages: Deal['stage'][]): EngineState {
  return stages.reduce(
    (s, stage, i) =>
      applyDealStage(s, deal(stage), rules, new Date(now.getTime() + i * 3_600_000), SHANGHAI).state,
    state,
  );
}

describe('dealVariables', () => {
  it('gives local dates: an instant on the customer’s calendar, a plain date as it is', () => {
    expect(dealVariables(deal('ordered'), '2027-03-01', SHANGHAI)).toEqual(d1Variables('ordered').deal);
    expect(
      dealVariables(deal('ordered', { expectedAt: '2027-04-01' }), '2027-03-01', SHANGHAI).expectedOn,
    ).toBe('2027-04-01');
    expect(
      dealVariables(deal('ordered', { expectedAt: undefined }), '2027-03-01', SHANGHAI).expectedOn,
    ).toBeNull();
  });
});

describe('applyDealStage', () => {
  it('a first order: the value, the first purchase (local date) and the order-progress notice due now', () => {
    const effects = applyDealStage(emptyState, deal('ordered'), rules, now, SHANGHAI);
    expect(effects).toEqual({
      state: {
        ...emptyState,
        value: {
          lifetime: 5200,
          deals: 1,
          firstPurchaseOn: '2027-03-01',
          firstItem: 'walnut wardrobe',
          lastPurchaseOn: '2027-03-01',
          items: ['walnut wardrobe'],
          log: { d1: { value: 5200, stages: ['ordered'] } },
        },
        notices: [
          {
            ruleId: 'order-progress',
            key: '2027-03-02:d1:ordered',
            template: 'order-ordered',
            dueOn: '2027-03-02',
            dueAt: '2027-03-02T02:00:00.000Z',
            dealId: 'd1',
            variables: d1Variables('ordered'),
          },
        ],
      },
      skipped: [],
      newDeal: true,
      firstDeal: true,
      valueBefore: 0,
      valueAfter: 5200,
    });
  });

  it('is idempotent: the same stage delivered again changes nothing, not even the object', () => {
    const once = applyDealStage(emptyState, deal('ordered'), rules, now, SHANGHAI);
    const again = applyDealStage(
      once.state,
      deal('ordered'),
      rules,
      new Date('2027-03-05T02:00:00Z'),
      SHANGHAI,
    );
    expect(again).toEqual({
      state: once.state,
      skipped: [],
      newDeal: false,
      firstDeal: false,
      valueBefore: 5200,
      valueAfter: 5200,
    });
    expect(again.state).toBe(once.state);
  });

  it('one notice per stage, each due when it arrives; the value is counted once', () => {
    const state = through(emptyState, 'ordered', 'in_production', 'shipped');
    expect(state.notices.map((n) => [n.key, n.template, n.dueAt])).toEqual([
      ['2027-03-02:d1:ordered', 'order-ordered', '2027-03-02T02:00:00.000Z'],
      ['2027-03-02:d1:in_production', 'order-in-production', '2027-03-02T03:00:00.000Z'],
      ['2027-03-02:d1:shipped', 'order-shipped', '2027-03-02T04:00:00.000Z'],
    ]);
    expect(state.value).toEqual({
      lifetime: 5200,
      deals: 1,
      firstPurchaseOn: '2027-03-01',
      firstItem: 'walnut wardrobe',
      lastPurchaseOn: '2027-03-01',
      items: ['walnut wardrobe'],
      log: { d1: { value: 5200, stages: ['ordered', 'in_production', 'shipped'] } },
    });
  });

  it('completion brings the survey afterDays (7) after the completion itself, with no fixed instant', () => {
    const effects = applyDealStage(emptyState, deal('completed'), rules, now, SHANGHAI);
    expect(effects.state.notices).toEqual([
      {
        ruleId: 'order-progress',
        key: '2027-03-02:d1:completed',
        template: 'order-completed',
        dueOn: '2027-03-02',
        dueAt: '2027-03-02T02:00:00.000Z',
        dealId: 'd1',
        variables: d1Variables('completed'),
      },
      {
        ruleId: 'satisfaction-survey',
        key: '2027-03-08:d1',
        template: 'satisfaction-survey',
        dueOn: '2027-03-08',
        dealId: 'd1',
        variables: d1Variables('completed'),
      },
    ]);
  });

  it('the planner sends the order notice at once (transactional) and the survey on its day', () => {
    const state = applyDealStage(emptyState, deal('completed'), rules, now, SHANGHAI).state;
    const ctx = planContext({ customerId: 'c-1', timezone: SHANGHAI, email: 'a@example.cn' }, { state });
    const plan = planActions(ctx, now).filter(
      (a) => a.rule === 'order-progress' || a.rule === 'satisfaction-survey',
    );
    expect(
      plan.map((a) => [a.rule, a.occurrence, a.marketing, a.at.toISOString() === now.toISOString()]),
    ).toEqual([
      ['order-progress', '2027-03-02:d1:completed', false, true],
      ['satisfaction-survey', '2027-03-08:d1', true, false],
    ]);
    expect(plan[1]?.date).toBe('2027-03-08');
    const after = applyAction(state, plan[0]!, now, ctx.rules);
    expect(after.notices.map((n) => n.key)).toEqual(['2027-03-08:d1']);
  });

  it('cancellation takes the value back and removes the deal’s pending notices only', () => {
    const other = applyDealStage(
      emptyState,
      deal('ordered', { dealId: 'd2', amount: 800, occurredAt: undefined }),
      rules,
      now,
      SHANGHAI,
    ).state;
    const before = through(other, 'ordered', 'completed');
    expect(before.value.lifetime).toBe(6000);
    const effects = applyDealStage(
      before,
      deal('cancelled'),
      rules,
      new Date('2027-03-03T02:00:00Z'),
      SHANGHAI,
    );
    expect(effects.valueBefore).toBe(6000);
    expect(effects.valueAfter).toBe(800);
    expect(effects.newDeal).toBe(false);
    expect(effects.state.value.lifetime).toBe(800);
    expect(effects.state.value.deals).toBe(1);
    expect(effects.state.value.log.d1).toEqual({ value: 0, stages: ['ordered', 'completed', 'cancelled'] });
    // The shipped order-progress rule has no 'cancelled' template: no notice for it.
    expect(effects.state.notices.map((n) => n.key)).toEqual(['2027-03-02:d2:ordered']);
    // Cancelled twice: nothing more.
    expect(applyDealStage(effects.state, deal('cancelled'), rules, now, SHANGHAI).state).toBe(effects.state);
  });

  it('sends a cancellation notice when the rule names a template for it', () => {
    const withCancel = rules.map(
      (r): CadenceRule =>
        r.kind === 'order-progress' ? { ...r, stages: { ...r.stages, cancelled: 'order-cancelled' } } : r,
    );
    const state = applyDealStage(emptyState, deal('ordered'), withCancel, now, SHANGHAI).state;
    const cancelled = applyDealStage(state, deal('cancelled'), withCancel, now, SHANGHAI).state;
    expect(cancelled.notices.map((n) => [n.key, n.template])).toEqual([
      ['2027-03-02:d1:cancelled', 'order-cancelled'],
    ]);
  });

  // Regression (`pending` in applyDealStage): cancellation once filtered
  // notices with `n.key.includes(':' + dealId)`, a substring test, so cancelling deal 'd1'
  // also deletes the pending notices of deal 'd10' (key '…:d10:ordered').
  it('cancelling deal d1 keeps the notices of deal d10', () => {
    const d10 = applyDealStage(emptyState, deal('ordered', { dealId: 'd10' }), rules, now, SHANGHAI).state;
    const both = applyDealStage(d10, deal('ordered'), rules, now, SHANGHAI).state;
    const cancelled = applyDealStage(both, deal('cancelled'), rules, now, SHANGHAI).state;
    expect(cancelled.notices.map((n) => n.key)).toEqual(['2027-03-02:d10:ordered']);
  });

  it('a second deal is not the first; an earlier backfilled one becomes the first purchase', () => {
    const first = applyDealStage(emptyState, deal('ordered'), rules, now, SHANGHAI).state;
    const second = applyDealStage(
      first,
      deal('ordered', {
        dealId: 'd0',
        amount: undefined,
        items: [{ name: 'chair', quantity: 4, unitPrice: 250 }],
        occurredAt: '2026-12-01T02:00:00Z',
      }),
      rules,
      now,
      SHANGHAI,
    );
    expect([second.newDeal, second.firstDeal, second.valueAfter]).toEqual([true, false, 6200]);
    expect(second.state.value).toMatchObject({ deals: 2, firstPurchaseOn: '2026-12-01', firstItem: 'chair' });
    const later = applyDealStage(
      first,
      deal('ordered', { dealId: 'd3', occurredAt: '2027-06-01T02:00:00Z' }),
      rules,
      now,
      SHANGHAI,
    );
    expect(later.state.value).toMatchObject({
      deals: 2,
      firstPurchaseOn: '2027-03-01',
      firstItem: 'walnut wardrobe',
    });
  });

  it('a disabled rule makes no notice, the value still counts', () => {
    const off = rules.map((r) => ({ ...r, enabled: false }));
    const effects = applyDealStage(emptyState, deal('completed'), off, now, SHANGHAI);
    expect(effects.state.notices).toEqual([]);
    expect(effects.state.value.lifetime).toBe(5200);
  });
});

describe('referralThanks', () => {
  const referred = { customerId: 'c-2', name: 'Li Lei' };
  const d = deal('ordered', { dealId: 'd9', customerId: 'c-2' });

  it('adds one thank-you for the referrer, with the referred customer’s name and deal', () => {
    const state = referralThanks(emptyState, rules, referred, d, now, SHANGHAI);
    expect(state.notices).toEqual([
      {
        ruleId: 'referral-thanks',
        key: '2027-03-02:c-2',
        template: 'referral-thanks',
        dueOn: '2027-03-02',
        variables: {
          referred: { name: 'Li Lei' },
          deal: { ...d1Variables('ordered').deal, dealId: 'd9', orderRef: 'd9', occurredOn: '2027-03-02' },
        },
      },
    ]);
  });

  it('only once per referred customer, however often it is called', () => {
    const once = referralThanks(emptyState, rules, referred, d, now, SHANGHAI);
    expect(referralThanks(once, rules, referred, d, new Date('2027-03-04T02:00:00Z'), SHANGHAI)).toBe(once);
    const another = referralThanks(once, rules, { customerId: 'c-3', name: 'Han Mei' }, d, now, SHANGHAI);
    expect(another.notices.map((n) => n.key)).toEqual(['2027-03-02:c-2', '2027-03-02:c-3']);
  });

  it('does nothing without an enabled referral-thanks rule', () => {
    const without = rules.filter((r) => r.kind !== 'referral-thanks');
    expect(referralThanks(emptyState, without, referred, d, now, SHANGHAI)).toBe(emptyState);
  });

  // Regression (referralThanks): the "already thanked" test is
  // `n.key.endsWith(':' + customerId)`, and customer ids may contain ':' (customerIdSchema),
  // so a pending thank-you for 'crm:42' swallows the one for '42'.
  it('thanks for referred customer 42 even while the one for crm:42 is pending', () => {
    const first = referralThanks(emptyState, rules, { customerId: 'crm:42', name: 'A' }, d, now, SHANGHAI);
    const second = referralThanks(first, rules, { customerId: '42', name: 'B' }, d, now, SHANGHAI);
    expect(second.notices.map((n) => n.key)).toEqual(['2027-03-02:crm:42', '2027-03-02:42']);
  });
});

describe('history is not news', () => {
  // An imported purchase from last spring, reported today.
  const old = (stage: Deal['stage']) =>
    deal(stage, { occurredAt: '2026-05-01T04:00:00Z', expectedAt: undefined });

  it('a stage reported more than 48 hours after it happened sends no order notice, and says why', () => {
    const effects = applyDealStage(emptyState, old('shipped'), rules, now, SHANGHAI);
    expect(effects.state.notices).toEqual([]);
    expect(effects.skipped).toEqual([
      {
        ruleId: 'order-progress',
        key: '2027-03-02:d1:shipped',
        dealId: 'd1',
        facts: { kind: 'late-stage', dealId: 'd1', stage: 'shipped', on: '2026-05-01', hours: 48 },
      },
    ]);
    expect(lateReason(effects.skipped[0]!.facts)).toBe(
      'the shipped stage happened on 2026-05-01, more than 48 hours before it was reported',
    );
  });

  it('an old completion sends neither notice nor survey, and still counts in full', () => {
    const effects = applyDealStage(emptyState, old('completed'), rules, now, SHANGHAI);
    expect(effects.state.notices).toEqual([]);
    expect(effects.skipped.map((s) => [s.ruleId, s.key])).toEqual([
      ['order-progress', '2027-03-02:d1:completed'],
      ['satisfaction-survey', '2026-05-08:d1'],
    ]);
    expect(lateReason(effects.skipped[1]!.facts)).toBe(
      'the survey was due on 2026-05-08, more than 7 days before the completion was reported',
    );
    expect(effects.state.value).toMatchObject({
      lifetime: 5200,
      deals: 1,
      firstPurchaseOn: '2026-05-01',
      lastPurchaseOn: '2026-05-01',
      items: ['walnut wardrobe'],
    });
    expect(effects).toMatchObject({ newDeal: true, firstDeal: true, valueAfter: 5200 });
  });

  it('the purchase anniversary of an old order still recurs, from the next one on', () => {
    const state = applyDealStage(emptyState, old('completed'), rules, now, SHANGHAI).state;
    const ctx = planContext({ customerId: 'c-1', timezone: SHANGHAI, email: 'a@example.cn' }, { state });
    const plan = planActions(ctx, now);
    expect(plan.filter((a) => a.rule === 'order-progress' || a.rule === 'satisfaction-survey')).toEqual([]);
    expect(plan.find((a) => a.rule === 'purchase-anniversary')?.date).toBe('2027-05-01');
  });

  it('the window is a rule parameter, and a stage within it still sends', () => {
    const wide = rules.map((r) => (r.kind === 'order-progress' ? { ...r, noticeWindowHours: 24 * 400 } : r));
    expect(applyDealStage(emptyState, old('shipped'), wide, now, SHANGHAI).state.notices).toHaveLength(1);
    const recent = deal('shipped', { occurredAt: '2027-03-01T03:00:00Z' });
    expect(applyDealStage(emptyState, recent, rules, now, SHANGHAI).skipped).toEqual([]);
  });

  it('a survey due within its maxDelayDays is still sent, on its day', () => {
    const lateReport = deal('completed', { occurredAt: '2027-02-20T04:00:00Z' });
    const effects = applyDealStage(emptyState, lateReport, rules, now, SHANGHAI);
    expect(effects.state.notices.map((n) => [n.ruleId, n.dueOn])).toEqual([
      ['satisfaction-survey', '2027-02-27'],
    ]);
  });

  it('no thank-you to the referrer for a first order placed long ago', () => {
    const referred = { customerId: 'c-2', name: 'Li Lei' };
    const first = deal('ordered', { dealId: 'd9', customerId: 'c-2', occurredAt: '2026-05-01T04:00:00Z' });
    expect(referralThanks(emptyState, rules, referred, first, now, SHANGHAI)).toBe(emptyState);
    const stale = staleReferral(rules, referred, first, now, SHANGHAI);
    expect(stale).toEqual({
      ruleId: 'referral-thanks',
      key: '2027-03-02:c-2',
      dealId: 'd9',
      facts: { kind: 'late-referral', dealId: 'd9', name: 'Li Lei', on: '2026-05-01', days: 7 },
    });
    expect(lateReason(stale!.facts)).toBe(
      "Li Lei's first order was on 2026-05-01, more than 7 days before it was reported",
    );
  });
});

describe('order references', () => {
  it('shows customers the backend’s orderRef or its own id, never an id the import made', () => {
    expect(
      dealVariables(deal('ordered', { orderRef: 'SO-2027-0042' }), '2027-03-01', SHANGHAI).orderRef,
    ).toBe('SO-2027-0042');
    expect(dealVariables(deal('ordered', { dealId: 'D-2001' }), '2027-03-01', SHANGHAI).orderRef).toBe(
      'D-2001',
    );
    const imported = deal('ordered', { dealId: 'd-3319abb6f99b179339a30fdf' });
    expect(dealVariables(imported, '2027-03-01', SHANGHAI).orderRef).toBeNull();
  });
});
