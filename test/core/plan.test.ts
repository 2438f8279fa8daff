import { describe, expect, it } from 'vitest';
import { type Chase, defaultChaseRule, startChase } from '../../functions/core/chase';
import { type Customer, customerInputSchema } from '../../functions/core/customer';
import {
  applyAction,
  type DueAction,
  dueActions,
  nextAlarmAt,
  planActions,
  type Rules,
} from '../../functions/core/plan';
import { type EngineState, emptyState } from '../../functions/core/state';

const rules: Rules = { chase: defaultChaseRule };
const customer: Customer = {
  ...customerInputSchema.parse({ name: '王芳', timezone: 'Asia/Shanghai', email: 'wang@example.cn' }),
  customerId: 'c-42',
};

const stateWith = (...chases: Chase[]): EngineState => ({ ...emptyState, chases });

describe('planActions', () => {
  it('is empty for a customer without chases', () => {
    expect(planActions(customer, emptyState, rules)).toEqual([]);
    expect(nextAlarmAt(customer, emptyState, rules)).toBeUndefined();
  });

  it('plans the first chase step with occurrence <chaseId>:1', () => {
    const chase = startChase('m1', 'email', 'hello-again', 'Hi', new Date('2027-02-06T02:00:00Z'));
    expect(planActions(customer, stateWith(chase), rules)).toEqual([
      {
        rule: 'chase',
        at: new Date('2027-02-09T01:00:00.000Z'),
        occurrence: 'm1:1',
        effect: { type: 'send', channel: 'email', template: 'chase-did-you-receive' },
        chaseId: 'm1',
        stepIndex: 0,
      },
    ]);
  });

  it('uses the chase channel for sends', () => {
    const chase = startChase('s1', 'sms', 'hello-again', undefined, new Date('2027-02-06T02:00:00Z'));
    expect(planActions(customer, stateWith(chase), rules)[0]?.effect).toEqual({
      type: 'send',
      channel: 'sms',
      template: 'chase-did-you-receive',
    });
  });

  it('plans one action per active chase, earliest first, skipping ended chases', () => {
    const later = startChase('later', 'email', 't', undefined, new Date('2027-02-08T02:00:00Z'));
    const earlier = {
      ...startChase('earlier', 'sms', 't', undefined, new Date('2027-02-01T02:00:00Z')),
      step: 1,
    };
    const stopped: Chase = {
      ...startChase('stopped', 'email', 't', undefined, new Date('2027-01-01T02:00:00Z')),
      status: 'stopped',
    };
    const actions = planActions(customer, stateWith(later, stopped, earlier), rules);
    expect(actions.map((a) => [a.chaseId, a.occurrence, a.at.toISOString()])).toEqual([
      ['earlier', 'earlier:2', '2027-02-05T01:00:00.000Z'],
      ['later', 'later:1', '2027-02-11T01:00:00.000Z'],
    ]);
    expect(nextAlarmAt(customer, stateWith(later, stopped, earlier), rules)?.toISOString()).toBe(
      '2027-02-05T01:00:00.000Z',
    );
  });

  it('plans the call task as the last step, occurrence <chaseId>:3', () => {
    const chase: Chase = {
      ...startChase('m1', 'email', 't', undefined, new Date('2027-02-06T02:00:00Z')),
      lastAt: '2027-02-13T01:00:00.000Z',
      step: 2,
    };
    expect(planActions(customer, stateWith(chase), rules)).toEqual([
      {
        rule: 'chase',
        at: new Date('2027-02-16T01:00:00.000Z'),
        occurrence: 'm1:3',
        effect: { type: 'call-task', template: 'owner-call-task' },
        chaseId: 'm1',
        stepIndex: 2,
      },
    ]);
  });

  it("follows the customer's time zone", () => {
    const ny: Customer = { ...customer, timezone: 'America/New_York' };
    const chase = startChase('m1', 'email', 't', undefined, new Date('2027-03-11T15:00:00Z'));
    // 2027-03-11 10:00 EST; day 3 is 2027-03-14 (DST starts) at 09:00 EDT.
    expect(nextAlarmAt(ny, stateWith(chase), rules)?.toISOString()).toBe('2027-03-14T13:00:00.000Z');
  });
});

describe('dueActions', () => {
  const chase = startChase('m1', 'email', 't', undefined, new Date('2027-02-06T02:00:00Z'));
  const state = stateWith(chase);

  it('is empty before the time', () => {
    expect(dueActions(customer, state, rules, new Date('2027-02-09T00:59:59.999Z'))).toEqual([]);
  });

  it('includes an action exactly at its time and after it', () => {
    expect(
      dueActions(customer, state, rules, new Date('2027-02-09T01:00:00Z')).map((a) => a.occurrence),
    ).toEqual(['m1:1']);
    expect(
      dueActions(customer, state, rules, new Date('2027-03-01T00:00:00Z')).map((a) => a.occurrence),
    ).toEqual(['m1:1']);
  });

  it('returns only the due ones of several chases', () => {
    const other = startChase('m2', 'sms', 't', undefined, new Date('2027-02-08T02:00:00Z'));
    const due = dueActions(customer, stateWith(other, chase), rules, new Date('2027-02-10T00:00:00Z'));
    expect(due.map((a) => a.occurrence)).toEqual(['m1:1']);
  });
});

describe('applyAction', () => {
  it('walks a chase through all three steps to completion, occurrences m1:1..m1:3', () => {
    let state = stateWith(startChase('m1', 'email', 't', 'S', new Date('2027-02-06T02:00:00Z')));
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [action] = planActions(customer, state, rules);
      expect(action).toBeDefined();
      seen.push(`${action!.occurrence}@${action!.at.toISOString()}:${action!.effect.type}`);
      state = applyAction(state, action!, action!.at, rules);
    }
    expect(seen).toEqual([
      'm1:1@2027-02-09T01:00:00.000Z:send',
      'm1:2@2027-02-13T01:00:00.000Z:send',
      'm1:3@2027-02-16T01:00:00.000Z:call-task',
    ]);
    expect(state.chases).toEqual([
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
    expect(planActions(customer, state, rules)).toEqual([]);
    expect(nextAlarmAt(customer, state, rules)).toBeUndefined();
  });

  it('touches only the chase the action belongs to, and keeps the rest of the state', () => {
    const a = startChase('a', 'email', 't', undefined, new Date('2027-02-06T02:00:00Z'));
    const b = startChase('b', 'sms', 't', undefined, new Date('2027-02-06T02:00:00Z'));
    const state: EngineState = {
      version: 7,
      chases: [a, b],
      suppressed: { sms: { reason: 'STOP', at: '2027-01-01T00:00:00.000Z' } },
      lastSent: { email: { messageId: 'a', at: '2027-02-06T02:00:00.000Z' } },
      lastReplyAt: '2027-01-02T00:00:00.000Z',
    };
    const action = planActions(customer, state, rules).find((x) => x.chaseId === 'b')!;
    const next = applyAction(state, action, new Date('2027-02-09T01:00:00Z'), rules);
    expect(next).toEqual({
      ...state,
      chases: [a, { ...b, step: 1, lastAt: '2027-02-09T01:00:00.000Z' }],
    });
    expect(state.chases[1]).toBe(b);
  });

  it('is a no-op when the action is applied twice (duplicate fire)', () => {
    const state = stateWith(startChase('m1', 'email', 't', undefined, new Date('2027-02-06T02:00:00Z')));
    const [action] = planActions(customer, state, rules);
    const once = applyAction(state, action!, action!.at, rules);
    const twice = applyAction(once, action!, new Date('2027-02-09T01:05:00Z'), rules);
    expect(twice).toEqual(once);
  });

  it('does not revive a chase stopped by a reply before the action ran', () => {
    const chase = startChase('m1', 'email', 't', undefined, new Date('2027-02-06T02:00:00Z'));
    const [action] = planActions(customer, stateWith(chase), rules);
    const stopped: Chase = {
      ...chase,
      status: 'stopped',
      endedAt: '2027-02-08T00:00:00.000Z',
      endedBy: 'reply',
    };
    const next = applyAction(stateWith(stopped), action as DueAction, action!.at, rules);
    expect(next.chases).toEqual([stopped]);
  });
});
