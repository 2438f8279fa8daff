import { describe, expect, it } from 'vitest';
import { type Chase, startChase } from '../../../functions/core/cadence/chase';
import {
  compactState,
  type EngineState,
  emptyState,
  withStateDefaults,
} from '../../../functions/core/planning/state';

const chase = (id: string, status: Chase['status']): Chase => ({
  ...startChase(id, 'email', 't', undefined, new Date('2027-02-06T02:00:00Z')),
  status,
});
const now = new Date('2027-03-31T12:00:00Z');
const DAY_MS = 86_400_000;
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

describe('emptyState', () => {
  it('starts at version 0 with nothing remembered', () => {
    expect(emptyState).toEqual({
      version: 0,
      chases: [],
      suppressed: {},
      lastSent: {},
      done: {},
      deferred: {},
      marketingSent: [],
      notices: [],
      value: { lifetime: 0, deals: 0, log: {} },
      campaignSends: [],
      offers: [],
      sequences: [],
      sequenceTags: [],
    });
  });
});

describe('withStateDefaults', () => {
  it('gives the empty state for a record that has none', () => {
    expect(withStateDefaults(undefined)).toEqual(emptyState);
    expect(withStateDefaults({})).toEqual(emptyState);
  });

  it('completes an older record (chases only) with the newer fields, keeping what it has', () => {
    const old = {
      version: 3,
      chases: [chase('m1', 'active')],
      suppressed: { sms: { reason: 'STOP', at: '2027-01-01T00:00:00.000Z' } },
      lastSent: { email: { messageId: 'm1', at: '2027-02-06T02:00:00.000Z' } },
      lastReplyAt: '2027-01-02T00:00:00.000Z',
    };
    expect(withStateDefaults(old)).toEqual({
      ...old,
      done: {},
      deferred: {},
      marketingSent: [],
      notices: [],
      value: { lifetime: 0, deals: 0, log: {} },
      campaignSends: [],
      offers: [],
      sequences: [],
      sequenceTags: [],
    });
  });

  it('keeps every stored field of a current record as it is', () => {
    const stored: EngineState = {
      ...emptyState,
      version: 9,
      done: { birthday: '2027-09-12' },
      deferred: {
        'monthly-letter|2027-10-01': { until: '2027-10-02', from: '2027-10-01', reason: 'capped-30d' },
      },
      marketingSent: ['2027-09-12T01:57:00.000Z'],
      value: { lifetime: 12_000, deals: 2, firstPurchaseOn: '2026-03-10', log: {} },
    };
    expect(withStateDefaults(stored)).toEqual(stored);
  });
});

describe('compactState', () => {
  it('keeps everything when there are at most 10 ended chases', () => {
    const state: EngineState = {
      ...emptyState,
      chases: [chase('e1', 'completed'), chase('a1', 'active'), chase('e2', 'stopped')],
    };
    expect(compactState(state, now).chases.map((c) => c.id)).toEqual(['e1', 'e2', 'a1']);
  });

  it('drops the oldest ended chases beyond 10, keeps every active one and the other fields', () => {
    const ended = Array.from({ length: 13 }, (_, i) => chase(`e${i + 1}`, i % 2 ? 'stopped' : 'completed'));
    const state: EngineState = {
      ...emptyState,
      version: 4,
      chases: [ended[0]!, chase('a1', 'active'), ...ended.slice(1), chase('a2', 'active')],
      suppressed: { email: { reason: 'bounce', at: '2027-01-01T00:00:00.000Z' } },
      lastSent: { sms: { messageId: 'x', at: '2027-01-02T00:00:00.000Z' } },
      lastReplyAt: '2027-01-03T00:00:00.000Z',
      done: { 'monthly-letter': '2027-03-01' },
      notices: [
        {
          ruleId: 'satisfaction-survey',
          key: '2027-04-02:d1',
          template: 's',
          dueOn: '2027-04-02',
          variables: {},
        },
      ],
    };
    const compacted = compactState(state, now);
    expect(compacted.chases.map((c) => c.id)).toEqual([
      'e4',
      'e5',
      'e6',
      'e7',
      'e8',
      'e9',
      'e10',
      'e11',
      'e12',
      'e13',
      'a1',
      'a2',
    ]);
    expect(compacted).toEqual({ ...state, chases: compacted.chases });
    expect(state.chases).toHaveLength(15);
  });

  it('keeps many active chases even with no ended ones', () => {
    const active = Array.from({ length: 12 }, (_, i) => chase(`a${i}`, 'active'));
    expect(compactState({ ...emptyState, chases: active }, now).chases).toEqual(active);
  });

  it('prunes marketing sends older than 31 days (the caps look back 30), keeping the boundary', () => {
    const state: EngineState = {
      ...emptyState,
      marketingSent: [
        ago(40 * DAY_MS),
        ago(31 * DAY_MS + 1),
        ago(31 * DAY_MS),
        ago(30 * DAY_MS),
        ago(DAY_MS),
        now.toISOString(),
      ],
    };
    const compacted = compactState(state, now);
    expect(compacted.marketingSent).toEqual([
      '2027-02-28T12:00:00.000Z',
      '2027-03-01T12:00:00.000Z',
      '2027-03-30T12:00:00.000Z',
      '2027-03-31T12:00:00.000Z',
    ]);
    expect(state.marketingSent).toHaveLength(6);
  });

  it('is idempotent', () => {
    const chases = Array.from({ length: 20 }, (_, i) => chase(`c${i}`, i % 3 ? 'completed' : 'active'));
    const once = compactState(
      { ...emptyState, chases, marketingSent: [ago(60 * DAY_MS), ago(2 * DAY_MS)] },
      now,
    );
    expect(compactState(once, now)).toEqual(once);
    expect(once.chases.filter((c) => c.status !== 'active')).toHaveLength(10);
    expect(once.chases.filter((c) => c.status === 'active')).toHaveLength(7);
    expect(once.marketingSent).toEqual(['2027-03-29T12:00:00.000Z']);
  });
});
