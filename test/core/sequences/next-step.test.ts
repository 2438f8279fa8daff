import { describe, expect, it } from 'vitest';
import {
  advanceRun,
  nextSequenceStep,
  type SequenceFacts,
  waitUntil,
} from '../../../functions/core/sequences/next-step';
import { type Sequence, sequenceSchema } from '../../../functions/core/sequences/sequence-definition';
import { enterSequence, type SequenceRun } from '../../../functions/core/sequences/sequence-run';

const SHANGHAI = 'Asia/Shanghai';
const NEW_YORK = 'America/New_York';
// 10:00 in Shanghai on Saturday 2027-02-06.
const entered = new Date('2027-02-06T02:00:00Z');

const winBack: Sequence = sequenceSchema.parse({
  id: 'win-back',
  name: 'Win-back',
  trigger: { kind: 'silence', days: 180 },
  exits: { reply: false },
  steps: [
    { id: 'miss-you', type: 'send', template: 'sequence-win-back-miss-you' },
    { id: 'three-days', type: 'wait', days: 3, until: '09:30' },
    { id: 'answered', type: 'branch', condition: { kind: 'replied' }, yes: 'thank', no: 'offer' },
    { id: 'thank', type: 'tag', op: 'add', tag: 'won-back' },
    { id: 'stop', type: 'end' },
    { id: 'offer', type: 'send', template: 'sequence-win-back-offer', channels: 'email' },
    { id: 'call', type: 'task', template: 'owner-call-task' },
  ],
});

const facts = (over: Partial<SequenceFacts> = {}): SequenceFacts => ({
  timezone: SHANGHAI,
  tier: 'A',
  tags: [],
  dealStages: [],
  ...over,
});

function started(): SequenceRun {
  const verdict = enterSequence([], winBack, 'A', entered);
  if (!verdict.entered) throw new Error('not entered');
  return verdict.run;
}

describe('nextSequenceStep', () => {
  it('makes the first step due at once on entry', () => {
    const due = nextSequenceStep(winBack, started(), facts(), entered);
    expect(due).toMatchObject({ step: { id: 'miss-you' }, occurrence: '1:miss-you', path: [] });
    expect(due?.at.toISOString()).toBe(entered.toISOString());
  });

  it('waits three days to the local 09:30, then takes the no path while silent', () => {
    const run = advanceRun(
      winBack,
      started(),
      nextSequenceStep(winBack, started(), facts(), entered)!,
      entered,
    );
    const due = nextSequenceStep(winBack, run, facts(), entered);
    expect(due?.step.id).toBe('offer');
    expect(due?.path).toEqual(['three-days', 'answered:no']);
    // 3 days from 10:00 is 10:00 on the 9th, past 09:30, so 09:30 on the 10th in Shanghai.
    expect(due?.at.toISOString()).toBe('2027-02-10T01:30:00.000Z');
  });

  it('takes the yes path once the customer has replied since entering', () => {
    const run = advanceRun(
      winBack,
      started(),
      nextSequenceStep(winBack, started(), facts(), entered)!,
      entered,
    );
    const replied = facts({ lastReplyAt: '2027-02-07T03:00:00.000Z' });
    expect(nextSequenceStep(winBack, run, replied, entered)?.step.id).toBe('thank');
    // A reply before the run began does not count.
    const before = facts({ lastReplyAt: '2027-01-07T03:00:00.000Z' });
    expect(nextSequenceStep(winBack, run, before, entered)?.step.id).toBe('offer');
  });

  it('ends after the last step and completes on the end', () => {
    let run = started();
    const now = new Date('2027-03-01T02:00:00Z');
    for (const id of ['miss-you', 'offer', 'call']) {
      const due = nextSequenceStep(winBack, run, facts(), now)!;
      expect(due.step.id).toBe(id);
      run = advanceRun(winBack, run, due, now);
    }
    const end = nextSequenceStep(winBack, run, facts(), now)!;
    expect(end.step.type).toBe('end');
    expect(advanceRun(winBack, run, end, now)).toMatchObject({ status: 'completed', endedBy: 'end' });
    expect(nextSequenceStep(winBack, { ...run, status: 'completed' }, facts(), now)).toBeUndefined();
  });

  it('moves a customer whose next step was removed to the step after the last one run', () => {
    const run: SequenceRun = { ...started(), lastStep: 'miss-you', step: 'gone' };
    expect(nextSequenceStep(winBack, run, facts(), entered)?.step.id).toBe('offer');
    expect(nextSequenceStep(winBack, { ...run, lastStep: 'gone-too' }, facts(), entered)).toBeUndefined();
  });
});

describe('waitUntil', () => {
  const wait = (over: object) => ({
    id: 'w',
    type: 'wait' as const,
    days: 0,
    hours: 0,
    itemYears: false,
    ...over,
  });

  it('counts days on the wall clock across a DST change', () => {
    // 10:00 in New York on 13 March 2027 (EST); 14 March is the spring-forward day.
    const from = new Date('2027-03-13T15:00:00Z');
    expect(waitUntil(from, wait({ days: 1 }), NEW_YORK).toISOString()).toBe('2027-03-14T14:00:00.000Z');
    expect(waitUntil(from, wait({ hours: 24 }), NEW_YORK).toISOString()).toBe('2027-03-14T15:00:00.000Z');
  });

  it('counts the years of use of the item that started the run', () => {
    expect(waitUntil(entered, wait({ itemYears: true, days: 1 }), SHANGHAI, 5).toISOString()).toBe(
      '2032-02-07T02:00:00.000Z',
    );
  });

  it('goes on to the next weekday at a local time', () => {
    // Saturday 10:00 Shanghai, until Monday 09:00.
    expect(waitUntil(entered, wait({ weekday: 1, until: '09:00' }), SHANGHAI).toISOString()).toBe(
      '2027-02-08T01:00:00.000Z',
    );
    // Already Saturday but past 09:00: the next Saturday.
    expect(waitUntil(entered, wait({ weekday: 6, until: '09:00' }), SHANGHAI).toISOString()).toBe(
      '2027-02-13T01:00:00.000Z',
    );
    // Later the same day.
    expect(waitUntil(entered, wait({ until: '18:00' }), SHANGHAI).toISOString()).toBe(
      '2027-02-06T10:00:00.000Z',
    );
  });
});

describe('sequenceSchema', () => {
  it('refuses branches that jump backwards or nowhere, and repeated ids', () => {
    const steps = [
      { id: 'a', type: 'send', template: 'x' },
      { id: 'b', type: 'branch', condition: { kind: 'opened' }, yes: 'a', no: 'nowhere' },
      { id: 'a', type: 'end' },
    ];
    const result = sequenceSchema.safeParse({ id: 's', name: 'S', trigger: { kind: 'api' }, steps });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((i) => i.message) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining([
        'a branch may only jump forward',
        'no step nowhere',
        'step id a is used twice',
      ]),
    );
  });

  it('refuses a wait of nothing', () => {
    const steps = [{ id: 'w', type: 'wait' }];
    expect(sequenceSchema.safeParse({ id: 's', name: 'S', trigger: { kind: 'api' }, steps }).success).toBe(
      false,
    );
  });
});
