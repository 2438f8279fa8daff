import { describe, expect, it } from 'vitest';
import { type Sequence, sequenceSchema } from '../../../functions/core/sequences/sequence-definition';
import { compactRuns, enterSequence, exitRuns } from '../../../functions/core/sequences/sequence-run';

const now = new Date('2027-02-06T02:00:00Z');
const later = (days: number) => new Date(now.getTime() + days * 86_400_000);

const define = (over: object): Sequence =>
  sequenceSchema.parse({
    id: 'welcome',
    name: 'Welcome',
    trigger: { kind: 'customer-filed' },
    steps: [{ id: 'hello', type: 'send', template: 'sequence-welcome-hello' }],
    ...over,
  });

describe('enterSequence', () => {
  it('refuses a disabled sequence, another tier, and a second run while one is active', () => {
    expect(enterSequence([], define({ enabled: false }), 'A', now)).toEqual({
      entered: false,
      reason: 'disabled',
    });
    expect(enterSequence([], define({ tiers: ['A'] }), 'C', now)).toEqual({ entered: false, reason: 'tier' });
    const first = enterSequence([], define({}), 'A', now);
    if (!first.entered) throw new Error('not entered');
    expect(first.run).toMatchObject({ entry: 1, step: 'hello', status: 'active' });
    expect(enterSequence(first.runs, define({}), 'A', now)).toEqual({ entered: false, reason: 'running' });
  });

  it('follows the re-entry policy once a run has ended', () => {
    const sequence = define({ reentry: { policy: 'after', days: 30 } });
    const first = enterSequence([], sequence, 'A', now);
    if (!first.entered) throw new Error('not entered');
    const ended = exitRuns(first.runs, [sequence], { kind: 'api' }, now);
    expect(enterSequence(ended, sequence, 'A', later(29))).toEqual({ entered: false, reason: 'reentry' });
    const again = enterSequence(ended, sequence, 'A', later(30));
    expect(again.entered && again.run.entry).toBe(2);
    // Only the last ended run is kept beside the active one.
    expect(again.entered && again.runs.length).toBe(2);
    expect(enterSequence(ended, define({}), 'A', later(400))).toEqual({ entered: false, reason: 'reentry' });
    expect(enterSequence(ended, define({ reentry: { policy: 'always' } }), 'A', now).entered).toBe(true);
  });
});

describe('exitRuns', () => {
  const sequence = define({ exits: { reply: true, dealStages: ['completed'], tags: ['vip'] } });
  const quiet = define({ id: 'quiet', exits: { reply: false, unsubscribe: false } });
  const a = enterSequence([], sequence, 'A', now);
  const b = a.entered ? enterSequence(a.runs, quiet, 'A', now) : a;
  const runs = b.entered ? b.runs : [];

  it('ends the runs whose exits name the event, and only those', () => {
    const replied = exitRuns(runs, [sequence, quiet], { kind: 'reply' }, now);
    expect(replied.map((r) => [r.sequenceId, r.status, r.endedBy])).toEqual([
      ['welcome', 'exited', 'reply'],
      ['quiet', 'active', undefined],
    ]);
    expect(
      exitRuns(runs, [sequence, quiet], { kind: 'deal-stage', stage: 'completed' }, now)[0]?.status,
    ).toBe('exited');
    expect(exitRuns(runs, [sequence, quiet], { kind: 'deal-stage', stage: 'shipped' }, now)[0]?.status).toBe(
      'active',
    );
    expect(exitRuns(runs, [sequence, quiet], { kind: 'tag', tag: 'vip' }, now)[0]?.status).toBe('exited');
    expect(exitRuns(runs, [sequence, quiet], { kind: 'unsubscribe' }, now).map((r) => r.status)).toEqual([
      'exited',
      'active',
    ]);
  });

  it('ends a run whose sequence no longer exists', () => {
    expect(exitRuns(runs, [sequence], { kind: 'reply' }, now)[1]).toMatchObject({
      status: 'exited',
      endedBy: 'sequence-removed',
    });
  });

  it('keeps the last ended run of each sequence only', () => {
    const ended = exitRuns(runs, [sequence, quiet], { kind: 'api' }, now);
    expect(compactRuns([...ended, { ...ended[0]!, entry: 2 }]).map((r) => [r.sequenceId, r.entry])).toEqual([
      ['quiet', 1],
      ['welcome', 2],
    ]);
  });
});
