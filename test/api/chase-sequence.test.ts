import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';

interface SequenceView {
  version: number;
  sequence: { enabled: boolean; trigger: { kind: string }; steps: Record<string, unknown>[] } & Record<
    string,
    unknown
  >;
}

describe('the follow-up chase runs as the shipped sequence follow-up-chase', () => {
  let engine: TestEngine;
  beforeEach(async () => {
    engine = await startTestEngine();
    expect((await engine.call('PUT', '/v1/customers/c-wang', WANG)).status).toBe(201);
  });
  afterEach(async () => {
    await engine.dispose();
  });

  const chaseSequence = () => engine.callOk<SequenceView>('GET', '/v1/sequences/follow-up-chase');
  const chaseMail = async () =>
    (await engine.sent('c-wang')).filter((m) => m.rule === 'letter' || m.rule === 'chase');
  async function sendChasedLetter() {
    const sent = await engine.json('POST', '/v1/customers/c-wang/messages', {
      template: 'hello-again',
      channel: 'email',
      chase: true,
    });
    expect(sent.status).toBe(201);
  }

  it('shows the chase rule as its waits and steps, and a saved chase rule is what then runs', async () => {
    const shipped = await chaseSequence();
    expect(shipped).toMatchObject({ version: 1, sequence: { enabled: true, priorityAs: 'chase' } });
    expect(shipped.sequence.trigger).toEqual({ kind: 'chased-message' });
    expect(shipped.sequence.steps.map((s) => [s.id, s.type, s.days ?? s.template])).toEqual([
      ['wait-1', 'wait', 3],
      ['step-1', 'send', 'chase-did-you-receive'],
      ['wait-2', 'wait', 4],
      ['step-2', 'send', 'chase-product-intro'],
      ['wait-3', 'wait', 3],
      ['step-3', 'task', 'owner-call-task'],
    ]);

    const saved = await engine.json('PUT', '/v1/rules/chase', {
      rule: { sendAt: '10:30', steps: [{ afterDays: 2, action: 'send', template: 'chase-did-you-receive' }] },
      baseVersion: 1,
    });
    expect(saved.status).toBe(200);
    expect((await chaseSequence()).sequence.steps).toEqual([
      { id: 'wait-1', type: 'wait', days: 2, hours: 0, at: '10:30', itemYears: false },
      {
        id: 'step-1',
        type: 'send',
        template: 'chase-did-you-receive',
        channels: 'email-then-sms',
        sameChannel: true,
      },
    ]);

    await sendChasedLetter();
    await engine.advance('P10D');
    // The letter at 10:00 Shanghai on 02-06; the one follow-up on 02-08 at 10:30, and no more.
    expect((await chaseMail()).map((m) => [m.rule, m.sentAt])).toEqual([
      ['letter', '2027-02-06T02:00:00.000Z'],
      ['chase', '2027-02-08T02:30:00.000Z'],
    ]);
  });

  it('refuses a save that changes the chase steps, another sequence on a chased letter, and an enrolment without a letter', async () => {
    const { sequence } = await chaseSequence();
    const steps = sequence.steps.map((s) => (s.id === 'wait-1' ? { ...s, days: 5 } : s));
    const refused = await engine.json<{ issues: { path: string }[] }>(
      'PUT',
      '/v1/sequences/follow-up-chase',
      {
        sequence: { ...sequence, steps },
        baseVersion: 1,
      },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.issues.map((i) => i.path)).toEqual(['steps']);

    const other = await engine.json<{ issues: { path: string }[] }>('POST', '/v1/sequences', {
      sequence: { ...sequence, id: 'second-chase', name: 'Second chase' },
    });
    expect(other.status).toBe(422);
    expect(other.body.issues.map((i) => i.path)).toEqual(['trigger.kind']);
    const enrol = await engine.json('POST', '/v1/sequences/follow-up-chase/enrol', { customerId: 'c-wang' });
    expect(enrol.status).toBe(400);
  });

  it('ends a customer chase by request, as any sequence run', async () => {
    await sendChasedLetter();
    const exit = () => engine.json('POST', '/v1/sequences/follow-up-chase/exit', { customerId: 'c-wang' });
    expect((await exit()).status).toBe(200);
    const file = await engine.callOk<{
      chases: { status: string; endedBy?: string }[];
      timeline: { type: string; note?: string }[];
    }>('GET', '/v1/customers/c-wang');
    expect(file.chases).toEqual([expect.objectContaining({ status: 'stopped', endedBy: 'request' })]);
    expect(file.timeline.filter((e) => e.type === 'note').map((e) => e.note)).toContain(
      'sequence follow-up-chase ended by request',
    );
    expect((await exit()).body).toEqual({ exited: false });
    await engine.advance('P10D');
    expect((await chaseMail()).map((m) => m.rule)).toEqual(['letter']);
  });

  it('runs no follow-ups while the sequence is disabled', async () => {
    const { sequence } = await chaseSequence();
    const saved = await engine.json('PUT', '/v1/sequences/follow-up-chase', {
      sequence: { ...sequence, enabled: false },
      baseVersion: 1,
    });
    expect(saved.status).toBe(200);
    await sendChasedLetter();
    await engine.advance('P10D');
    expect((await chaseMail()).map((m) => m.rule)).toEqual(['letter']);
  });
});
