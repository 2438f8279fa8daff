import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sesEvent } from '../engine/delivery-events/ses-fixtures';
import { WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';

const wang = { ...WANG, phone: '+8613800138000' };
const WANG_PATH = `/v1/suppressions/${encodeURIComponent(WANG.email)}`;

type Suppression = { address: string; channel: string; reason: string; at: string; source: string };

describe('the suppression API', () => {
  let engine: TestEngine;
  const logged: { event: string; fields: Record<string, unknown> }[] = [];

  beforeEach(async () => {
    logged.length = 0;
    engine = await startTestEngine({ log: (event, fields = {}) => logged.push({ event, fields }) });
    await engine.callOk('PUT', '/v1/customers/c-wang', wang);
  });
  afterEach(() => engine.dispose());

  const letter = (channel: 'email' | 'sms') =>
    engine.call('POST', '/v1/customers/c-wang/messages', { template: 'hello-again', channel });
  const flags = async () =>
    (await engine.callOk<{ suppressed: Record<string, { reason: string }> }>('GET', '/v1/customers/c-wang'))
      .suppressed;
  /** The audit trail's entries, oldest first, as the API answers them. */
  const audits = async () =>
    (await engine.json<{ entries: Record<string, unknown>[] }>('GET', '/v1/audit?limit=200')).body.entries
      .filter((e) => String(e.action).startsWith('suppression.'))
      .reverse();

  it('lists an address by hand: its customers are flagged and not messaged on it, idempotently', async () => {
    const put = await engine.json<Suppression>(
      'PUT',
      `/v1/suppressions/${encodeURIComponent(' Wang.Fang@Example.com')}`,
      {
        channel: 'email',
        reason: 'manual',
      },
    );
    expect(put.status).toBe(201);
    expect(put.body).toEqual({
      address: 'wang.fang@example.com',
      channel: 'email',
      reason: 'manual',
      source: 'api',
      at: '2027-02-06T02:00:00.000Z',
    });
    expect((await flags()).email).toMatchObject({ reason: 'manual' });
    expect((await letter('email')).status).toBe(422);
    expect((await letter('sms')).status).toBe(201);
    await engine.advance('PT1H');
    const again = await engine.json<Suppression>('PUT', WANG_PATH, {
      channel: 'email',
      reason: 'unsubscribe',
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(put.body);
    // Audited once, by who and why, without the address.
    expect(await audits()).toEqual([
      expect.objectContaining({
        action: 'suppression.added',
        target: expect.stringMatching(/^address:[0-9a-f]{40}$/),
        by: expect.stringMatching(/^key:/),
        after: { channel: 'email', reason: 'manual' },
      }),
    ]);
    expect(JSON.stringify(await audits())).not.toContain('wang.fang');
  });

  it('takes a phone number in its path, as +E.164', async () => {
    const put = await engine.json<Suppression>('PUT', '/v1/suppressions/+8613800138000', {
      channel: 'sms',
      reason: 'stop',
    });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ address: '+8613800138000', channel: 'sms' });
    expect((await letter('sms')).status).toBe(422);
  });

  it('refuses what is no address, a channel that is not the address’s, and an unknown reason, changing nothing', async () => {
    for (const [path, body, field] of [
      ['/v1/suppressions/not-an-address', { channel: 'email', reason: 'manual' }, 'address'],
      [WANG_PATH, { channel: 'sms', reason: 'manual' }, 'channel'],
      [WANG_PATH, { channel: 'email', reason: 'bored' }, 'reason'],
      [WANG_PATH, { channel: 'email' }, 'reason'],
    ] as const) {
      const { status, body: answer } = await engine.json<{ issues: { path: string }[] }>('PUT', path, body);
      expect(status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(answer.issues[0]!.path).toBe(field);
    }
    expect(
      (await engine.callOk<{ suppressions: unknown[] }>('GET', '/v1/suppressions')).suppressions,
    ).toEqual([]);
    expect(await flags()).toEqual({});
  });

  it('lists in address order a page at a time, from the start of an address, of one reason', async () => {
    const addresses = [
      'zoe@example.com',
      'amy@example.com',
      'wang.fang@example.com',
      'wang.lei@example.com',
      'bo@shop.example',
    ];
    for (const [i, address] of addresses.entries()) {
      await engine.callOk('PUT', `/v1/suppressions/${encodeURIComponent(address)}`, {
        channel: 'email',
        reason: i % 2 ? 'unsubscribe' : 'manual',
      });
    }
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { suppressions: Suppression[]; next: string | null } = await engine.callOk(
        'GET',
        `/v1/suppressions?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.suppressions.length).toBeLessThanOrEqual(2);
      all.push(...page.suppressions.map((s) => s.address));
      cursor = page.next;
    } while (cursor);
    expect(all).toEqual([...addresses].sort());
    const wangs = await engine.callOk<{ suppressions: Suppression[] }>('GET', '/v1/suppressions?q=Wang.');
    expect(wangs.suppressions.map((s) => s.address)).toEqual([
      'wang.fang@example.com',
      'wang.lei@example.com',
    ]);
    const unsubscribed = await engine.callOk<{ suppressions: Suppression[] }>(
      'GET',
      '/v1/suppressions?reason=unsubscribe',
    );
    expect(unsubscribed.suppressions.map((s) => s.address).sort()).toEqual([
      'amy@example.com',
      'wang.lei@example.com',
    ]);
    expect((await engine.call('GET', '/v1/suppressions?reason=bored')).status).toBe(400);
    expect((await engine.call('GET', '/v1/suppressions?cursor=bm9wZQ&q=wang')).status).toBe(400);
  });

  it('takes an address off with a reason: its customers may be messaged again; a repeat finds nothing', async () => {
    await engine.callOk('PUT', WANG_PATH, { channel: 'email', reason: 'manual' });
    expect((await engine.json('DELETE', WANG_PATH, {})).status).toBe(400);
    const removed = await engine.callOk<{ removed: Suppression }>('DELETE', WANG_PATH, {
      reason: 'asked to hear from us again',
    });
    expect(removed.removed).toMatchObject({ address: 'wang.fang@example.com', reason: 'manual' });
    expect(await flags()).toEqual({});
    expect((await letter('email')).status).toBe(201);
    expect(await engine.callOk('DELETE', WANG_PATH, { reason: 'asked to hear from us again' })).toEqual({
      removed: null,
    });
    expect((await audits()).at(-1)).toMatchObject({
      action: 'suppression.removed',
      by: expect.stringMatching(/^key:/),
      after: { channel: 'email', was: 'manual', reason: 'asked to hear from us again', forced: false },
    });
  });

  it('keeps a complaint unless the removal says force: true', async () => {
    const sent = (await (await letter('email')).json()) as { message: { id: string } };
    await engine.callOk('POST', '/_local/events/ses', sesEvent('complaint', { messageId: sent.message.id }));
    const listed = await engine.callOk<{ suppressions: Suppression[] }>('GET', '/v1/suppressions');
    expect(listed.suppressions).toEqual([
      expect.objectContaining({ reason: 'complaint', source: 'ses:complaint' }),
    ]);
    const refused = await engine.json<{ error: string }>('DELETE', WANG_PATH, { reason: 'we made up' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/force: true/);
    expect((await flags()).email).toMatchObject({ reason: 'complaint' });
    await engine.callOk('DELETE', WANG_PATH, { reason: 'we made up', force: true });
    expect(await flags()).toEqual({});
    expect(
      (await engine.callOk<{ suppressions: unknown[] }>('GET', '/v1/suppressions')).suppressions,
    ).toEqual([]);
  });
});
