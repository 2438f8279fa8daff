import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/local-engine';

interface Created {
  id: string;
  sources: { locale: string; channel: string; version: number }[];
}

describe('creating a template over the API', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine({ start: '2027-03-01T02:00:00Z' });
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('files version 1 of each locale and channel, lists it and audits each source', async () => {
    const created = await engine.json<Created>('POST', '/v1/templates', {
      id: 'spring-offer',
      name: 'Spring offer',
      locales: ['zh-CN', 'en'],
      channels: ['email', 'sms'],
    });
    expect(created.status).toBe(201);
    expect(created.body.sources).toEqual([
      { locale: 'zh-CN', channel: 'email', version: 1 },
      { locale: 'zh-CN', channel: 'sms', version: 1 },
      { locale: 'en', channel: 'email', version: 1 },
      { locale: 'en', channel: 'sms', version: 1 },
    ]);
    const list = await engine.json<{ templates: { id: string; versions: Record<string, number> }[] }>(
      'GET',
      '/v1/templates',
    );
    expect(list.body.templates.find((t) => t.id === 'spring-offer')?.versions).toEqual({
      'en/email': 1,
      'en/sms': 1,
      'zh-CN/email': 1,
      'zh-CN/sms': 1,
    });
    const one = await engine.json<{
      sources: { locale: string; channel: string; subject?: string }[];
      variables: string[];
    }>('GET', '/v1/templates/spring-offer');
    expect(one.body.sources.find((s) => s.locale === 'en' && s.channel === 'email')?.subject).toBe(
      'Spring offer',
    );
    const chase = await engine.json<{ variables: string[] }>('GET', '/v1/templates/chase-did-you-receive');
    expect(chase.body.variables).toEqual(
      expect.arrayContaining(['customer.name', 'owner.name', 'chase.sentOn']),
    );
    expect(one.body).toMatchObject({ variables: expect.not.arrayContaining(['chase.sentOn']) });
    const trail = await engine.json<{ entries: { action: string; target: string }[] }>(
      'GET',
      '/v1/audit?target=template:spring-offer/en/email',
    );
    expect(trail.body.entries.map((e) => e.action)).toEqual(['template.created']);
    // The new source saves on from version 1 like any other.
    const saved = await engine.json('PUT', '/v1/templates/spring-offer/sources/en/sms', {
      body: 'Spring is here, {{ customer.name }}',
      baseVersion: 1,
    });
    expect(saved.status).toBe(201);
  });

  it('refuses an existing id with 409 and a bad slug with 400, each with its code', async () => {
    const again = await engine.json<{ code: string }>('POST', '/v1/templates', {
      id: 'hello-again',
      name: 'Hello again',
      locales: ['en'],
      channels: ['email'],
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('conflict');
    const bad = await engine.json<{ code: string; issues: { path: string }[] }>('POST', '/v1/templates', {
      id: 'Spring Offer!',
      name: 'x',
      locales: ['en'],
      channels: ['email'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid');
    expect(bad.body.issues.map((i) => i.path)).toContain('id');
    const none = await engine.json('POST', '/v1/templates', {
      id: 'x',
      name: 'x',
      locales: [],
      channels: ['sms'],
    });
    expect(none.status).toBe(400);
  });
});
