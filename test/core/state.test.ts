import { describe, expect, it } from 'vitest';
import { type Chase, startChase } from '../../functions/core/chase';
import { compactState, type EngineState, emptyState } from '../../functions/core/state';

const chase = (id: string, status: Chase['status']): Chase => ({
  ...startChase(id, 'email', 't', undefined, new Date('2027-02-06T02:00:00Z')),
  status,
});

describe('emptyState', () => {
  it('starts at version 0 with nothing remembered', () => {
    expect(emptyState).toEqual({ version: 0, chases: [], suppressed: {}, lastSent: {} });
  });
});

describe('compactState', () => {
  it('keeps everything when there are at most 10 ended chases', () => {
    const state: EngineState = {
      ...emptyState,
      chases: [chase('e1', 'completed'), chase('a1', 'active'), chase('e2', 'stopped')],
    };
    expect(compactState(state).chases.map((c) => c.id)).toEqual(['e1', 'e2', 'a1']);
  });

  it('drops the oldest ended chases beyond 10 and keeps every active one', () => {
    const ended = Array.from({ length: 13 }, (_, i) => chase(`e${i + 1}`, i % 2 ? 'stopped' : 'completed'));
    const state: EngineState = {
      version: 4,
      chases: [ended[0]!, chase('a1', 'active'), ...ended.slice(1), chase('a2', 'active')],
      suppressed: { email: { reason: 'bounce', at: '2027-01-01T00:00:00.000Z' } },
      lastSent: { sms: { messageId: 'x', at: '2027-01-02T00:00:00.000Z' } },
      lastReplyAt: '2027-01-03T00:00:00.000Z',
    };
    const compacted = compactState(state);
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
    expect(compactState({ ...emptyState, chases: active }).chases).toEqual(active);
  });

  it('is idempotent', () => {
    const chases = Array.from({ length: 20 }, (_, i) => chase(`c${i}`, i % 3 ? 'completed' : 'active'));
    const once = compactState({ ...emptyState, chases });
    expect(compactState(once)).toEqual(once);
    expect(once.chases.filter((c) => c.status !== 'active')).toHaveLength(10);
    expect(once.chases.filter((c) => c.status === 'active')).toHaveLength(7);
  });
});
