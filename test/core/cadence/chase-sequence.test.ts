import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chaseSequence,
  chaseSequenceOf,
  chaseSteps,
  exitChases,
  startChase,
} from '../../../functions/core/cadence/chase';
import { planActions } from '../../../functions/core/planning/plan';
import { emptyState } from '../../../functions/core/planning/state';
import { applyReply } from '../../../functions/core/replies/reply-effects';
import { sequenceSchema } from '../../../functions/core/sequences/sequence-definition';
import { onlyRules, planContext, SHIPPED_TEMPLATES_DIR, shippedRules } from '../../support/rules';

const shippedChase = sequenceSchema.parse(
  JSON.parse(readFileSync(join(SHIPPED_TEMPLATES_DIR, 'sequences/follow-up-chase.json'), 'utf8')),
);
const letterAt = new Date('2027-02-06T02:00:00Z');
const withChase = (sequence = shippedChase) => ({ ...onlyRules(shippedRules), sequences: [sequence] });
const ctx = (rules = withChase()) =>
  planContext(
    { customerId: 'c-42', timezone: 'Asia/Shanghai', email: 'wang@example.cn' },
    { rules, state: { ...emptyState, chases: [startChase('m1', 'email', 't', undefined, letterAt)] } },
  );

describe('the follow-up chase as a sequence', () => {
  it('ships as the steps the shipped chase rule stands for', () => {
    expect(shippedChase.steps).toEqual(chaseSteps(shippedRules.chase));
    expect(chaseSequence(shippedRules.chase, shippedChase)).toEqual(shippedChase);
    // Without its file the rule alone gives the same flow.
    expect(chaseSequenceOf({ ...shippedRules, sequences: [] })).toEqual(shippedChase);
  });

  it('plans its steps by the sequence: its place in the caps and how long a capped step may move', () => {
    const rules = withChase({ ...shippedChase, maxDelayDays: 1, priorityAs: 'birthday' });
    const [first] = planActions(ctx(rules), letterAt);
    expect(first).toMatchObject({ rule: 'chase', occurrence: 'm1:1', maxDelayDays: 1 });
    expect(first?.priority).toBe(rules.caps.priority.indexOf('birthday'));
    expect(planActions(ctx(withChase({ ...shippedChase, enabled: false })), letterAt)).toEqual([]);
  });

  it('stops on a reply only while its exits say so', () => {
    const reply = (rules = withChase()) =>
      applyReply(ctx(rules).state, 'reply', 'email', letterAt, {
        text: 'thanks',
        rules,
        timezone: 'Asia/Shanghai',
      }).chases[0]?.status;
    expect(reply()).toBe('stopped');
    const keepGoing = { ...shippedChase, exits: { ...shippedChase.exits, reply: false } };
    expect(reply(withChase(keepGoing))).toBe('active');
  });

  it('stops on an unsubscribe, however it comes (a reply or the link), only while its exits say so', () => {
    const { chases } = ctx().state;
    expect(exitChases(chases, withChase(), 'unsubscribe', letterAt)[0]).toMatchObject({
      status: 'stopped',
      endedBy: 'unsubscribe',
    });
    const keepGoing = withChase({ ...shippedChase, exits: { ...shippedChase.exits, unsubscribe: false } });
    expect(exitChases(chases, keepGoing, 'unsubscribe', letterAt)).toBe(chases);
    const unsubscribed = applyReply(ctx(keepGoing).state, 'unsubscribe', 'email', letterAt, {
      text: 'unsubscribe',
      rules: keepGoing,
      timezone: 'Asia/Shanghai',
    });
    expect(unsubscribed.chases[0]?.status).toBe('active');
  });
});
