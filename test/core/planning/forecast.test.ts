import { describe, expect, it } from 'vitest';
import { startChase } from '../../../functions/core/cadence/chase';
import { customerInputSchema } from '../../../functions/core/customers/customer';
import { forecast, resolveChannel } from '../../../functions/core/planning/forecast';
import { type EngineState, emptyState } from '../../../functions/core/planning/state';
import { onlyRules, planContext, shippedRules, withCaps, withFestivalsOf2026 } from '../../support/rules';

const START = new Date('2027-01-01T00:00:00Z');
const typical = {
  customerId: 'c-typical',
  timezone: 'Asia/Shanghai',
  country: 'CN',
  birthday: '1985-09-12',
  weddingAnniversary: '06-18',
  email: 'wang@example.cn',
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('forecast', () => {
  it('is pure: it never touches the state it was given', () => {
    const state: EngineState = {
      ...emptyState,
      chases: [startChase('m1', 'email', 'hello-again', 'S', new Date('2027-01-05T02:00:00Z'))],
      marketingSent: ['2026-12-28T02:00:00.000Z'],
      notices: [
        {
          ruleId: 'satisfaction-survey',
          key: '2027-01-20:d1',
          template: 'satisfaction-survey',
          dueOn: '2027-01-20',
          variables: {},
        },
      ],
    };
    const snapshot = structuredClone(state);
    const ctx = planContext(typical, { state: deepFreeze(state) });
    const entries = forecast(ctx, START, 365);
    expect(state).toEqual(snapshot);
    expect(entries.some((e) => e.rule === 'chase')).toBe(true);
    expect(forecast(ctx, START, 365)).toEqual(entries);
  });

  it('lists entries in time order', () => {
    const entries = forecast(planContext(typical, { tier: 'A' }), START, 365);
    const times = entries.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('a typical tier-C customer in Shanghai gets 20 messages a year: 12 letters, 6 festivals, 2 personal dates', () => {
    const entries = forecast(planContext(typical, { rules: withFestivalsOf2026(shippedRules) }), START, 365);
    const count = (rule: string) => entries.filter((e) => e.rule === rule).length;
    expect(entries).toHaveLength(20);
    expect(entries.every((e) => e.status === 'scheduled' && e.channel === 'email')).toBe(true);
    expect([
      count('monthly-letter'),
      count('festival-greetings'),
      count('birthday'),
      count('wedding-anniversary'),
    ]).toEqual([12, 6, 1, 1]);
  });

  it('a tier-A customer gets more, but the caps still hold them to 8 in any 30 days', () => {
    const entries = forecast(planContext(typical, { tier: 'A' }), START, 365);
    const sent = entries.filter((e) => e.status === 'scheduled').map((e) => Date.parse(e.at));
    expect(sent.length).toBeGreaterThan(30);
    expect(sent.length).toBeLessThan(45);
    for (const t of sent)
      expect(sent.filter((u) => u <= t && u > t - 30 * 86_400_000).length).toBeLessThanOrEqual(8);
  });

  it('shows the chase as the engine would run it: sends on the chase channel, then the owner’s task', () => {
    const state: EngineState = {
      ...emptyState,
      chases: [startChase('m1', 'sms', 'hello-again', undefined, new Date('2027-03-02T02:00:00Z'))],
    };
    const ctx = planContext(
      { ...typical, phone: '+8613800138000' },
      { state, rules: onlyRules(shippedRules) },
    );
    const chase = forecast(ctx, new Date('2027-03-02T02:00:00Z'), 14).filter((e) => e.rule === 'chase');
    expect(chase.map((e) => [e.at, e.occurrence, e.template, e.channel, e.marketing, e.status])).toEqual([
      ['2027-03-05T01:00:00.000Z', 'm1:1', 'chase-did-you-receive', 'sms', true, 'scheduled'],
      ['2027-03-09T01:00:00.000Z', 'm1:2', 'chase-product-intro', 'sms', true, 'scheduled'],
      ['2027-03-12T01:00:00.000Z', 'm1:3', 'owner-call-task', 'task', false, 'scheduled'],
    ]);
  });

  it('marks a customer with no address as channel none, and then the no-touch rule comes due', () => {
    const { email: _email, ...noAddress } = typical;
    const entries = forecast(planContext(noAddress), START, 365);
    expect(entries.every((e) => e.channel === 'none')).toBe(true);
    // Nothing reaches them, so 330 days after filing the yearly check-in is due.
    expect(entries.filter((e) => e.rule === 'yearly-check-in').map((e) => e.local.slice(0, 10))).toEqual([
      '2027-11-27',
    ]);
  });

  // Regression (forecast): a chase step dropped by the caps is
  // applied with applyAction alone, which *advances* the chase, so the forecast goes on to
  // show step 2 and the owner's call task. The engine (functions/engine/fire/fire.ts holdBack,
  // ~line 211) stops the chase with stopChase(…, 'capped') instead. Suggested fix: mirror
  // fire.ts: `if (action.type === 'chase') state = { ...state, chases: stopChase(state.chases, action.chaseId, t, 'capped') }`.
  it('stops a chase whose step the caps dropped, as the engine does', () => {
    const tight = withCaps(shippedRules, { C: { per7Days: 1, per30Days: 4 } });
    const state: EngineState = {
      ...emptyState,
      chases: [startChase('m1', 'email', 'hello-again', 'S', new Date('2027-03-02T02:00:00Z'))],
      marketingSent: ['2027-03-02T02:00:00.000Z'],
    };
    const ctx = planContext(typical, { rules: tight, state, since: '2027-03-02' });
    const chase = forecast(ctx, new Date('2027-03-02T02:00:00Z'), 30).filter((e) => e.rule === 'chase');
    expect(chase.map((e) => [e.occurrence, e.status])).toEqual([['m1:1', 'dropped']]);
  });
});

describe('resolveChannel', () => {
  const customer = (input: Record<string, unknown>) => ({
    ...customerInputSchema.parse({ name: 'T', country: 'CN', ...input }),
    customerId: 'c-1',
  });
  const both = customer({ email: 'a@example.cn', phone: '+8613800138000' });

  it('email-then-sms prefers email, falls back to SMS, else none', () => {
    expect(resolveChannel(both, emptyState, 'email-then-sms')).toBe('email');
    expect(resolveChannel(customer({ phone: '+8613800138000' }), emptyState, 'email-then-sms')).toBe('sms');
    expect(resolveChannel(customer({}), emptyState, 'email-then-sms')).toBe('none');
  });

  it('honours suppression and consent, and a single-channel policy never falls back', () => {
    const suppressed: EngineState = {
      ...emptyState,
      suppressed: { email: { reason: 'bounce', at: '2027-01-01T00:00:00.000Z' } },
    };
    expect(resolveChannel(both, suppressed, 'email-then-sms')).toBe('sms');
    expect(resolveChannel(both, suppressed, 'email')).toBe('none');
    expect(resolveChannel({ ...both, consent: { email: true, sms: false } }, emptyState, 'sms')).toBe('none');
  });
});
