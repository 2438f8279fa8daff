import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireCustomer } from '../../functions/engine/fire/fire';
import { sesEvent } from '../engine/delivery-events/ses-fixtures';
import { LI_LEI, WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';
import { createSequence, define, hello, sequenceMail as mailOf, send, wait } from '../support/sequences';

const wang = { ...WANG, phone: '+86 138 0013 8000', owner: LI_LEI };
const other = (n: number) => ({
  ...WANG,
  name: `客户${n}`,
  email: `customer${n}@example.com`,
  phone: `+86 138 0013 800${n}`,
  owner: LI_LEI,
});

describe('sequences marketers define, end to end on the local engine', () => {
  let engine: TestEngine;
  beforeEach(async () => {
    engine = await startTestEngine();
  });
  afterEach(async () => {
    await engine.dispose();
  });

  const sequenceMail = (customerId: string, sequenceId: string) => mailOf(engine, customerId, sequenceId);
  const create = (body: ReturnType<typeof define>) => createSequence(engine, body);
  async function enrol(sequenceId: string, customerId: string) {
    return engine.json<{ entered: boolean; reason?: string }>('POST', `/v1/sequences/${sequenceId}/enrol`, {
      customerId,
    });
  }

  it('runs a send, a wait, a tag, an owner task and a branch on the tag, in the local morning', async () => {
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await create(
      define(
        'kinds',
        [
          hello,
          wait('four-days', 4),
          { id: 'mark', type: 'tag', op: 'add', tag: 'welcomed' },
          { id: 'call', type: 'task', template: 'owner-sequence-task' },
          {
            id: 'known',
            type: 'branch',
            condition: { kind: 'tag', tag: 'welcomed' },
            yes: 'tips',
            no: 'end',
          },
          send('tips', 'sequence-welcome-tips'),
        ],
        { exits: { reply: false } },
      ),
    );
    expect((await enrol('kinds', 'c-wang')).body).toMatchObject({ entered: true });
    await engine.advance('PT1M');
    expect((await sequenceMail('c-wang', 'kinds')).map((m) => [m.subject, m.sentAt])).toEqual([
      ['王芳,欢迎您', '2027-02-06T02:00:00.000Z'],
    ]);
    await engine.advance('P4D');
    const sent = await sequenceMail('c-wang', 'kinds');
    // 10:00 in Shanghai four days on: the owner's task mail, then the tips the tag led to.
    expect(sent.map((m) => [m.to, m.sentAt])).toEqual([
      [wang.email, '2027-02-06T02:00:00.000Z'],
      [LI_LEI.email, '2027-02-10T02:00:00.000Z'],
      [wang.email, '2027-02-10T02:00:00.000Z'],
    ]);
    const file = await engine.callOk<{ timeline: { type: string; task?: string; rule?: string }[] }>(
      'GET',
      '/v1/customers/c-wang',
    );
    expect(file.timeline.filter((e) => e.type === 'task')).toEqual([
      expect.objectContaining({ task: 'call' }),
    ]);
    expect(file.timeline.some((e) => e.type === 'note' && e.rule === 'sequence:kinds')).toBe(true);
    const stats = await engine.callOk<{ steps: Record<string, number | string>[] }>(
      'GET',
      '/v1/sequences/kinds/stats',
    );
    expect(stats.steps.find((s) => s.step === 'hello')).toMatchObject({ entered: 1, waiting: 0, sent: 1 });
    expect(stats.steps.find((s) => s.step === 'tips')).toMatchObject({ entered: 1, waiting: 0, sent: 1 });
    expect((await enrol('kinds', 'c-wang')).body).toEqual({ entered: false, reason: 'reentry' });
    const runs = await engine.callOk<{
      sequences: { sequenceId: string; status: string; endedBy?: string }[];
    }>('GET', '/v1/customers/c-wang');
    expect(runs.sequences).toEqual([
      expect.objectContaining({ sequenceId: 'kinds', status: 'completed', endedBy: 'end' }),
    ]);
  });

  it('dry-runs a customer through a sequence: the dates it gives are the dates it then sends, and it changes nothing', async () => {
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await create(define('dry', [hello, wait('three-days', 3), send('tips', 'sequence-welcome-tips')]));
    const dry = await engine.callOk<{
      entered: boolean;
      already: boolean;
      steps: { occurrence: string; local: string; channel: string }[];
    }>('POST', '/v1/sequences/dry/dry-run', { customerId: 'c-wang' });
    expect(dry).toMatchObject({ entered: true, already: false });
    // The two letters in the local morning (Shanghai), three days apart, then the run's end.
    expect(dry.steps.map((s) => [s.occurrence, s.local, s.channel])).toEqual([
      ['1:hello', '2027-02-06 10:00', 'email'],
      ['1:tips', '2027-02-09 10:00', 'email'],
      ['1:end', '2027-02-09 10:00', 'task'],
    ]);
    // Nothing was entered or sent by it.
    const file = await engine.callOk<{ sequences?: unknown[] }>('GET', '/v1/customers/c-wang');
    expect(file.sequences ?? []).toEqual([]);
    await engine.advance('P5D');
    expect(await sequenceMail('c-wang', 'dry')).toEqual([]);
    // Entered for real, it sends on the days the dry run gave from where the clock then is.
    const later = await engine.callOk<{ steps: { at: string; channel: string }[] }>(
      'POST',
      '/v1/sequences/dry/dry-run',
      {
        customerId: 'c-wang',
      },
    );
    expect((await enrol('dry', 'c-wang')).body).toMatchObject({ entered: true });
    await engine.advance('P5D');
    expect((await sequenceMail('c-wang', 'dry')).map((m) => m.sentAt)).toEqual(
      later.steps.filter((s) => s.channel === 'email').map((s) => s.at),
    );
    const unknown = await engine.json('POST', '/v1/sequences/dry/dry-run', { customerId: 'c-nobody' });
    expect(unknown.status).toBe(404);
  });

  it('counts an order placed while the customer is inside as a conversion at the step she is on', async () => {
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await create(define('buy', [hello, wait('three-days', 3), send('tips', 'sequence-welcome-tips')]));
    await enrol('buy', 'c-wang');
    await engine.advance('PT1M');
    const ordered = await engine.webhook({
      dealId: 'd-buy',
      customerId: 'c-wang',
      stage: 'ordered',
      items: [{ name: '实木衣柜', quantity: 1, unitPrice: 12800 }],
      currency: 'CNY',
    });
    expect(ordered.status).toBeLessThan(300);
    const stats = await engine.callOk<{ steps: Record<string, number | string>[] }>(
      'GET',
      '/v1/sequences/buy/stats',
    );
    expect(stats.steps.find((s) => s.step === 'hello')).toMatchObject({ sent: 1, converted: 1 });
  });

  it('branches on whether the customer replied', async () => {
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await engine.callOk('PUT', '/v1/customers/c-2', other(2));
    await create(
      define(
        'answer',
        [
          hello,
          wait('three-days', 3),
          { id: 'replied', type: 'branch', condition: { kind: 'replied' }, yes: 'thank', no: 'nudge' },
          send('thank', 'sequence-after-sales-check-in'),
          { id: 'stop', type: 'end' },
          send('nudge', 'sequence-win-back-miss-you'),
        ],
        { exits: { reply: false } },
      ),
    );
    await enrol('answer', 'c-wang');
    await enrol('answer', 'c-2');
    await engine.advance('PT1M');
    const [letter] = await sequenceMail('c-wang', 'answer');
    const reply = await engine.json('POST', '/_local/inbound/email', {
      from: wang.email,
      to: letter!.replyTo,
      subject: 'Re: 欢迎',
      text: '谢谢,收到了!',
    });
    expect(reply.body).toMatchObject({ status: 'recorded', kind: 'reply' });
    await engine.advance('P3D');
    expect((await sequenceMail('c-wang', 'answer')).map((m) => m.subject)).toEqual([
      '王芳,欢迎您',
      '王芳,使用还顺利吗?',
    ]);
    expect((await sequenceMail('c-2', 'answer')).map((m) => m.subject)).toEqual([
      '客户2,欢迎您',
      '客户2,好久不见',
    ]);
    const stats = await engine.callOk<{ steps: Record<string, number | string>[] }>(
      'GET',
      '/v1/sequences/answer/stats',
    );
    expect(stats.steps.find((s) => s.step === 'hello')).toMatchObject({ sent: 2, replied: 1 });
  });

  it('branches on whether the customer opened the letter, as SES reports it', async () => {
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await engine.callOk('PUT', '/v1/customers/c-2', other(2));
    await create(
      define('opened', [
        hello,
        wait('two-days', 2),
        { id: 'read', type: 'branch', condition: { kind: 'opened' }, yes: 'thank', no: 'nudge' },
        send('thank', 'sequence-after-sales-check-in'),
        { id: 'stop', type: 'end' },
        send('nudge', 'sequence-win-back-miss-you'),
      ]),
    );
    await enrol('opened', 'c-wang');
    await enrol('opened', 'c-2');
    await engine.advance('PT1M');
    const [letter] = await sequenceMail('c-wang', 'opened');
    // SES reports her open twice; c-2 never opens.
    for (let i = 0; i < 2; i++) {
      await engine.callOk('POST', '/_local/events/ses', sesEvent('open', { messageId: letter!.id }));
    }
    await engine.advance('P2D');
    expect((await sequenceMail('c-wang', 'opened')).map((m) => m.subject)).toEqual([
      '王芳,欢迎您',
      '王芳,使用还顺利吗?',
    ]);
    expect((await sequenceMail('c-2', 'opened')).map((m) => m.subject)).toEqual([
      '客户2,欢迎您',
      '客户2,好久不见',
    ]);
  });

  it('ends a run on a reply, a deal stage and an unsubscribe; the others go on', async () => {
    for (const [id, customer] of [
      ['c-wang', wang],
      ['c-2', other(2)],
      ['c-3', other(3)],
      ['c-4', other(4)],
    ] as const) {
      await engine.callOk('PUT', `/v1/customers/${id}`, customer);
    }
    await create(
      define('exits', [hello, wait('three-days', 3), send('again', 'sequence-welcome-tips')], {
        exits: { dealStages: ['ordered'] },
      }),
    );
    for (const id of ['c-wang', 'c-2', 'c-3', 'c-4']) await enrol('exits', id);
    await engine.advance('PT1M');
    const [letter] = await sequenceMail('c-wang', 'exits');
    await engine.json('POST', '/_local/inbound/email', {
      from: wang.email,
      to: letter!.replyTo,
      subject: 'Re',
      text: '好的,谢谢',
    });
    await engine.webhook({
      dealId: 'd-2',
      customerId: 'c-2',
      stage: 'ordered',
      amount: 100,
      currency: 'CNY',
    });
    const stop = await engine.json('POST', '/_local/inbound/sms', { from: other(3).phone, body: 'TD' });
    expect(stop.body).toMatchObject({ kind: 'unsubscribe' });
    await engine.advance('P4D');
    const counts = await Promise.all(
      ['c-wang', 'c-2', 'c-3', 'c-4'].map(async (id) => (await sequenceMail(id, 'exits')).length),
    );
    expect(counts).toEqual([1, 1, 1, 2]);
    const stats = await engine.callOk<{ steps: Record<string, number | string>[] }>(
      'GET',
      '/v1/sequences/exits/stats',
    );
    expect(stats.steps.find((s) => s.step === 'three-days')).toMatchObject({
      entered: 4,
      exited: 3,
      waiting: 0,
    });
  });

  it('applies an edit to a customer inside the sequence from their next step', async () => {
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await create(
      define('edited', [
        hello,
        wait('wait-1', 3),
        send('first', 'sequence-welcome-tips'),
        wait('wait-2', 3),
        send('second', 'sequence-win-back-miss-you'),
      ]),
    );
    await enrol('edited', 'c-wang');
    await engine.advance('P1D');
    const saved = await engine.json('PUT', '/v1/sequences/edited', {
      ...define('edited', [hello, wait('wait-1', 5), send('second', 'sequence-win-back-miss-you')]),
      baseVersion: 1,
    });
    expect(saved).toMatchObject({ status: 200, body: { version: 2 } });
    await engine.advance('P6D');
    expect((await sequenceMail('c-wang', 'edited')).map((m) => [m.subject, m.sentAt])).toEqual([
      ['王芳,欢迎您', '2027-02-06T02:00:00.000Z'],
      ['王芳,好久不见', '2027-02-11T02:00:00.000Z'],
    ]);
    const view = await engine.callOk<{ version: number; versions: { version: number; by?: string }[] }>(
      'GET',
      '/v1/sequences/edited',
    );
    expect(view.versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it('ends the runs of a sequence that is disabled, with a timeline entry', async () => {
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    const steps = [hello, wait('wait-1', 3), send('first', 'sequence-welcome-tips')];
    await create(define('paused', steps));
    await enrol('paused', 'c-wang');
    await engine.advance('P1D');
    const saved = await engine.json('PUT', '/v1/sequences/paused', {
      sequence: { ...define('paused', steps).sequence, enabled: false },
      baseVersion: 1,
    });
    expect(saved.status).toBe(200);
    await engine.advance('P1D');
    await engine.advance('P4D');
    expect(await sequenceMail('c-wang', 'paused')).toHaveLength(1);
    const file = await engine.callOk<{ timeline: { type: string; note?: string }[] }>(
      'GET',
      '/v1/customers/c-wang',
    );
    expect(file.timeline.filter((e) => e.type === 'note').map((e) => e.note)).toContain(
      'sequence paused ended (sequence-disabled)',
    );
    expect((await enrol('paused', 'c-wang')).body).toEqual({ entered: false, reason: 'disabled' });
  });

  it('sends a step once when the alarm rings twice at the same moment', async () => {
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await create(define('twice', [hello]));
    await enrol('twice', 'c-wang');
    await Promise.all([fireCustomer(engine.deps, 'c-wang'), fireCustomer(engine.deps, 'c-wang')]);
    await fireCustomer(engine.deps, 'c-wang');
    await engine.advance('PT1M');
    expect(await sequenceMail('c-wang', 'twice')).toHaveLength(1);
  });

  it('starts on a reply of a kind', async () => {
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await create(define('on-reply', [hello], { trigger: { kind: 'reply', replyKind: 'reply' } }));
    const letter = await engine.json<{ message: { replyTo: string } }>(
      'POST',
      '/v1/customers/c-wang/messages',
      {
        template: 'hello-again',
        channel: 'email',
      },
    );
    await engine.json('POST', '/_local/inbound/email', {
      from: wang.email,
      to: letter.body.message.replyTo,
      subject: 'Re',
      text: '谢谢,想了解一下新品。',
    });
    await engine.advance('PT1M');
    expect(await sequenceMail('c-wang', 'on-reply')).toHaveLength(1);
  });

  it('starts on a tag added to the file and on a deal reaching a stage', async () => {
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await create(define('on-tag', [hello], { trigger: { kind: 'tag-added', tag: 'vip' } }));
    const shipped = await engine.callOk<{ version: number; sequence: Record<string, unknown> }>(
      'GET',
      '/v1/sequences/after-sales-care',
    );
    expect(shipped).toMatchObject({ version: 1, sequence: { enabled: false } });
    const enabled = await engine.json('PUT', '/v1/sequences/after-sales-care', {
      sequence: { ...shipped.sequence, enabled: true },
      baseVersion: 1,
    });
    expect(enabled.status).toBe(200);
    await engine.callOk('PUT', '/v1/customers/c-wang', { ...wang, tags: ['vip'] });
    await engine.webhook({
      dealId: 'd-1',
      customerId: 'c-wang',
      stage: 'completed',
      items: [{ name: '实木衣柜', quantity: 1, unitPrice: 12800, years: 5 }],
      currency: 'CNY',
    });
    await engine.advance('PT1M');
    expect((await sequenceMail('c-wang', 'on-tag')).map((m) => m.subject)).toEqual(['王芳,欢迎您']);
    const care = await sequenceMail('c-wang', 'after-sales-care');
    expect(care).toHaveLength(1);
    expect(care[0]!.text).toContain('实木衣柜');
    // The deal came while she was inside the tag's sequence: a conversion at the step she was on.
    const stats = await engine.callOk<{ steps: Record<string, number | string>[] }>(
      'GET',
      '/v1/sequences/on-tag/stats',
    );
    expect(stats.steps.find((s) => s.step === 'hello')).toMatchObject({ converted: 1 });
  });
});
