import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireCustomer } from '../../functions/engine/fire/fire';
import { LI_LEI, WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';
import { createSequence, define, hello, send, sequenceMail, wait } from '../support/sequences';

// The clock starts on Saturday 2027-02-06 at 10:00 in Shanghai; the caps' window opens at 09:00.
const wang = { ...WANG, owner: LI_LEI };

interface Runs {
  sequences: { sequenceId: string; entry: number; status: string; endedBy?: string }[];
}

describe('sequences started by a date, a silence, a segment and a campaign, on the local engine', () => {
  let engine: TestEngine;
  beforeEach(async () => {
    engine = await startTestEngine();
  });
  afterEach(async () => {
    await engine.dispose();
  });

  const mail = (customerId: string, sequenceId: string) => sequenceMail(engine, customerId, sequenceId);
  const runsOf = async (customerId: string) =>
    (await engine.callOk<Runs>('GET', `/v1/customers/${customerId}`)).sequences;

  it('enters a yearly birthday sequence on the local morning of the day, once however often the alarm rings', async () => {
    await createSequence(
      engine,
      define('birthday-flow', [hello], {
        trigger: { kind: 'date', field: 'birthday', yearly: true },
        reentry: { policy: 'always' },
      }),
    );
    await engine.callOk('PUT', '/v1/customers/c-wang', { ...wang, birthday: '1990-02-10' });
    const dry = await engine.callOk<{ startsAt?: string; steps: { occurrence: string; local: string }[] }>(
      'POST',
      '/v1/sequences/birthday-flow/dry-run',
      { customerId: 'c-wang' },
    );
    expect(dry.startsAt).toBe('2027-02-10T01:00:00.000Z');
    expect(dry.steps.map((s) => [s.occurrence, s.local]).slice(0, 2)).toEqual([
      ['enter:2027-02-10', '2027-02-10 09:00'],
      ['1:hello', '2027-02-10 09:00'],
    ]);
    await engine.advance('P3DT22H');
    expect(await mail('c-wang', 'birthday-flow')).toEqual([]);
    await engine.advance('PT1H');
    await Promise.all([fireCustomer(engine.deps, 'c-wang'), fireCustomer(engine.deps, 'c-wang')]);
    await fireCustomer(engine.deps, 'c-wang');
    expect((await mail('c-wang', 'birthday-flow')).map((m) => m.sentAt)).toEqual([
      '2027-02-10T01:00:00.000Z',
    ]);
    // The year's occurrence is done: the next entry is next year's birthday, not today again.
    const next = await engine.callOk<{ startsAt?: string }>('POST', '/v1/sequences/birthday-flow/dry-run', {
      customerId: 'c-wang',
    });
    expect(next.startsAt).toBe('2028-02-10T01:00:00.000Z');
    await engine.advance('P2D');
    expect(await mail('c-wang', 'birthday-flow')).toHaveLength(1);
    expect(await runsOf('c-wang')).toEqual([
      expect.objectContaining({ sequenceId: 'birthday-flow', entry: 1, status: 'completed' }),
    ]);
  });

  it('enters a one-off date sequence 30 days before a policy renewal on the file', async () => {
    await createSequence(
      engine,
      define('renewal', [hello], { trigger: { kind: 'date', field: 'Policy renewal', offsetDays: -30 } }),
    );
    await engine.callOk('PUT', '/v1/customers/c-wang', {
      ...wang,
      dates: [{ name: 'policy renewal', date: '2027-03-15' }],
    });
    await engine.advance('P10D');
    expect((await mail('c-wang', 'renewal')).map((m) => m.sentAt)).toEqual(['2027-02-13T01:00:00.000Z']);
  });

  it('reminds of a replacement a week before the item bought reaches its years of use', async () => {
    await createSequence(
      engine,
      define('replace', [send('replacement', 'sequence-after-sales-replacement')], {
        trigger: { kind: 'date', field: 'purchase', yearsFromDeal: true, offsetDays: -7 },
        reentry: { policy: 'always' },
      }),
    );
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    const bought = await engine.webhook({
      dealId: 'd-2024',
      customerId: 'c-wang',
      stage: 'completed',
      occurredAt: '2024-02-20T02:00:00Z',
      items: [{ name: '净水器', quantity: 1, unitPrice: 3200, years: 3 }],
      currency: 'CNY',
    });
    expect(bought.status).toBeLessThan(300);
    // A deal without years of use starts nothing.
    await engine.webhook({
      dealId: 'd-chairs',
      customerId: 'c-wang',
      stage: 'completed',
      items: [{ name: '餐椅', quantity: 4, unitPrice: 300 }],
      currency: 'CNY',
    });
    await engine.advance('P10D');
    const sent = await mail('c-wang', 'replace');
    expect(sent.map((m) => m.sentAt)).toEqual(['2027-02-13T01:00:00.000Z']);
    expect(sent[0]!.text).toContain('净水器');
    expect(sent[0]!.text).toContain('3年');
  });

  it('enters after ten days of silence, counted from the last reply, once per silence', async () => {
    await createSequence(
      engine,
      define('quiet', [hello], {
        trigger: { kind: 'silence', days: 10 },
        reentry: { policy: 'always' },
        exits: { reply: false },
      }),
    );
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await engine.advance('P2D');
    const letter = await engine.json<{ message: { replyTo: string } }>(
      'POST',
      '/v1/customers/c-wang/messages',
      { template: 'hello-again', channel: 'email' },
    );
    const reply = await engine.json('POST', '/_local/inbound/email', {
      from: wang.email,
      to: letter.body.message.replyTo,
      subject: 'Re',
      text: '收到,谢谢。',
    });
    expect(reply.status).toBeLessThan(300);
    // Silent from the reply on 02-08: ten days later, 02-18, not 02-16 as counted from the filing.
    await engine.advance('P9D');
    expect(await mail('c-wang', 'quiet')).toEqual([]);
    await engine.advance('P3D');
    expect((await mail('c-wang', 'quiet')).map((m) => m.sentAt)).toEqual(['2027-02-18T01:00:00.000Z']);
    // The same silence goes on: it does not start the sequence again, however long it lasts.
    await engine.advance('P15D');
    expect(await mail('c-wang', 'quiet')).toHaveLength(1);
  });

  it('starts on entering a saved segment, branches on it and ends another run on leaving it', async () => {
    const segment = await engine.json<{ id: string }>('POST', '/v1/segments', {
      name: 'VIPs',
      filter: { tags: ['vip'] },
    });
    expect(segment.status).toBe(201);
    const segmentId = segment.body.id;
    expect(segmentId).toMatch(/^seg-/);
    // Already in the segment before the sequence existed: not an entry.
    await engine.callOk('PUT', '/v1/customers/c-old', { ...wang, email: 'old@example.com', tags: ['vip'] });
    await createSequence(
      engine,
      define(
        'vip-welcome',
        [
          hello,
          wait('two-days', 2),
          { id: 'still', type: 'branch', condition: { kind: 'segment', segmentId }, yes: 'tips', no: 'end' },
          send('tips', 'sequence-welcome-tips'),
        ],
        { trigger: { kind: 'segment', segmentId } },
      ),
    );
    await createSequence(engine, define('vip-care', [wait('five-days', 5), hello], { exits: { segmentId } }));
    const unknown = await engine.json('POST', '/v1/sequences', {
      sequence: { ...define('x', [hello]).sequence, trigger: { kind: 'segment', segmentId: 'seg-none' } },
    });
    expect(unknown.status).toBe(422);
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await engine.callOk('PUT', '/v1/customers/c-wang', { ...wang, tags: ['vip'] });
    await engine.callOk('PUT', '/v1/customers/c-old', {
      ...wang,
      email: 'old@example.com',
      tags: ['vip', 'a'],
    });
    await engine.advance('PT1M');
    expect(await mail('c-wang', 'vip-welcome')).toHaveLength(1);
    expect(await mail('c-old', 'vip-welcome')).toEqual([]);
    await engine.advance('P2D');
    // Still a VIP when the branch asks: the tips follow.
    expect((await mail('c-wang', 'vip-welcome')).map((m) => m.subject)).toHaveLength(2);
    expect(
      (await engine.json('POST', '/v1/sequences/vip-care/enrol', { customerId: 'c-wang' })).body,
    ).toMatchObject({ entered: true });
    await engine.callOk('PUT', '/v1/customers/c-wang', { ...wang, tags: [] });
    expect((await runsOf('c-wang')).find((r) => r.sequenceId === 'vip-care')).toMatchObject({
      status: 'exited',
      endedBy: 'segment-left',
    });
    await engine.advance('P6D');
    expect(await mail('c-wang', 'vip-care')).toEqual([]);
    // Back in the segment: entering again, the re-entry policy (never) keeps her out.
    await engine.callOk('PUT', '/v1/customers/c-wang', { ...wang, tags: ['vip'] });
    await engine.advance('PT1M');
    expect(await mail('c-wang', 'vip-welcome')).toHaveLength(2);
  });

  it('starts on a campaign message, its first step sent by the same fire', async () => {
    await createSequence(
      engine,
      define('after-campaign', [hello], { trigger: { kind: 'campaign' }, priorityAs: 'campaigns' }),
    );
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    const campaign = await engine.json<{ campaign: { id: string } }>('POST', '/v1/campaigns', {
      name: 'Spring',
      segment: { country: ['CN'] },
      template: 'campaign-new-arrivals',
      channels: 'email',
      sendAt: '2027-02-08T10:00',
      spreadMinutes: 0,
      details: { highlight: 'walnut chairs' },
    });
    expect(campaign.status).toBe(201);
    await engine.advance('P1D');
    expect(await mail('c-wang', 'after-campaign')).toEqual([]);
    await engine.advance('P2D');
    const letter = (await engine.sent('c-wang')).find(
      (m) => m.rule === `campaign:${campaign.body.campaign.id}`,
    );
    expect(letter).toBeDefined();
    expect((await mail('c-wang', 'after-campaign')).map((m) => m.sentAt)).toEqual([letter!.sentAt]);
  });
});
