import { describe, expect, it } from 'vitest';
import { segmentFilterSchema } from '../../../functions/core/campaigns/segment';
import { conditionHolds } from '../../../functions/core/sequences/next-step';
import { onSegmentMoves, segmentsNamed } from '../../../functions/core/sequences/segment-moves';
import { sequenceSchema } from '../../../functions/core/sequences/sequence-definition';
import { sequenceFacts } from '../../../functions/core/sequences/sequence-plan';
import { planContext } from '../../support/rules';

const now = new Date('2027-02-06T02:00:00Z');
const vip = segmentFilterSchema.parse({ tags: ['vip'] });
const hello = { id: 'hello', type: 'send', template: 'sequence-welcome-hello' };
const welcome = sequenceSchema.parse({
  id: 'welcome',
  name: 'welcome',
  trigger: { kind: 'segment', segmentId: 'seg-vip' },
  steps: [hello],
});
const care = sequenceSchema.parse({
  id: 'care',
  name: 'care',
  trigger: { kind: 'api' },
  exits: { segmentId: 'seg-vip' },
  steps: [
    {
      id: 'ask',
      type: 'branch',
      condition: { kind: 'segment', segmentId: 'seg-b' },
      yes: 'hello',
      no: 'end',
    },
    hello,
  ],
});
const rules = { sequences: [welcome, care], segments: { 'seg-vip': vip } };
const file = (tags: string[]) =>
  planContext({ customerId: 'c-wang', timezone: 'Asia/Shanghai', email: 'w@example.cn', tags }).customer;
const side = (tags: string[] | null, state = planContext({ customerId: 'c' }).state) => ({
  customer: tags ? file(tags) : null,
  state,
  tier: 'C' as const,
});

describe('onSegmentMoves', () => {
  it('starts the sequence on entering the segment and remembers the customer is in it', () => {
    const after = onSegmentMoves(rules, side([]), { ...side(['vip']), customer: file(['vip']) }, now);
    expect(after.segments).toEqual({ 'seg-vip': true });
    expect(after.sequences.map((r) => [r.sequenceId, r.status])).toEqual([['welcome', 'active']]);
    // A change that leaves her in it starts nothing again.
    const again = onSegmentMoves(
      rules,
      side(['vip'], after),
      { ...side(['vip'], after), customer: file(['vip']) },
      now,
    );
    expect(again).toBe(after);
  });

  it('does not start for a customer already in it when the sequence came; a new customer starts', () => {
    const already = onSegmentMoves(rules, side(['vip']), { ...side(['vip']), customer: file(['vip']) }, now);
    expect(already.sequences).toEqual([]);
    expect(already.segments).toEqual({ 'seg-vip': true });
    const filed = onSegmentMoves(rules, side(null), { ...side(['vip']), customer: file(['vip']) }, now);
    expect(filed.sequences).toHaveLength(1);
  });

  it('ends the runs that exit on leaving the segment', () => {
    const inside = onSegmentMoves(rules, side([]), { ...side(['vip']), customer: file(['vip']) }, now);
    const enrolled = {
      ...inside,
      sequences: [
        ...inside.sequences,
        { sequenceId: 'care', entry: 1, enteredAt: '', lastAt: '', status: 'active' as const },
      ],
    };
    const left = onSegmentMoves(
      rules,
      side(['vip'], enrolled),
      { ...side([], enrolled), customer: file([]) },
      now,
    );
    expect(left.segments).toEqual({ 'seg-vip': false });
    expect(left.sequences.map((r) => [r.sequenceId, r.status, r.endedBy])).toEqual([
      ['welcome', 'active', undefined],
      ['care', 'exited', 'segment-left'],
    ]);
  });

  it('changes nothing while no sequence watches a segment', () => {
    const state = side([]).state;
    expect(
      onSegmentMoves({ sequences: [] }, side([]), { ...side(['vip']), customer: file(['vip']) }, now),
    ).toBe(state);
  });
});

describe('segments in branches', () => {
  it('are named for the live rules to load, and answered from the filters at the moment asked', () => {
    expect(segmentsNamed([welcome, care])).toEqual(['seg-b', 'seg-vip']);
    const ctx = planContext(
      { customerId: 'c-wang', tags: ['VIP'] },
      { rules: { ...planContext({ customerId: 'c' }).rules, segments: { 'seg-b': vip } } },
    );
    const facts = sequenceFacts(ctx, now);
    expect(facts.segments).toEqual(['seg-b']);
    const run = { sequenceId: 'care', entry: 1, enteredAt: '', lastAt: '', status: 'active' as const };
    expect(conditionHolds({ kind: 'segment', segmentId: 'seg-b' }, facts, run)).toBe(true);
    expect(conditionHolds({ kind: 'segment', segmentId: 'seg-vip' }, facts, run)).toBe(false);
  });
});
