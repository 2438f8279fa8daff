import { describe, expect, it } from 'vitest';
import type { WebhookEvent } from '../../../functions/core/webhooks/events';
import type { WebhookDeliveryRecord, WebhookEndpoint } from '../../../functions/ports/store/index';
import { STORE_SERVERS, storeOnServer } from '../../support/dynamo-servers';

const T0 = new Date('2027-02-06T02:00:00Z');
const iso = (minutes: number) => new Date(T0.getTime() + minutes * 60_000).toISOString();

const endpoint = (id: string): WebhookEndpoint => ({
  id,
  url: 'https://crm.example.com/hooks',
  events: ['message.sent'],
  secret: `whsec_${Buffer.alloc(24, 3).toString('base64')}`,
  createdAt: T0.toISOString(),
  updatedAt: T0.toISOString(),
});

function delivery(
  n: number,
  status: WebhookDeliveryRecord['status'],
  customerId = 'c-1',
): WebhookDeliveryRecord {
  const event = {
    id: `evt_${String(n).padStart(24, '0')}`,
    type: 'message.sent',
    timestamp: iso(n),
    data: { customerId, messageId: `m-${n}`, channel: 'email', template: 't', rule: 'letter', at: iso(n) },
  } as WebhookEvent;
  return {
    endpointId: 'ep_1',
    webhookId: event.id,
    type: 'message.sent',
    subject: { customerId },
    status,
    attempts: 1,
    createdAt: iso(n),
    lastAttemptAt: iso(n),
    event,
  };
}

describe.each(STORE_SERVERS)('webhooks and the suppression list on %s', (serverName, startServer) => {
  const fixture = storeOnServer(startServer, 'hooks', serverName, () => T0);

  it('keeps endpoints, and creates one id once', async () => {
    const { webhooks } = fixture.store;
    expect(await webhooks.createEndpoint(endpoint('ep_a'))).toBe(true);
    expect(await webhooks.createEndpoint(endpoint('ep_a'))).toBe(false);
    expect(await webhooks.saveEndpoint({ ...endpoint('ep_a'), url: 'https://crm.example.com/v2' })).toBe(
      true,
    );
    expect(await webhooks.saveEndpoint(endpoint('ep_gone'))).toBe(false);
    expect((await webhooks.getEndpoint('ep_a'))?.url).toBe('https://crm.example.com/v2');
    expect(await webhooks.deleteEndpoint('ep_a')).toBe(true);
    expect(await webhooks.deleteEndpoint('ep_a')).toBe(false);
  });

  it('logs deliveries newest first a page at a time, indexes the dead ones, and never undoes a delivered one', async () => {
    const { webhooks } = fixture.store;
    for (const n of [1, 2, 3]) await webhooks.recordAttempt(delivery(n, n === 2 ? 'dead' : 'delivered'));
    // A late duplicate attempt does not turn a delivered event back into a retry.
    await webhooks.recordAttempt({ ...delivery(3, 'pending'), attempts: 2 });
    expect(
      (await webhooks.getDelivery({ customerId: 'c-1' }, 'ep_1', delivery(3, 'delivered').webhookId))?.status,
    ).toBe('delivered');
    const first = await webhooks.deliveries('ep_1', { limit: 2 });
    expect(first.deliveries.map((d) => d.event.id)).toEqual([
      delivery(3, 'delivered').webhookId,
      delivery(2, 'dead').webhookId,
    ]);
    const second = await webhooks.deliveries('ep_1', { limit: 2, after: first.next! });
    expect(second.deliveries.map((d) => d.webhookId)).toEqual([delivery(1, 'delivered').webhookId]);
    await expect(webhooks.deliveries('ep_1', { limit: 2, after: 'bm9wZQ' })).rejects.toThrow(/cursor/);
    const dead = await webhooks.deliveries('ep_1', { status: 'dead', limit: 10 });
    expect(dead.deliveries.map((d) => d.webhookId)).toEqual([delivery(2, 'dead').webhookId]);
    // A replay takes it out of the dead letters, once.
    const requeued = await webhooks.requeue({ customerId: 'c-1' }, 'ep_1', delivery(2, 'dead').webhookId);
    expect(requeued).toMatchObject({ status: 'pending', attempts: 0 });
    expect(
      await webhooks.requeue({ customerId: 'c-1' }, 'ep_1', delivery(2, 'dead').webhookId),
    ).toBeUndefined();
    expect((await webhooks.deliveries('ep_1', { status: 'dead', limit: 10 })).deliveries).toEqual([]);
    // Whom an event is about holds its deliveries: forgetting them drops every one.
    expect(await webhooks.deliveriesAbout({ customerId: 'c-1' })).toHaveLength(3);
    expect(await webhooks.forget({ customerId: 'c-1' })).toBe(3);
    expect(await webhooks.deliveriesAbout({ customerId: 'c-1' })).toEqual([]);
    expect((await webhooks.deliveries('ep_1', { limit: 10 })).deliveries).toEqual([]);
  });

  it('lists suppressed addresses in order from a prefix, and finds an erased address by its hash alone', async () => {
    const { suppressions } = fixture.store;
    for (const address of ['b@x.example', 'a@x.example', '+8613800138000']) {
      await suppressions.add(address, { reason: 'manual', at: T0, source: 'api' });
    }
    // Soft bounces alone are no suppression, and are not listed.
    await suppressions.recordSoftBounce('soft@x.example', T0);
    const all = await suppressions.list({ limit: 10 });
    expect(all.suppressions.map((s) => s.address)).toEqual(['+8613800138000', 'a@x.example', 'b@x.example']);
    expect((await suppressions.list({ q: 'A@', limit: 10 })).suppressions.map((s) => s.address)).toEqual([
      'a@x.example',
    ]);
    expect((await suppressions.list({ q: '+86 138', limit: 10 })).suppressions).toHaveLength(1);
    expect((await suppressions.list({ reason: 'complaint', limit: 10 })).suppressions).toEqual([]);

    await suppressions.addErased('f'.repeat(40), { reason: 'erased', at: T0, source: 'erasure' });
    expect(await suppressions.get('gone@x.example')).toBeUndefined();
    expect(await suppressions.get('gone@x.example', 'f'.repeat(40))).toMatchObject({
      address: 'gone@x.example',
      reason: 'erased',
    });
    // The address's own entry wins over its hash.
    expect((await suppressions.get('a@x.example', 'f'.repeat(40)))?.reason).toBe('manual');
    expect(await suppressions.removeErased('f'.repeat(40))).toBe(true);
    expect(await suppressions.get('gone@x.example', 'f'.repeat(40))).toBeUndefined();
    expect(await suppressions.remove('A@x.example')).toMatchObject({
      address: 'a@x.example',
      reason: 'manual',
    });
    expect(await suppressions.remove('a@x.example')).toBeUndefined();
    expect((await suppressions.list({ limit: 10 })).suppressions.map((s) => s.address)).not.toContain(
      'a@x.example',
    );
  });
});
