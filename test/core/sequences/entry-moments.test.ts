import { describe, expect, it } from 'vitest';
import type { Deal } from '../../../functions/core/customers/deal';
import { emptyState } from '../../../functions/core/planning/state';
import { nextEntry, silenceReachedOn, triggerDates } from '../../../functions/core/sequences/entry-moments';
import { notePurchase } from '../../../functions/core/sequences/purchases';
import { sequenceSchema, sequenceTriggerSchema } from '../../../functions/core/sequences/sequence-definition';
import { onlyRules, planContext, shippedRules } from '../../support/rules';

// 10:00 in Shanghai, Saturday 2027-02-06.
const now = new Date('2027-02-06T02:00:00Z');
const SHANGHAI = 'Asia/Shanghai';
const dateTrigger = (over: Record<string, unknown>) => {
  const trigger = sequenceTriggerSchema.parse({ kind: 'date', ...over });
  if (trigger.kind !== 'date') throw new Error('not a date trigger');
  return trigger;
};
const customer = (over: Record<string, unknown> = {}) =>
  planContext({ customerId: 'c-wang', timezone: SHANGHAI, email: 'w@example.cn', ...over }).customer;
const flow = (trigger: Record<string, unknown>, over: Record<string, unknown> = {}) =>
  sequenceSchema.parse({
    id: 'flow',
    name: 'flow',
    trigger,
    steps: [{ id: 'hello', type: 'send', template: 'sequence-welcome-hello' }],
    ...over,
  });
const deal = (over: Partial<Deal>): Deal => ({
  dealId: 'd1',
  customerId: 'c-wang',
  stage: 'completed',
  items: [{ name: 'water filter', quantity: 1, years: 3 }],
  ...over,
});

describe('triggerDates', () => {
  it('falls yearly on the month and day, moved by the offset, never on the date itself', () => {
    const trigger = dateTrigger({ field: 'birthday', yearly: true, offsetDays: -3 });
    const birthday = customer({ birthday: '2026-03-01' });
    expect(triggerDates(trigger, birthday, emptyState, '2026-01-01', '2028-12-31').map((m) => m.key)).toEqual(
      ['2027-02-26', '2028-02-27'],
    );
  });

  it('falls once on a custom date plus whole years, and not at all without the date’s year', () => {
    const trigger = dateTrigger({ field: 'Lease end', years: 2, offsetDays: -30 });
    const dated = customer({ dates: [{ name: 'lease end', date: '2026-05-31' }] });
    expect(triggerDates(trigger, dated, emptyState, '2027-01-01', '9999-12-31')).toEqual([
      { key: '2028-05-01', date: '2028-05-01' },
    ]);
    const yearless = customer({ dates: [{ name: 'lease end', date: '05-31', yearly: true }] });
    expect(triggerDates(trigger, yearless, emptyState, '2027-01-01', '9999-12-31')).toEqual([]);
  });

  it('falls on each purchase plus its years of use; a cancelled deal or one without years starts nothing', () => {
    let state = notePurchase(emptyState, deal({ occurredAt: '2024-02-20T02:00:00Z' }), now, SHANGHAI);
    state = notePurchase(
      state,
      deal({ dealId: 'd2', items: [{ name: 'chair', quantity: 1 }] }),
      now,
      SHANGHAI,
    );
    expect(notePurchase(state, deal({}), now, SHANGHAI)).toBe(state);
    const trigger = dateTrigger({ field: 'purchase', yearsFromDeal: true, offsetDays: -7 });
    expect(triggerDates(trigger, customer(), state, '2027-01-01', '9999-12-31')).toEqual([
      { key: '2027-02-13:d1', date: '2027-02-13', deal: { dealId: 'd1', item: 'water filter', years: 3 } },
    ]);
    const cancelled = {
      ...state,
      value: { ...state.value, log: { d1: { value: 0, stages: ['cancelled'] } } },
    };
    expect(triggerDates(trigger, customer(), cancelled, '2027-01-01', '9999-12-31')).toEqual([]);
  });
});

describe('silenceReachedOn', () => {
  it('counts from the later of the last reply and the last purchase, or else the filing day', () => {
    expect(silenceReachedOn(emptyState, SHANGHAI, '2027-01-01', 10)).toBe('2027-01-11');
    const replied = { ...emptyState, lastReplyAt: '2027-01-20T20:00:00Z' };
    // 04:00 on the 21st in Shanghai.
    expect(silenceReachedOn(replied, SHANGHAI, '2027-01-01', 10)).toBe('2027-01-31');
    const bought = { ...replied, value: { ...replied.value, lastPurchaseOn: '2027-01-25' } };
    expect(silenceReachedOn(bought, SHANGHAI, '2027-01-01', 10)).toBe('2027-02-04');
  });
});

describe('nextEntry', () => {
  const ctx = (sequence: ReturnType<typeof flow>, over: Record<string, unknown> = {}, state = emptyState) =>
    planContext(
      { customerId: 'c-wang', timezone: SHANGHAI, email: 'w@example.cn', ...over },
      { rules: { ...onlyRules(shippedRules), sequences: [sequence] }, state },
    );

  it('enters on the local morning of the day, at once when that morning has passed', () => {
    const birthday = flow({ kind: 'date', field: 'birthday', yearly: true });
    expect(nextEntry(birthday, ctx(birthday, { birthday: '02-10' }), now)?.at).toEqual(
      new Date('2027-02-10T01:00:00Z'),
    );
    // Today's 09:00 is past: due now; yesterday's is still within the day of grace.
    expect(nextEntry(birthday, ctx(birthday, { birthday: '02-06' }), now)?.at).toEqual(now);
    expect(nextEntry(birthday, ctx(birthday, { birthday: '02-05' }), now)?.key).toBe('2027-02-05');
    expect(nextEntry(birthday, ctx(birthday, { birthday: '02-03' }), now)?.key).toBe('2028-02-03');
  });

  it('skips the occurrence done, a tier left out, a run going on, and a re-entry refused', () => {
    const birthday = flow(
      { kind: 'date', field: 'birthday', yearly: true },
      { reentry: { policy: 'always' } },
    );
    const done = { ...emptyState, done: { 'sequence:flow': '2027-02-10' } };
    expect(nextEntry(birthday, ctx(birthday, { birthday: '02-10' }, done), now)?.key).toBe('2028-02-10');
    const forA = { ...birthday, tiers: ['A' as const] };
    expect(nextEntry(forA, ctx(forA, { birthday: '02-10' }), now)).toBeUndefined();
    const run = { sequenceId: 'flow', entry: 1, enteredAt: '', lastAt: '', status: 'active' as const };
    const inside = { ...emptyState, sequences: [run] };
    expect(nextEntry(birthday, ctx(birthday, { birthday: '02-10' }, inside), now)).toBeUndefined();
    const once = flow({ kind: 'date', field: 'birthday', yearly: true });
    const ended = { ...emptyState, sequences: [{ ...run, status: 'completed' as const }] };
    expect(nextEntry(once, ctx(once, { birthday: '02-10' }, ended), now)).toBeUndefined();
  });

  it('enters a silence reached before the sequence existed at once, once per silence', () => {
    const quiet = flow({ kind: 'silence', days: 20 }, { reentry: { policy: 'always' } });
    const entry = nextEntry(quiet, ctx(quiet), now);
    expect(entry).toMatchObject({ key: '2027-01-21', at: now });
    const done = { ...emptyState, done: { 'sequence:flow': '2027-01-21' } };
    expect(nextEntry(quiet, ctx(quiet, {}, done), now)).toBeUndefined();
    const replied = { ...done, lastReplyAt: '2027-02-01T02:00:00Z' };
    expect(nextEntry(quiet, ctx(quiet, {}, replied), now)?.key).toBe('2027-02-21');
  });

  it('is not planned for the other triggers', () => {
    const api = flow({ kind: 'api' });
    expect(nextEntry(api, ctx(api), now)).toBeUndefined();
  });
});
