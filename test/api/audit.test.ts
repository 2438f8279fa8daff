import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../functions/core/audit/audit-entry';
import { API_KEY, startTestEngine, type TestEngine } from '../support/local-engine';
import { type ConsoleCaller, joinTeam } from '../support/team';

const PASSWORD = 'a long enough passphrase';
const API_KEY_ID = `key:${createHash('sha256').update(API_KEY).digest('hex').slice(0, 12)}`;
const SOURCE = '/v1/templates/hello-again/sources/en/email';

/** Every change through the API or the console is in the audit trail: who, when, what, before and after. */
describe('the audit trail', () => {
  let engine: TestEngine;
  let marketer: ConsoleCaller;
  let marketerId: string;
  const trail = async (query = '') =>
    (await engine.json<{ entries: AuditEntry[]; next?: string }>('GET', `/v1/audit${query}`)).body;

  beforeAll(async () => {
    engine = await startTestEngine();
    const joined = await joinTeam(
      engine.app,
      { email: 'han.mei@shop.example', name: '韩梅', role: 'marketer' },
      PASSWORD,
    );
    marketer = joined.caller;
    marketerId = joined.user.id;
    for (const [id, name] of [
      ['c-wang', '王芳'],
      ['c-li', '李娜'],
    ] as const) {
      await engine.call('PUT', `/v1/customers/${id}`, {
        name,
        email: `${id}@example.com`,
        country: 'CN',
        locale: 'zh-CN',
        timezone: 'Asia/Shanghai',
        tags: ['vip'],
      });
    }
  });
  afterAll(async () => engine.dispose());

  it("names a template's author in its history and in the trail, with the versions before and after", async () => {
    const saved = await marketer.json('PUT', SOURCE, {
      subject: 'Hello {{ customer.name }}',
      body: '<p>Spring is here.</p>',
      baseVersion: 1,
      note: 'spring',
    });
    expect(saved).toEqual({ status: 201, body: { version: 2 } });
    const reverted = await marketer.json('POST', `${SOURCE}/revert`, { version: 1, baseVersion: 2 });
    expect(reverted.status).toBe(201);

    const versions = await engine.json<{ versions: { version: number; by: string; byName?: string }[] }>(
      'GET',
      `${SOURCE}/versions`,
    );
    expect(versions.body.versions.map((v) => [v.version, v.by, v.byName])).toEqual([
      [3, marketerId, '韩梅 <han.mei@shop.example>'],
      [2, marketerId, '韩梅 <han.mei@shop.example>'],
      [1, 'templates/', undefined],
    ]);
    const template = await engine.json<{ sources: { locale: string; channel: string; updatedBy: string }[] }>(
      'GET',
      '/v1/templates/hello-again',
    );
    expect(template.body.sources.find((s) => s.locale === 'en' && s.channel === 'email')?.updatedBy).toBe(
      '韩梅 <han.mei@shop.example>',
    );

    const { entries } = await trail('?target=template:hello-again/en/email');
    expect(entries).toEqual([
      {
        id: expect.any(String),
        at: '2027-02-06T02:00:00.000Z',
        by: marketerId,
        byName: '韩梅 <han.mei@shop.example>',
        action: 'template.reverted',
        target: 'template:hello-again/en/email',
        before: { version: 2 },
        after: { version: 3, note: 'revert to version 1' },
      },
      expect.objectContaining({
        action: 'template.saved',
        before: { version: 1 },
        after: { version: 2, note: 'spring' },
      }),
    ]);
  });

  it('names the API key a backend saved a rule with, and shows it on the rule', async () => {
    const rules = await engine.json<{ rules: { id: string; rule: Record<string, unknown> }[] }>(
      'GET',
      '/v1/rules',
    );
    const monthly = rules.body.rules.find((r) => r.id === 'monthly-letter')!;
    const saved = await engine.json('PUT', '/v1/rules/monthly-letter', {
      rule: { ...monthly.rule, daysOfMonth: { A: [1, 15], B: [1], C: [10] } },
      baseVersion: 1,
    });
    expect(saved.status).toBe(200);
    const after = await engine.json<{ rules: { id: string; updatedBy?: string; version: number }[] }>(
      'GET',
      '/v1/rules',
    );
    expect(after.body.rules.find((r) => r.id === 'monthly-letter')).toMatchObject({
      version: 2,
      updatedBy: `API key ${API_KEY_ID.slice(4)}`,
    });
    // The key also invited the marketer, before.
    expect((await trail(`?by=${API_KEY_ID}`)).entries.map((e) => [e.action, e.target])).toEqual([
      ['rule.saved', 'rule:monthly-letter'],
      ['user.invited', `user:${marketerId}`],
    ]);
  });

  it('records segment saves, and a campaign made and cancelled once however often cancel is asked', async () => {
    const segment = await marketer.json<{ id: string }>('POST', '/v1/segments', {
      id: 'vips',
      name: 'VIPs',
      filter: { tags: ['vip'] },
    });
    expect(segment.status).toBe(201);
    const campaign = await marketer.json<{ campaign: { id: string } }>('POST', '/v1/campaigns', {
      name: 'Spring',
      segment: 'vips',
      template: 'campaign-new-arrivals',
      channels: 'email',
      sendAt: '2027-02-08T10:00',
      details: { highlight: 'walnut chairs' },
    });
    expect(campaign.status).toBe(201);
    const id = campaign.body.campaign.id;
    expect((await marketer.call('POST', `/v1/campaigns/${id}/cancel`)).status).toBe(200);
    await engine.advance('PT1M');
    expect((await marketer.call('POST', `/v1/campaigns/${id}/cancel`)).status).toBe(200);

    expect((await trail('?target=segment:vips')).entries).toEqual([
      expect.objectContaining({
        by: marketerId,
        action: 'segment.saved',
        after: { id: 'vips', name: 'VIPs', filter: { tags: ['vip'] }, createdAt: expect.any(String) },
      }),
    ]);
    const changes = (await trail(`?target=campaign:${id}`)).entries;
    expect(changes.map((e) => [e.action, e.by])).toEqual([
      ['campaign.cancelled', marketerId],
      ['campaign.created', marketerId],
    ]);
    expect(changes[1]!.after).toMatchObject({ name: 'Spring', kind: 'message', filter: { tags: ['vip'] } });
  });

  it('records user changes with the user before and after, never a secret', async () => {
    const invited = await engine.json<{ user: { id: string } }>('POST', '/v1/users', {
      email: 'li.lei@shop.example',
      name: '李雷',
      role: 'owner',
    });
    const id = invited.body.user.id;
    await engine.call('PATCH', `/v1/users/${id}`, { role: 'marketer' });
    await engine.call('POST', `/v1/users/${id}/password-reset`);
    await engine.call('DELETE', `/v1/users/${id}`);
    const entries = (await trail(`?target=user:${id}`)).entries;
    expect(entries.map((e) => [e.action, e.by])).toEqual([
      ['user.removed', API_KEY_ID],
      ['user.reset-link-issued', API_KEY_ID],
      ['user.updated', API_KEY_ID],
      ['user.invited', API_KEY_ID],
    ]);
    expect(entries[2]).toMatchObject({ before: { role: 'owner' }, after: { role: 'marketer' } });
    expect(JSON.stringify(entries)).not.toMatch(/token|scrypt|password[A-Z]/);
  });

  it('pages the whole trail newest first, and refuses a cursor or filter it did not make', async () => {
    const all = (await trail('?limit=200')).entries;
    const first = await trail('?limit=3');
    expect(first.entries).toEqual(all.slice(0, 3));
    const second = await trail(`?limit=3&cursor=${first.next}`);
    expect(second.entries).toEqual(all.slice(3, 6));
    expect((await trail(`?by=${marketerId}&target=segment:vips`)).entries.map((e) => e.action)).toEqual([
      'segment.saved',
    ]);
    expect((await engine.json('GET', '/v1/audit?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    expect((await engine.json('GET', '/v1/audit?target=no%20spaces')).status).toBe(400);
    expect((await engine.json('GET', '/v1/audit?limit=0')).status).toBe(400);
    expect((await marketer.json('GET', '/v1/audit')).status).toBe(403);
  });
});
