import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localClock } from '../../functions/core/calendars/local-time';
import type { OutboxEntry } from '../../functions/local/outbox';
import { WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';
import { SHIPPED_TEMPLATES_DIR } from '../support/rules';

interface SequenceView {
  version: number;
  sequence: { enabled: boolean; trigger: { kind: string }; steps: Record<string, unknown>[] } & Record<
    string,
    unknown
  >;
}

const ruleFile = (id: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(SHIPPED_TEMPLATES_DIR, `rules/${id}.json`), 'utf8'));
const local = (m: OutboxEntry) => localClock(new Date(m.sentAt), 'Asia/Shanghai');

describe('the satisfaction survey and the referral ask run as shipped sequences', () => {
  let engine: TestEngine;
  beforeEach(async () => {
    // 10:00 in Shanghai.
    engine = await startTestEngine({ start: '2027-04-05T02:00:00Z' });
    expect((await engine.call('PUT', '/v1/customers/c-wang', WANG)).status).toBe(201);
  });
  afterEach(async () => {
    await engine.dispose();
  });

  const sequence = (id: string) => engine.callOk<SequenceView>('GET', `/v1/sequences/${id}`);
  const mail = async (rule: string) => (await engine.sent('c-wang')).filter((m) => m.rule === rule);
  const saveRule = async (id: string, changes: Record<string, unknown>) => {
    const saved = await engine.json('PUT', `/v1/rules/${id}`, {
      rule: { ...ruleFile(id), ...changes },
      baseVersion: 1,
    });
    expect(saved.status).toBe(200);
  };
  const complete = async () => {
    const deal = { dealId: 'd-1', customerId: 'c-wang', stage: 'completed', amount: 12800, currency: 'CNY' };
    expect(
      (await engine.webhook({ ...deal, items: [{ name: '衣柜', quantity: 1, unitPrice: 12800 }] })).status,
    ).toBe(202);
  };
  const answer = async (to: OutboxEntry, text: string) => {
    const reply = await engine.json('POST', '/_local/inbound/email', {
      from: WANG.email,
      to: to.replyTo,
      text,
    });
    expect(reply.body).toMatchObject({ status: 'recorded', kind: 'reply' });
  };

  it('shows each rule as a wait and a send, and a saved rule is what then runs', async () => {
    const shipped = await sequence('satisfaction-survey');
    expect(shipped).toMatchObject({
      version: 1,
      sequence: { enabled: true, priorityAs: 'satisfaction-survey' },
    });
    expect(shipped.sequence.trigger).toEqual({ kind: 'deal-completed' });
    expect(shipped.sequence.steps.map((s) => [s.type, s.days ?? s.template, s.at ?? s.channels])).toEqual([
      ['wait', 7, '10:00'],
      ['send', 'satisfaction-survey', 'email-then-sms'],
    ]);
    expect((await sequence('referral-ask')).sequence).toMatchObject({
      trigger: { kind: 'good-answer' },
      reentry: { policy: 'after', days: 180 },
    });

    await saveRule('satisfaction-survey', { afterDays: 3, sendAt: '15:00' });
    expect((await sequence('satisfaction-survey')).sequence.steps[0]).toEqual({
      id: 'wait',
      type: 'wait',
      days: 3,
      hours: 0,
      at: '15:00',
      itemYears: false,
    });
    await complete();
    await engine.advance('P4DT12H');
    const [survey, more] = await mail('satisfaction-survey');
    expect(more).toBeUndefined();
    // Three days on, from 15:00 within the rule's spread.
    expect(local(survey!).date).toBe('2027-04-08');
    expect(local(survey!).minutes).toBeGreaterThanOrEqual(15 * 60);
  });

  it('refuses a save that changes what the rules set, another sequence on their triggers, and an enrolment', async () => {
    const { sequence: survey } = await sequence('satisfaction-survey');
    const refused = async (id: string, body: Record<string, unknown>) => {
      const saved = await engine.json<{ issues: { path: string }[] }>('PUT', `/v1/sequences/${id}`, {
        sequence: body,
        baseVersion: 1,
      });
      expect(saved.status).toBe(422);
      return saved.body.issues.map((i) => i.path);
    };
    const steps = survey.steps.map((s) => (s.type === 'wait' ? { ...s, days: 1 } : s));
    expect(await refused('satisfaction-survey', { ...survey, steps })).toEqual(['steps']);
    expect(await refused('satisfaction-survey', { ...survey, enabled: false, tiers: ['A'] })).toEqual([
      'enabled',
      'tiers',
    ]);
    expect(await refused('satisfaction-survey', { ...survey, exits: { reply: true } })).toEqual(['exits']);
    const other = await engine.json<{ issues: { path: string }[] }>('POST', '/v1/sequences', {
      sequence: { ...survey, id: 'second-survey', name: 'Second survey' },
    });
    expect(other.status).toBe(422);
    expect(other.body.issues.map((i) => i.path)).toEqual(['trigger.kind']);
    for (const id of ['satisfaction-survey', 'referral-ask']) {
      const enrol = await engine.json('POST', `/v1/sequences/${id}/enrol`, { customerId: 'c-wang' });
      expect(enrol.status).toBe(400);
    }
  });

  it('runs no survey while its rule is disabled', async () => {
    await saveRule('satisfaction-survey', { enabled: false });
    expect((await sequence('satisfaction-survey')).sequence.enabled).toBe(false);
    await complete();
    await engine.advance('P9D');
    expect(await mail('satisfaction-survey')).toEqual([]);
  });

  it('asks for a referral after a good score, again only once the sequence lets the customer back in', async () => {
    await complete();
    await engine.advance('P7DT11H');
    const [survey] = await mail('satisfaction-survey');
    await answer(survey!, '5分,非常满意!');
    await engine.advance('P3D');
    const [ask] = await mail('referral-ask');
    expect(local(ask!).date).toBe('2027-04-14');
    // A warm answer to the ask itself: within 180 days, no second one.
    await answer(ask!, '太好了，非常满意！');
    await engine.advance('P3D');
    expect(await mail('referral-ask')).toHaveLength(1);

    const { sequence: referral } = await sequence('referral-ask');
    const saved = await engine.json('PUT', '/v1/sequences/referral-ask', {
      sequence: { ...referral, reentry: { policy: 'after', days: 1 } },
      baseVersion: 1,
    });
    expect(saved.status).toBe(200);
    await answer(ask!, '再说一次：真的很棒，非常满意！');
    await engine.advance('P3D');
    expect(await mail('referral-ask')).toHaveLength(2);
  });

  it('asks for no referral while its rule is disabled', async () => {
    await saveRule('referral-ask', { enabled: false });
    await complete();
    await engine.advance('P7DT11H');
    const [survey] = await mail('satisfaction-survey');
    await answer(survey!, '5分,非常满意!');
    await engine.advance('P5D');
    expect(await mail('referral-ask')).toEqual([]);
  });

  it('drops a customer’s pending survey by request, as any sequence run', async () => {
    await complete();
    const exit = () =>
      engine.json('POST', '/v1/sequences/satisfaction-survey/exit', { customerId: 'c-wang' });
    expect((await exit()).body).toEqual({ exited: true });
    const file = await engine.callOk<{ timeline: { type: string; note?: string }[] }>(
      'GET',
      '/v1/customers/c-wang',
    );
    expect(file.timeline.filter((e) => e.type === 'note').map((e) => e.note)).toContain(
      'sequence satisfaction-survey ended by request',
    );
    expect((await exit()).body).toEqual({ exited: false });
    await engine.advance('P9D');
    expect(await mail('satisfaction-survey')).toEqual([]);
  });
});
