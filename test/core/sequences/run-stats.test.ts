import { describe, expect, it } from 'vitest';
import { emptyState } from '../../../functions/core/planning/state';
import { sequenceMoves, stepStats } from '../../../functions/core/sequences/run-stats';
import { sequenceSchema } from '../../../functions/core/sequences/sequence-definition';
import type { SequenceRun } from '../../../functions/core/sequences/sequence-run';

const sequence = sequenceSchema.parse({
  id: 'welcome',
  name: 'Welcome',
  trigger: { kind: 'api' },
  steps: [
    { id: 'hello', type: 'send', template: 'sequence-welcome-hello' },
    { id: 'wait', type: 'wait', days: 3 },
    { id: 'tips', type: 'send', template: 'sequence-welcome-tips' },
  ],
});
const at = '2027-02-06T02:00:00.000Z';
const run = (over: Partial<SequenceRun>): SequenceRun => ({
  sequenceId: 'welcome',
  entry: 1,
  enteredAt: at,
  lastAt: at,
  status: 'active',
  step: 'hello',
  ...over,
});
const state = (runs: SequenceRun[], lastReplyAt?: string) => ({
  ...emptyState,
  sequences: runs,
  ...(lastReplyAt ? { lastReplyAt } : {}),
});

describe('sequenceMoves', () => {
  it('counts an entry, a send that moves the run on, a reply and an exit', () => {
    const entered = run({});
    expect(sequenceMoves(state([]), state([entered]), [sequence]).get('welcome')).toEqual({
      'entered:hello': 1,
      'waiting:hello': 1,
    });
    const sent = run({ step: 'wait', lastStep: 'hello' });
    expect(sequenceMoves(state([entered]), state([sent]), [sequence]).get('welcome')).toEqual({
      'sent:hello': 1,
      'waiting:hello': -1,
      'entered:wait': 1,
      'waiting:wait': 1,
    });
    const exited: SequenceRun = { ...sent, status: 'exited', endedBy: 'reply' };
    delete exited.step;
    expect(sequenceMoves(state([sent]), state([exited], at), [sequence]).get('welcome')).toEqual({
      'replied:hello': 1,
      'waiting:wait': -1,
      'exited:wait': 1,
    });
  });

  it('counts a new deal while the run is on as converted, at the last step the run carried out', () => {
    const waiting = run({ step: 'wait', lastStep: 'hello' });
    const bought = { ...state([waiting]), value: { ...emptyState.value, deals: 1 } };
    expect(sequenceMoves(state([waiting]), bought, [sequence]).get('welcome')).toEqual({
      'converted:hello': 1,
    });
    // A deal already counted (a stage after the first) converts nothing more.
    expect(sequenceMoves(bought, { ...bought }, [sequence]).get('welcome')).toBeUndefined();
  });

  it('counts a send reached past a wait as entered', () => {
    const waiting = run({ step: 'wait', lastStep: 'hello' });
    const sent = run({ lastStep: 'tips' });
    delete sent.step;
    expect(sequenceMoves(state([waiting]), state([sent]), [sequence]).get('welcome')).toEqual({
      'sent:tips': 1,
      'entered:tips': 1,
      'waiting:wait': -1,
    });
  });
});

describe('stepStats', () => {
  it('gives every step of the sequence its counters, zero where nothing was counted', () => {
    expect(stepStats(sequence, { 'sent:hello': 2 })[0]).toEqual({
      step: 'hello',
      entered: 0,
      waiting: 0,
      sent: 2,
      replied: 0,
      exited: 0,
      converted: 0,
    });
  });
});
