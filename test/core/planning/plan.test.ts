import { describe, expect, it } from 'vitest';
import { type Chase, startChase } from '../../../functions/core/cadence/chase';
import { localClock } from '../../../functions/core/calendars/local-time';
import type {
  CadenceAction,
  ChaseAction,
  DueAction,
  PlanContext,
} from '../../../functions/core/planning/actions';
import {
  applyAction,
  deferralKey,
  dueActions,
  nextAlarmAt,
  planActions,
} from '../../../functions/core/planning/plan';
import { type EngineState, emptyState, type Notice } from '../../../functions/core/planning/state';
import { onlyRules, planContext, shippedRules } from '../../support/rules';

const SHANGHAI = 'Asia/Shanghai';
/** The chased letter: 10:00 in Shanghai on Saturday 2027-02-06. */
const letterAt = new Date('2027-02-06T02:00:00Z');
const chaseOnly = onlyRules(shippedRules);

const shanghai = (overrides: Partial<Omit<PlanContext, 'customer'>> = {}): PlanContext =>
  planContext(
    { customerId: 'c-42', name: '王芳', timezone: SHANGHAI, email: 'wang@example.cn', locale: 'zh-CN' },
    { rules: chaseOnly, ...overrides },
  );
const stateWith = (...chases: Chase[]): EngineState => ({ ...emptyState, chases });
const chaseCtx = (...chases: Chase[]) => shanghai({ state: stateWith(...chases) });
const asChase = (action: DueAction | undefined): ChaseAction => {
  if (action?.type !== 'chase') throw new Error(`not a chase action: ${action?.rule}`);
  return action;
};
const asCadence = (action: DueAction | undefined): CadenceAction => {
  if (action?.type !== 'cadence') throw new Error(`not a cadence action: ${action?.rule}`);
  return action;
};

describe('planActions: the follow-up chase', () => {
  it('is empty for a customer without chases or rules', () => {
    expect(planActions(chaseCtx(), letterAt)).toEqual([]);
    expect(nextAlarmAt(chaseCtx(), letterAt)).toBeUndefined();
    expect(dueActions(chaseCtx(), new Date('2030-01-01T00:00:00Z'))).toEqual([]);
  });

  it('plans day 3 at 09:00 local, occurrence <chaseId>:1, marketing, with the caps priority of chase', () => {
    const chase = startChase('m1', 'email', 'hello-again', 'Hi', letterAt);
    expect(planActions(chaseCtx(chase), letterAt)).toEqual([
      {
        type: 'chase',
        rule: 'chase',
        at: new Date('2027-02-09T01:00:00.000Z'),
        occurrence: 'm1:1',
        date: '2027-02-09',
        priority: 6,
        marketing: true,
        maxDelayDays: 3,
        effect: { type: 'send', channel: 'email', template: 'chase-did-you-receive' },
        chaseId: 'm1',
        stepIndex: 0,
      },
    ]);
  });

  it('uses the chase channel for sends', () => {
    const chase = startChase('s1', 'sms', 'hello-again', undefined, letterAt);
    expect(asChase(planActions(chaseCtx(chase), letterAt)[0]).effect).toEqual({
      type: 'send',
      channel: 'sms',
      template: 'chase-did-you-receive',
    });
  });

  it('plans one action per active chase, earliest first, skipping ended chases', () => {
    const later = startChase('later', 'email', 't', undefined, new Date('2027-02-08T02:00:00Z'));
    const earlier: Chase = {
      ...startChase('earlier', 'sms', 't', undefined, new Date('2027-02-01T02:00:00Z')),
      step: 1,
    };
    const stopped: Chase = {
      ...startChase('stopped', 'email', 't', undefined, new Date('2027-01-01T02:00:00Z')),
      status: 'stopped',
    };
    const ctx = chaseCtx(later, stopped, earlier);
    const now = new Date('2027-02-01T02:00:00Z');
    expect(planActions(ctx, now).map((a) => [asChase(a).chaseId, a.occurrence, a.at.toISOString()])).toEqual([
      ['earlier', 'earlier:2', '2027-02-05T01:00:00.000Z'],
      ['later', 'later:1', '2027-02-11T01:00:00.000Z'],
    ]);
    expect(nextAlarmAt(ctx, now)?.toISOString()).toBe('2027-02-05T01:00:00.000Z');
  });

  it('plans the call task last, occurrence <chaseId>:3, not marketing', () => {
    const chase: Chase = {
      ...startChase('m1', 'email', 't', undefined, letterAt),
      lastAt: '2027-02-13T01:00:00.000Z',
      step: 2,
    };
    expect(planActions(chaseCtx(chase), letterAt)).toEqual([
      {
        type: 'chase',
        rule: 'chase',
        at: new Date('2027-02-16T01:00:00.000Z'),
        occurrence: 'm1:3',
        date: '2027-02-16',
        priority: 6,
        marketing: false,
        maxDelayDays: 3,
        effect: { type: 'call-task', template: 'owner-call-task' },
        chaseId: 'm1',
        stepIndex: 2,
      },
    ]);
  });

  it("follows the customer's time zone across the spring-forward day", () => {
    const ny = planContext(
      { customerId: 'c-ny', timezone: 'America/New_York', email: 'a@example.com' },
      {
        rules: chaseOnly,
        state: stateWith(startChase('m1', 'email', 't', undefined, new Date('2027-03-11T15:00:00Z'))),
      },
    );
    // 2027-03-11 10:00 EST; day 3 is 2027-03-14 (DST starts) at 09:00 EDT.
    expect(nextAlarmAt(ny, new Date('2027-03-11T15:00:00Z'))?.toISOString()).toBe('2027-03-14T13:00:00.000Z');
  });

  it('moves a late send into the window (after 20:00 → 09:00 next day), but not a call task', () => {
    const send = startChase('m1', 'email', 't', undefined, letterAt);
    // 2027-02-09 21:00 in Shanghai: the window has closed.
    expect(nextAlarmAt(chaseCtx(send), new Date('2027-02-09T13:00:00Z'))?.toISOString()).toBe(
      '2027-02-10T01:00:00.000Z',
    );
    // 15:30 in Shanghai: open, so at once.
    expect(nextAlarmAt(chaseCtx(send), new Date('2027-02-09T07:30:00Z'))?.toISOString()).toBe(
      '2027-02-09T07:30:00.000Z',
    );
    const call: Chase = { ...send, lastAt: '2027-02-13T01:00:00.000Z', step: 2 };
    // 23:00 in Shanghai: the owner's task is due at once.
    expect(nextAlarmAt(chaseCtx(call), new Date('2027-02-16T15:00:00Z'))?.toISOString()).toBe(
      '2027-02-16T15:00:00.000Z',
    );
  });

  it('plans a capped chase step on its deferred date at the chase time, keeping its original date', () => {
    const chase = startChase('m1', 'email', 't', undefined, letterAt);
    const state: EngineState = {
      ...stateWith(chase),
      deferred: { 'chase|m1:1': { until: '2027-02-11', from: '2027-02-09', reason: 'capped-7d' } },
    };
    const [action] = planActions(shanghai({ state }), letterAt);
    expect([action?.at.toISOString(), action?.occurrence, action?.date]).toEqual([
      '2027-02-11T01:00:00.000Z',
      'm1:1',
      '2027-02-09',
    ]);
  });
});

describe('dueActions', () => {
  const ctx = chaseCtx(startChase('m1', 'email', 't', undefined, letterAt));

  it('is empty before the time', () => {
    expect(dueActions(ctx, new Date('2027-02-09T00:59:59.999Z'))).toEqual([]);
  });

  it('includes an action exactly at its time and after it', () => {
    expect(dueActions(ctx, new Date('2027-02-09T01:00:00Z')).map((a) => a.occurrence)).toEqual(['m1:1']);
    expect(dueActions(ctx, new Date('2027-02-10T05:00:00Z')).map((a) => a.occurrence)).toEqual(['m1:1']);
  });

  it('returns only the due ones of several chases', () => {
    const other = startChase('m2', 'sms', 't', undefined, new Date('2027-02-08T02:00:00Z'));
    const both = chaseCtx(other, startChase('m1', 'email', 't', undefined, letterAt));
    // 10:00 on 2027-02-10 in Shanghai: m1:1 (day 3 = 02-09) is late and due, m2:1 (02-11) is not.
    expect(dueActions(both, new Date('2027-02-10T02:00:00Z')).map((a) => a.occurrence)).toEqual(['m1:1']);
    // 08:00 local: the window is closed, so even the late step waits for 09:00.
    expect(dueActions(both, new Date('2027-02-10T00:00:00Z'))).toEqual([]);
  });
});

describe('a busy day: every rule falls on 2027-10-01 in Shanghai', () => {
  const notice = (ruleId: string, what: string): Notice => ({
    ruleId,
    key: `2027-10-01:${what}`,
    template: ruleId,
    dueOn: '2027-10-01',
    variables: {},
  });
  const state: EngineState = {
    ...emptyState,
    chases: [startChase('m1', 'email', 'hello-again', 'S', new Date('2027-09-28T02:00:00Z'))],
    value: { lifetime: 100, deals: 1, firstPurchaseOn: '2026-10-01', firstItem: 'wardrobe', log: {} },
    notices: [
      notice('satisfaction-survey', 'd1'),
      notice('referral-thanks', 'r1'),
      notice('referral-ask', 'survey'),
    ],
  };
  const busy = planContext(
    {
      customerId: 'c-busy',
      timezone: SHANGHAI,
      country: 'CN',
      birthday: '10-01',
      weddingAnniversary: '10-01',
      email: 'busy@example.cn',
    },
    // 2026-11-05 + 330 days = 2027-10-01: the yearly check-in too.
    { since: '2026-11-05', state },
  );

  it('plans each rule at its own spread time of day, earliest first', () => {
    const plan = planActions(busy, new Date('2027-09-30T00:00:00Z'));
    expect(plan.map((a) => [a.rule, a.occurrence, localClock(a.at, SHANGHAI).minutes])).toEqual([
      ['chase', 'm1:1', 9 * 60],
      ['birthday', '2027-10-01', 9 * 60 + 8],
      ['referral-thanks', '2027-10-01:r1', 10 * 60],
      ['monthly-letter', '2027-10-01', 10 * 60 + 7],
      ['wedding-anniversary', '2027-10-01', 10 * 60 + 24],
      ['festival-greetings', '2027-10-01:national-day-cn', 10 * 60 + 30],
      ['purchase-anniversary', '2027-10-01', 11 * 60 + 29],
      ['referral-ask', '2027-10-01:survey', 12 * 60 + 3],
      ['yearly-check-in', '2027-10-01', 12 * 60 + 12],
      ['satisfaction-survey', '2027-10-01:d1', 12 * 60 + 19],
    ]);
    expect(
      plan.every((a) => localClock(a.at, SHANGHAI).date === '2027-10-01' && a.date === '2027-10-01'),
    ).toBe(true);
  });

  it('nextAlarmAt is the earliest planned instant', () => {
    const now = new Date('2027-09-30T00:00:00Z');
    const earliest = Math.min(...planActions(busy, now).map((a) => a.at.getTime()));
    expect(nextAlarmAt(busy, now)?.toISOString()).toBe('2027-10-01T01:00:00.000Z');
    expect(nextAlarmAt(busy, now)?.getTime()).toBe(earliest);
  });

  it('runs what is due in caps.json priority order, not time order', () => {
    const due = dueActions(busy, new Date('2027-10-01T11:00:00Z'));
    expect(due.map((a) => a.rule)).toEqual([
      'birthday',
      'wedding-anniversary',
      'purchase-anniversary',
      'festival-greetings',
      'chase',
      'satisfaction-survey',
      'referral-thanks',
      'referral-ask',
      'monthly-letter',
      'yearly-check-in',
    ]);
    // The customer's own dates (priority 3), the business's occasions (5) and campaigns (10) have nothing waiting here.
    expect(due.map((a) => a.priority)).toEqual([0, 1, 2, 4, 6, 7, 8, 9, 11, 12]);
    const idle = ['re-engagement', 'campaigns', 'customer-dates', 'business-occasions'];
    expect(due.map((a) => a.rule)).toEqual(shippedRules.caps.priority.filter((id) => !idle.includes(id)));
    // At 19:00 local everything is late, so everything is due now.
    expect(new Set(due.map((a) => a.at.toISOString()))).toEqual(new Set(['2027-10-01T11:00:00.000Z']));
  });

  it('only what is due: at 09:05 local the chase, not the 09:08 birthday', () => {
    expect(dueActions(busy, new Date('2027-10-01T01:05:00Z')).map((a) => a.rule)).toEqual(['chase']);
    expect(dueActions(busy, new Date('2027-10-01T01:08:00Z')).map((a) => a.rule)).toEqual([
      'birthday',
      'chase',
    ]);
  });
});

describe('applyAction', () => {
  it('walks a chase through all three steps on days 3, 7 and 10, the call task last', () => {
    let ctx = chaseCtx(startChase('m1', 'email', 't', 'S', letterAt));
    const seen: string[] = [];
    let now = letterAt;
    for (let i = 0; i < 3; i++) {
      const action = asChase(planActions(ctx, now)[0]);
      now = action.at;
      seen.push(`${action.occurrence}@${action.at.toISOString()}:${action.effect.type}`);
      expect(dueActions(ctx, now)).toEqual([action]);
      ctx = { ...ctx, state: applyAction(ctx.state, action, action.at, ctx.rules) };
    }
    expect(seen).toEqual([
      'm1:1@2027-02-09T01:00:00.000Z:send',
      'm1:2@2027-02-13T01:00:00.000Z:send',
      'm1:3@2027-02-16T01:00:00.000Z:call-task',
    ]);
    expect(ctx.state.chases).toEqual([
      {
        id: 'm1',
        channel: 'email',
        template: 't',
        subject: 'S',
        startedAt: '2027-02-06T02:00:00.000Z',
        lastAt: '2027-02-16T01:00:00.000Z',
        step: 3,
        status: 'completed',
        endedAt: '2027-02-16T01:00:00.000Z',
        endedBy: 'last-step',
      },
    ]);
    expect(ctx.state.done).toEqual({});
    expect(planActions(ctx, now)).toEqual([]);
    expect(nextAlarmAt(ctx, now)).toBeUndefined();
  });

  it('touches only the chase the action belongs to, and keeps the rest of the state', () => {
    const a = startChase('a', 'email', 't', undefined, letterAt);
    const b = startChase('b', 'sms', 't', undefined, letterAt);
    const state: EngineState = {
      ...emptyState,
      version: 7,
      chases: [a, b],
      suppressed: { sms: { reason: 'STOP', at: '2027-01-01T00:00:00.000Z' } },
      lastSent: { email: { messageId: 'a', at: '2027-02-06T02:00:00.000Z' } },
      lastReplyAt: '2027-01-02T00:00:00.000Z',
      done: { 'monthly-letter': '2027-02-01' },
      marketingSent: ['2027-02-01T02:00:00.000Z'],
    };
    const action = planActions(shanghai({ state }), letterAt).find((x) => asChase(x).chaseId === 'b')!;
    const next = applyAction(state, action, new Date('2027-02-09T01:00:00Z'), chaseOnly);
    expect(next).toEqual({ ...state, chases: [a, { ...b, step: 1, lastAt: '2027-02-09T01:00:00.000Z' }] });
    expect(state.chases[1]).toBe(b);
  });

  it('removes the deferral of the chase step it settles', () => {
    const state: EngineState = {
      ...stateWith(startChase('m1', 'email', 't', undefined, letterAt)),
      deferred: {
        'chase|m1:1': { until: '2027-02-11', from: '2027-02-09', reason: 'capped-7d' },
        'monthly-letter|2027-02-01': { until: '2027-02-12', from: '2027-02-01', reason: 'capped-30d' },
      },
    };
    const [action] = planActions(shanghai({ state }), letterAt);
    const next = applyAction(state, action!, action!.at, chaseOnly);
    expect(next.deferred).toEqual({
      'monthly-letter|2027-02-01': { until: '2027-02-12', from: '2027-02-01', reason: 'capped-30d' },
    });
    expect(next.chases[0]?.step).toBe(1);
  });

  it('is a no-op when the action is applied twice (duplicate fire)', () => {
    const state = stateWith(startChase('m1', 'email', 't', undefined, letterAt));
    const [action] = planActions(shanghai({ state }), letterAt);
    const once = applyAction(state, action!, action!.at, chaseOnly);
    const twice = applyAction(once, action!, new Date('2027-02-09T01:05:00Z'), chaseOnly);
    expect(twice).toEqual(once);
  });

  it('does not revive a chase stopped by a reply before the action ran', () => {
    const chase = startChase('m1', 'email', 't', undefined, letterAt);
    const [action] = planActions(chaseCtx(chase), letterAt);
    const stopped: Chase = {
      ...chase,
      status: 'stopped',
      endedAt: '2027-02-08T00:00:00.000Z',
      endedBy: 'reply',
    };
    expect(applyAction(stateWith(stopped), action!, action!.at, chaseOnly).chases).toEqual([stopped]);
  });

  it('marks a cadence occurrence done, so the next plan moves on to the next one', () => {
    const ctx = planContext(
      { customerId: 'c-7', timezone: SHANGHAI, country: 'CN', email: 'a@example.cn' },
      { rules: onlyRules(shippedRules, 'monthly-letter') },
    );
    const now = new Date('2027-02-20T00:00:00Z');
    const march = asCadence(planActions(ctx, now)[0]);
    expect([march.rule, march.occurrence, march.kind, march.template, march.marketing]).toEqual([
      'monthly-letter',
      '2027-03-01',
      'monthly-letter',
      'monthly-letter',
      true,
    ]);
    const state = applyAction(ctx.state, march, march.at, ctx.rules);
    expect(state.done).toEqual({ 'monthly-letter': '2027-03-01' });
    expect(planActions({ ...ctx, state }, march.at).map((a) => a.occurrence)).toEqual(['2027-04-01']);
    // An older occurrence settled late never moves `done` backwards.
    const older = applyAction(state, { ...march, occurrence: '2027-02-01' }, march.at, ctx.rules);
    expect(older.done).toEqual({ 'monthly-letter': '2027-03-01' });
  });

  it('removes the deferral and the notice it settles, and only those', () => {
    const survey: Notice = {
      ruleId: 'satisfaction-survey',
      key: '2027-03-08:d1',
      template: 'satisfaction-survey',
      dueOn: '2027-03-08',
      variables: { deal: { dealId: 'd1' } },
    };
    const other: Notice = { ...survey, key: '2027-03-09:d2' };
    const thanks: Notice = { ...survey, ruleId: 'referral-thanks', template: 'referral-thanks' };
    const state: EngineState = {
      ...emptyState,
      notices: [survey, other, thanks],
      deferred: {
        [deferralKey('satisfaction-survey', '2027-03-08:d1')]: {
          until: '2027-03-10',
          from: '2027-03-08',
          reason: 'capped-7d',
        },
        'satisfaction-survey|2027-03-09:d2': { until: '2027-03-11', from: '2027-03-09', reason: 'capped-7d' },
      },
    };
    const ctx = planContext(
      { customerId: 'c-8', timezone: SHANGHAI, email: 'a@example.cn' },
      { rules: onlyRules(shippedRules, 'satisfaction-survey', 'referral-thanks'), state },
    );
    const action = planActions(ctx, new Date('2027-03-01T00:00:00Z')).find(
      (a) => a.rule === 'satisfaction-survey' && a.occurrence === '2027-03-08:d1',
    )!;
    // Deferred: on its new date, inside the survey's 10:00 + 180 min spread.
    expect(localClock(action.at, SHANGHAI).date).toBe('2027-03-10');
    expect(localClock(action.at, SHANGHAI).minutes).toBeGreaterThanOrEqual(600);
    expect(localClock(action.at, SHANGHAI).minutes).toBeLessThanOrEqual(780);
    const next = applyAction(state, action, action.at, ctx.rules);
    expect(next.notices).toEqual([other, thanks]);
    expect(Object.keys(next.deferred)).toEqual(['satisfaction-survey|2027-03-09:d2']);
    expect(next.done).toEqual({ 'satisfaction-survey': '2027-03-08:d1' });
  });
});
