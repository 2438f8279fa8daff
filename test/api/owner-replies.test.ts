import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LI_LEI, WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';

// An owner answering an owner alert writes from their own address to the customer's routing
// address: until the owner loop relays such answers, they are kept, never acted on as the customer.
describe('an owner’s reply to an owner alert', () => {
  let engine: TestEngine;
  beforeEach(async () => {
    engine = await startTestEngine();
    await engine.call('PUT', '/v1/customers/c-wang', { ...WANG, owner: LI_LEI });
  });
  afterEach(async () => {
    await engine.dispose();
  });

  it('“unsubscribe” or STOP to the alert address suppresses nobody and sends nothing', async () => {
    const { body } = await engine.json<{ message: { replyTo: string } }>(
      'POST',
      '/v1/customers/c-wang/messages',
      {
        template: 'hello-again',
        channel: 'email',
        chase: true,
      },
    );
    await engine.json('POST', '/_local/inbound/email', {
      from: WANG.email,
      to: body.message.replyTo,
      subject: 'Re: hello',
      text: '谢谢，收到了',
    });
    const alert = (await engine.sent('c-wang')).find((m) => m.rule === 'owner-alert');
    expect(alert?.to).toBe(LI_LEI.email);
    const before = (await engine.sent('c-wang')).length;
    for (const text of ['unsubscribe', 'STOP', '退订']) {
      const answer = await engine.json('POST', '/_local/inbound/email', {
        from: LI_LEI.email,
        to: alert!.replyTo,
        subject: 'Re: 王芳回复了',
        text,
      });
      expect(answer.body).toMatchObject({ status: 'held', reason: 'other-address' });
    }
    expect(await engine.deps.store.suppressions.get(LI_LEI.email)).toBeUndefined();
    expect(await engine.deps.store.suppressions.get(WANG.email)).toBeUndefined();
    expect((await engine.deps.store.customers.get('c-wang'))?.state.suppressed).toEqual({});
    expect(await engine.sent('c-wang')).toHaveLength(before);
  });
});
