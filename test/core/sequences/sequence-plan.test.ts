import { describe, expect, it } from 'vitest';
import { forecast } from '../../../functions/core/planning/forecast';
import { dueActions } from '../../../functions/core/planning/plan';
import { emptyState } from '../../../functions/core/planning/state';
import { sequenceSchema } from '../../../functions/core/sequences/sequence-definition';
import { enterSequence, type SequenceRun } from '../../../functions/core/sequences/sequence-run';
import { onlyRules, planContext, shippedRules, withCaps } from '../../support/rules';

// 10:00 in Shanghai, Saturday 2027-02-06.
const now = new Date('2027-02-06T02:00:00Z');
const flow = (id: string, priorityAs: string) =>
  sequenceSchema.parse({
    id,
    name: id,
    trigger: { kind: 'api' },
    priorityAs,
    maxDelayDays: 10,
    steps: [{ id: 'hello', type: 'send', template: 'sequence-welcome-hello', channels: 'email' }],
  });
const important = flow('important', 'birthday');
const minor = flow('minor', 'monthly-letter');

function runsOf(): SequenceRun[] {
  let runs: SequenceRun[] = [];
  for (const sequence of [minor, important]) {
    const verdict = enterSequence(runs, sequence, 'C', now);
    if (verdict.entered) runs = verdict.runs;
  }
  return runs;
}

const ctx = () =>
  planContext(
    { customerId: 'c-wang', timezone: 'Asia/Shanghai', country: 'CN', email: 'wang@example.cn' },
    {
      rules: {
        ...withCaps(onlyRules(shippedRules), { C: { per7Days: 1, per30Days: 4 } }),
        sequences: [minor, important],
      },
      state: { ...emptyState, sequences: runsOf() },
    },
  );

describe('sequence steps under the caps', () => {
  it('are due together, the higher-ranked sequence first', () => {
    expect(dueActions(ctx(), now).map((a) => a.rule)).toEqual(['sequence:important', 'sequence:minor']);
  });

  // Seven days after the first send, at the window's opening: the rolling 7-day cap frees up on the 14th.
  it('collide: the higher-ranked sends, the other moves to the next day the caps allow', () => {
    const entries = forecast(ctx(), now, 20).filter(
      (e) => e.rule.startsWith('sequence:') && e.template !== 'end:end',
    );
    expect(entries.map((e) => [e.rule, e.status, e.local])).toEqual([
      ['sequence:important', 'scheduled', '2027-02-06 10:00'],
      ['sequence:minor', 'deferred', '2027-02-06 10:00'],
      ['sequence:minor', 'scheduled', '2027-02-14 09:00'],
    ]);
  });
});
