import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerCodeFor } from '../../functions/core/campaigns/offers';
import { LOCAL_DEFAULTS } from '../../functions/wiring/config';
import { sesEvent } from '../engine/delivery-events/ses-fixtures';
import { LI_LEI, WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';
import { startReceiver, type TestReceiver } from '../support/webhook-receiver';

const PHONE = '+8613800138000';
const wang = { ...WANG, phone: PHONE, owner: LI_LEI, referredBy: 'c-zhang', tags: ['老客户'] };
/**
 * What identifies 王芳: her id and her addresses. None may be left in the table. (Her name stays
 * where it is another customer's correspondence: the thank-you her referrer got for referring her.)
 */
const HERS = ['c-wang', WANG.email, PHONE, '13800138000'];

type Export = {
  profile: { name: string; email: string };
  engineState: { suppressed: Record<string, unknown> };
  deals: { deal: { dealId: string } }[];
  timeline: { type: string }[];
  referrals: { referredBy: string | null; given: { customerId: string }[] };
  suppressions: { address: string; reason: string }[];
  webhookDeliveries: { type: string; event: { data: { customerId: string } } }[];
};

describe('a customer’s data rights: export and erasure, on the local engine', () => {
  let engine: TestEngine;
  let receiver: TestReceiver;
  let exported: Export;

  /** Whether an item holds any of her id, addresses or name (string sets read as arrays). */
  const holdsHer = (item: Record<string, unknown>) => {
    const text = JSON.stringify(item, (_key, value: unknown) => (value instanceof Set ? [...value] : value));
    return HERS.some((s) => text.includes(s));
  };

  /** Every item in the table, read with a test-only scan (the engine never scans). */
  async function everyItem(): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const client = DynamoDBDocumentClient.from(engine.dynamo);
    for await (const page of paginateScan({ client }, { TableName: 'nurture' }))
      items.push(...(page.Items ?? []));
    return items;
  }

  beforeAll(async () => {
    engine = await startTestEngine({ start: '2027-03-16T00:00:00Z' });
    receiver = await startReceiver(engine.clock);
    await engine.callOk('POST', '/v1/webhook-endpoints', {
      url: receiver.url('/crm'),
      events: ['message.sent', 'reply.received', 'customer.suppressed', 'task.created'],
    });
    // Who referred her, and whom she referred.
    await engine.callOk('PUT', '/v1/customers/c-zhang', {
      ...WANG,
      name: '张伟',
      email: 'zhang.wei@example.com',
    });
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
    await engine.callOk('PUT', '/v1/customers/c-li', {
      ...WANG,
      name: '李娜',
      email: 'li.na@example.com',
      referredBy: 'c-wang',
    });
    // A deal, a chased letter answered by email, a complaint, STOP by SMS, a call task from a chase.
    expect(
      (await engine.webhook({ dealId: 'D-1', customerId: 'c-wang', stage: 'completed', amount: 12800 }))
        .status,
    ).toBe(202);
    // An offer campaign whose code she redeems.
    const campaign = await engine.callOk<{ campaign: { id: string } }>('POST', '/v1/campaigns', {
      name: 'Thank-you offer',
      segment: { tags: ['老客户'] },
      template: 'campaign-offer',
      channels: 'email',
      sendAt: 'now',
      offer: { prefix: 'THANKS', validDays: 14 },
      details: { offer: '九折' },
    });
    // A spring letter she waits for on its send lists.
    await engine.callOk('POST', '/v1/campaigns', {
      name: 'Spring letter',
      segment: { tags: ['老客户'] },
      template: 'campaign-new-arrivals',
      channels: 'email',
      sendAt: '2027-04-20T10:00',
    });
    await engine.advance('PT1H');
    const code = offerCodeFor(LOCAL_DEFAULTS.signingKey, campaign.campaign.id, 'c-wang', 'THANKS');
    await engine.webhook({
      dealId: 'D-2',
      customerId: 'c-wang',
      stage: 'ordered',
      amount: 900,
      offerCode: code,
    });
    const letter = await engine.callOk<{ message: { id: string; replyTo: string } }>(
      'POST',
      '/v1/customers/c-wang/messages',
      { template: 'hello-again', channel: 'email', chase: true },
    );
    await engine.advance('P11D');
    await engine.callOk('POST', '/_local/inbound/email', {
      from: WANG.email,
      to: letter.message.replyTo,
      subject: 'Re: 你好',
      text: '我想投诉,送货太慢了。',
    });
    await engine.callOk(
      'POST',
      '/_local/events/ses',
      sesEvent('complaint', { messageId: letter.message.id }),
    );
    await engine.callOk('POST', '/_local/inbound/sms', { from: PHONE, body: '退订' });
    await engine.webhookQueue.settled();
  }, 120_000);

  afterAll(async () => {
    await engine.dispose();
    await receiver.stop();
  });

  it('exports everything held about her as one JSON document', async () => {
    const response = await engine.call('GET', '/v1/customers/c-wang/export');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="customer-c-wang.json"');
    exported = (await response.json()) as Export;
    expect(exported.profile).toMatchObject({ name: WANG.name, email: WANG.email });
    expect(exported.deals.map((d) => d.deal.dealId).sort()).toEqual(['D-1', 'D-2']);
    expect(exported.timeline.map((e) => e.type)).toEqual(
      expect.arrayContaining(['message', 'reply', 'task', 'event']),
    );
    expect(exported.referrals).toEqual({
      referredBy: 'c-zhang',
      given: [expect.objectContaining({ customerId: 'c-li' })],
    });
    expect(exported.suppressions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ address: WANG.email, reason: 'complaint' }),
        expect.objectContaining({ address: PHONE, reason: 'stop' }),
      ]),
    );
    expect(exported.engineState.suppressed).toHaveProperty('email');
    expect(exported.webhookDeliveries.map((d) => d.type)).toEqual(
      expect.arrayContaining(['message.sent', 'reply.received', 'customer.suppressed', 'task.created']),
    );
    expect(exported.webhookDeliveries.every((d) => d.event.data.customerId === 'c-wang')).toBe(true);
    // Before erasure the table holds her in many places: the check below can fail.
    const before = (await everyItem()).filter(holdsHer);
    expect(new Set(before.map((item) => String(item.pk).split('#')[0])).size).toBeGreaterThan(4);
    expect(before.some((item) => String(item.sk).startsWith('SEND#'))).toBe(true);
  });

  it('erases her everywhere: no item in the table carries her id, addresses or name; a repeat answers the same', async () => {
    const erased = await engine.json<{ status: string; erasedAt: string; removed: Record<string, number> }>(
      'DELETE',
      '/v1/customers/c-wang',
    );
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ status: 'erased', erasedAt: engine.clock.now().toISOString() });
    expect(erased.body.removed.items).toBeGreaterThan(10);
    expect(erased.body.removed.webhookDeliveries).toBe(exported.webhookDeliveries.length);
    expect(erased.body.removed.redemptions).toBe(1);
    const left = (await everyItem()).filter(holdsHer);
    expect(left).toEqual([]);
    const again = await engine.json('DELETE', '/v1/customers/c-wang');
    expect(again).toEqual({
      status: 200,
      body: { ...erased.body, removed: { items: 0, rawMail: 0, webhookDeliveries: 0, redemptions: 0 } },
    });
    expect((await engine.call('GET', '/v1/customers/c-wang')).status).toBe(404);
    expect((await engine.call('GET', '/v1/customers/c-wang/export')).status).toBe(404);
    expect((await engine.call('DELETE', '/v1/customers/c-never')).status).toBe(404);
    // What stays is counted, not hers: the redemption, and the referral cut both ways.
    const campaigns = await engine.callOk<{ campaigns: { progress: { redeemed: number } }[] }>(
      'GET',
      '/v1/campaigns',
    );
    expect(campaigns.campaigns[0]!.progress.redeemed).toBe(1);
    const li = await engine.callOk<{ customer: Record<string, unknown> }>('GET', '/v1/customers/c-li');
    expect(li.customer).not.toHaveProperty('referredBy');
    const zhang = await engine.callOk<{ referrals: { given: unknown[] } }>('GET', '/v1/customers/c-zhang');
    expect(zhang.referrals.given).toEqual([]);
  });

  it('keeps her addresses suppressed: filed again, under any id, she is never messaged', async () => {
    for (const id of ['c-wang', 'c-wang-again']) {
      expect((await engine.call('PUT', `/v1/customers/${id}`, { ...WANG, phone: PHONE })).status).toBe(201);
      const file = await engine.callOk<{ suppressed: Record<string, { reason: string }> }>(
        'GET',
        `/v1/customers/${id}`,
      );
      expect(file.suppressed).toEqual({
        email: expect.objectContaining({ reason: 'complaint' }),
        sms: expect.objectContaining({ reason: 'stop' }),
      });
      for (const channel of ['email', 'sms']) {
        const letter = await engine.call('POST', `/v1/customers/${id}/messages`, {
          template: 'hello-again',
          channel,
        });
        expect(letter.status, `${id} ${channel}`).toBe(422);
      }
    }
    // Nothing listed shows her address: only its keyed hash is kept.
    expect(
      (await engine.callOk<{ suppressions: unknown[] }>('GET', '/v1/suppressions?q=wang')).suppressions,
    ).toEqual([]);
  });
});
