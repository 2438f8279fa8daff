import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  advanceChase,
  type Chase,
  chaseRuleSchema,
  defaultChaseRule,
  nextChaseStepAt,
  startChase,
  stopChase,
  stopChases,
} from '../../../functions/core/cadence/chase';

const SHANGHAI = 'Asia/Shanghai';
const sentAt = new Date('2027-02-06T02:00:00Z'); // 10:00 in Shanghai, Saturday 2027-02-06

describe('startChase', () => {
  it('starts at step 0, active, counting from the letter', () => {
    expect(startChase('m1', 'email', 'hello-again', 'Hello again', sentAt)).toEqual({
      id: 'm1',
      channel: 'email',
      template: 'hello-again',
      subject: 'Hello again',
      startedAt: '2027-02-06T02:00:00.000Z',
      lastAt: '2027-02-06T02:00:00.000Z',
      step: 0,
      status: 'active',
    });
  });
});

describe('nextChaseStepAt with the default rule (3, 4, 3 days at 09:00 local)', () => {
  it('runs day 3, day 7 and day 10 after the letter at 09:00 Shanghai', () => {
    let chase = startChase('m1', 'email', 'hello-again', 'Hello', sentAt);

    const first = nextChaseStepAt(chase, defaultChaseRule, SHANGHAI);
    expect(first?.at.toISOString()).toBe('2027-02-09T01:00:00.000Z');
    expect(first?.index).toBe(0);
    expect(first?.step).toEqual({ afterDays: 3, action: 'send', template: 'chase-did-you-receive' });
    chase = advanceChase(chase, 0, first!.at, defaultChaseRule);

    const second = nextChaseStepAt(chase, defaultChaseRule, SHANGHAI);
    expect(second?.at.toISOString()).toBe('2027-02-13T01:00:00.000Z');
    expect(second?.index).toBe(1);
    expect(second?.step.template).toBe('chase-product-intro');
    chase = advanceChase(chase, 1, second!.at, defaultChaseRule);

    const third = nextChaseStepAt(chase, defaultChaseRule, SHANGHAI);
    expect(third?.at.toISOString()).toBe('2027-02-16T01:00:00.000Z');
    expect(third?.index).toBe(2);
    expect(third?.step).toEqual({ afterDays: 3, action: 'call-task', template: 'owner-call-task' });
    chase = advanceChase(chase, 2, third!.at, defaultChaseRule);

    expect(chase.status).toBe('completed');
    expect(nextChaseStepAt(chase, defaultChaseRule, SHANGHAI)).toBeUndefined();
  });

  it('counts calendar days on the customer calendar for a letter sent late in the evening', () => {
    // 23:30 Shanghai on 02-06: still the 6th there, so day 3 is the 9th.
    const lateEvening = startChase('m2', 'email', 't', undefined, new Date('2027-02-06T15:30:00Z'));
    expect(nextChaseStepAt(lateEvening, defaultChaseRule, SHANGHAI)?.at.toISOString()).toBe(
      '2027-02-09T01:00:00.000Z',
    );
    // 00:30 Shanghai on 02-07 (still the 6th in UTC): day 3 is the 10th.
    const afterMidnight = startChase('m3', 'email', 't', undefined, new Date('2027-02-06T16:30:00Z'));
    expect(nextChaseStepAt(afterMidnight, defaultChaseRule, SHANGHAI)?.at.toISOString()).toBe(
      '2027-02-10T01:00:00.000Z',
    );
  });

  it('uses the customer zone, not UTC, for the same letter in New York', () => {
    // 2027-02-05 21:00 in New York.
    const chase = startChase('m4', 'sms', 't', undefined, sentAt);
    expect(nextChaseStepAt(chase, defaultChaseRule, 'America/New_York')?.at.toISOString()).toBe(
      '2027-02-08T14:00:00.000Z',
    );
  });

  it('counts the next step from when the previous one actually ran', () => {
    let chase = startChase('m1', 'email', 't', undefined, sentAt);
    // Step 0 ran a day late, at 18:00 Shanghai on 02-10.
    chase = advanceChase(chase, 0, new Date('2027-02-10T10:00:00Z'), defaultChaseRule);
    expect(nextChaseStepAt(chase, defaultChaseRule, SHANGHAI)?.at.toISOString()).toBe(
      '2027-02-14T01:00:00.000Z',
    );
  });

  it('honours a custom sendAt', () => {
    const rule = { sendAt: '18:30', steps: [{ afterDays: 1, action: 'send' as const, template: 'x' }] };
    const chase = startChase('m1', 'email', 't', undefined, sentAt);
    expect(nextChaseStepAt(chase, rule, SHANGHAI)?.at.toISOString()).toBe('2027-02-07T10:30:00.000Z');
  });

  it('is undefined for stopped chases', () => {
    const [stopped] = stopChases([startChase('m1', 'email', 't', undefined, sentAt)], sentAt, 'reply');
    expect(nextChaseStepAt(stopped!, defaultChaseRule, SHANGHAI)).toBeUndefined();
  });

  it('is undefined when the rule has fewer steps than the chase has run', () => {
    const chase: Chase = { ...startChase('m1', 'email', 't', undefined, sentAt), step: 3 };
    expect(nextChaseStepAt(chase, defaultChaseRule, SHANGHAI)).toBeUndefined();
  });
});

describe('advanceChase', () => {
  const start = startChase('m1', 'email', 't', 'S', sentAt);
  const t1 = new Date('2027-02-09T01:00:05Z');

  it('moves to the next step and records when it ran', () => {
    expect(advanceChase(start, 0, t1, defaultChaseRule)).toEqual({
      ...start,
      step: 1,
      lastAt: '2027-02-09T01:00:05.000Z',
      status: 'active',
    });
  });

  it('completes after the last step, ended by last-step', () => {
    const atLast: Chase = { ...start, step: 2 };
    const done = advanceChase(atLast, 2, t1, defaultChaseRule);
    expect(done).toEqual({
      ...start,
      step: 3,
      lastAt: '2027-02-09T01:00:05.000Z',
      status: 'completed',
      endedAt: '2027-02-09T01:00:05.000Z',
      endedBy: 'last-step',
    });
  });

  it('ignores a stale or duplicate step (index does not match)', () => {
    const moved = advanceChase(start, 0, t1, defaultChaseRule);
    expect(advanceChase(moved, 0, new Date('2027-02-09T02:00:00Z'), defaultChaseRule)).toBe(moved);
    expect(advanceChase(start, 1, t1, defaultChaseRule)).toBe(start);
  });

  it('leaves a stopped chase alone', () => {
    const [stopped] = stopChases([start], sentAt, 'reply');
    expect(advanceChase(stopped!, 0, t1, defaultChaseRule)).toBe(stopped);
  });

  it('does not mutate its input', () => {
    const copy = structuredClone(start);
    advanceChase(start, 0, t1, defaultChaseRule);
    expect(start).toEqual(copy);
  });
});

describe('stopChase and stopChases', () => {
  const at = new Date('2027-02-08T03:04:05Z');
  const a = startChase('a', 'email', 't', undefined, sentAt);
  const b = startChase('b', 'sms', 't', undefined, sentAt);
  const done: Chase = { ...startChase('c', 'email', 't', undefined, sentAt), step: 3, status: 'completed' };

  it('stopChase stops only the named active chase', () => {
    expect(stopChase([a, b, done], 'b', at, 'reply')).toEqual([
      a,
      { ...b, status: 'stopped', endedAt: '2027-02-08T03:04:05.000Z', endedBy: 'reply' },
      done,
    ]);
  });

  it('stopChase does not touch a chase that already ended', () => {
    expect(stopChase([done], 'c', at, 'reply')).toEqual([done]);
    expect(stopChase([a], 'nope', at, 'reply')).toEqual([a]);
  });

  it('stopChases stops every active chase and keeps ended ones as they were', () => {
    const result = stopChases([a, done, b], at, 'unsubscribe');
    expect(result).toEqual([
      { ...a, status: 'stopped', endedAt: '2027-02-08T03:04:05.000Z', endedBy: 'unsubscribe' },
      done,
      { ...b, status: 'stopped', endedAt: '2027-02-08T03:04:05.000Z', endedBy: 'unsubscribe' },
    ]);
    expect(a.status).toBe('active');
  });

  it('a chase stopped earlier keeps its first reason', () => {
    const once = stopChases([a], at, 'reply');
    expect(stopChases(once, new Date('2027-02-09T00:00:00Z'), 'unsubscribe')).toEqual(once);
  });
});

describe('chaseRuleSchema', () => {
  it('matches the shipped templates/rules/chase.json and the default rule', () => {
    const raw = JSON.parse(
      readFileSync(new URL('../../../templates/rules/chase.json', import.meta.url), 'utf8'),
    );
    expect(chaseRuleSchema.parse(raw)).toEqual(defaultChaseRule);
  });

  it('defaults sendAt to 09:00', () => {
    expect(chaseRuleSchema.parse({ steps: [{ afterDays: 2, action: 'send', template: 'x' }] }).sendAt).toBe(
      '09:00',
    );
  });

  it('rejects bad times, no steps, zero days, unknown actions and unknown fields', () => {
    const step = { afterDays: 2, action: 'send', template: 'x' };
    expect(chaseRuleSchema.safeParse({ sendAt: '9:00', steps: [step] }).success).toBe(false);
    expect(chaseRuleSchema.safeParse({ steps: [] }).success).toBe(false);
    expect(chaseRuleSchema.safeParse({ steps: [{ ...step, afterDays: 0 }] }).success).toBe(false);
    expect(chaseRuleSchema.safeParse({ steps: [{ ...step, action: 'call' }] }).success).toBe(false);
    expect(chaseRuleSchema.safeParse({ steps: [step], extra: 1 }).success).toBe(false);
    expect(chaseRuleSchema.safeParse({ steps: Array.from({ length: 11 }, () => step) }).success).toBe(false);
  });
});
