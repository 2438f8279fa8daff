import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, startTestEngine, type TestEngine } from '../support/local-engine';

/** How the audit trail and version histories name the test's API key: `key:` and 12 hex of its SHA-256. */
const API_KEY_ID = `key:${createHash('sha256').update(API_KEY).digest('hex').slice(0, 12)}`;

const emily = {
  name: 'Emily Carter',
  email: 'emily@example.com',
  phone: '+12025550143',
  locale: 'en',
  timezone: 'America/New_York',
  country: 'US',
  owner: { name: 'Lin Wei', email: 'lin.wei@shop.example' },
};

const SOURCE = '/v1/templates/hello-again/sources/en/email';

interface Version {
  version: number;
  at: string;
  by?: string;
  note?: string;
  subject?: string;
  body: string;
  text?: string;
}

describe('editing templates over the API', () => {
  let engine: TestEngine;
  let v1: Version;

  const versions = async (path = SOURCE) =>
    (await engine.json<{ versions: Version[] }>('GET', `${path}/versions`)).body.versions;
  const preview = (body: Record<string, unknown>) =>
    engine.json<{ subject?: string; html?: string; text: string; segments?: { count: number } }>(
      'POST',
      '/v1/templates/hello-again/preview',
      { customerId: 'c-emily', channel: 'email', ...body },
    );

  beforeAll(async () => {
    engine = await startTestEngine({ start: '2027-03-01T02:00:00Z' });
    expect((await engine.call('PUT', '/v1/customers/c-emily', emily)).status).toBe(201);
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('shows the files as version 1 of every source', async () => {
    const list = await engine.json<{ templates: { id: string; versions: Record<string, number> }[] }>(
      'GET',
      '/v1/templates',
    );
    expect(list.body.templates.find((t) => t.id === 'hello-again')?.versions).toEqual({
      'en/email': 1,
      'en/sms': 1,
      'zh-CN/email': 1,
      'zh-CN/sms': 1,
    });
    const one = await engine.json<{ id: string; usedBy: string[]; sources: Record<string, unknown>[] }>(
      'GET',
      '/v1/templates/monthly-letter',
    );
    expect(one.status).toBe(200);
    expect(one.body.usedBy).toEqual(['monthly-letter']);
    expect(one.body.sources.find((s) => s.locale === 'en' && s.channel === 'email')).toMatchObject({
      version: 1,
      updatedBy: 'templates/',
      subject: expect.stringContaining('{{'),
      body: expect.stringContaining('customer.name'),
    });
    const first = (await versions())[0];
    if (!first) throw new Error('no version 1');
    v1 = first;
    expect(v1).toMatchObject({
      version: 1,
      by: 'templates/',
      subject: expect.stringContaining('quick hello'),
    });
    expect((await engine.json('GET', '/v1/templates/no-such-template')).status).toBe(404);
    expect((await engine.json('GET', '/v1/templates/hello-again/sources/fr/email/versions')).status).toBe(
      404,
    );
  });

  it('saves version 2, and both the preview and a real send use it', async () => {
    const saved = await engine.json('PUT', SOURCE, {
      subject: 'Spring news for {{ customer.name }}',
      body: '<p>Hello {{ customer.name }}, our spring collection is in.</p>',
      baseVersion: 1,
      note: 'spring wording',
    });
    expect(saved).toEqual({ status: 201, body: { version: 2 } });
    const shown = await preview({});
    expect(shown.status).toBe(200);
    expect(shown.body.subject).toBe('Spring news for Emily Carter');
    expect(shown.body.text).toBe('Hello Emily Carter, our spring collection is in.');

    const sent = await engine.call('POST', '/v1/customers/c-emily/messages', {
      template: 'hello-again',
      channel: 'email',
    });
    expect(sent.status).toBe(201);
    const [message] = await engine.sent('c-emily');
    expect(message).toMatchObject({ channel: 'email', subject: 'Spring news for Emily Carter' });
    expect(message?.html).toContain('our spring collection is in');
    expect(message?.text).toContain('our spring collection is in');

    expect((await versions()).map((v) => [v.version, v.note, v.by])).toEqual([
      [2, 'spring wording', API_KEY_ID],
      [1, undefined, 'templates/'],
    ]);
    // The other sources of the template are untouched.
    const sms = await engine.json<{ text: string }>('POST', '/v1/templates/hello-again/preview', {
      customerId: 'c-emily',
      channel: 'sms',
    });
    expect(sms.body.text).toContain('checking in');
  });

  it('reverts to version 1 as version 3, with version 1’s text', async () => {
    const reverted = await engine.json('POST', `${SOURCE}/revert`, { version: 1, baseVersion: 2 });
    expect(reverted).toEqual({ status: 201, body: { version: 3 } });
    const [v3] = await versions();
    expect(v3).toMatchObject({ version: 3, note: 'revert to version 1' });
    expect({ subject: v3?.subject, body: v3?.body, text: v3?.text }).toEqual({
      subject: v1.subject,
      body: v1.body,
      text: v1.text,
    });
    expect((await preview({})).body.subject).toBe('Emily Carter, a quick hello from Lin Wei');
    expect((await engine.json('POST', `${SOURCE}/revert`, { version: 9, baseVersion: 3 })).status).toBe(400);
  });

  it('refuses a save from a stale base with a 409 and writes nothing', async () => {
    const before = await versions();
    const stale = await engine.json<{ error: string }>('PUT', SOURCE, {
      subject: 'Stale',
      body: '<p>stale</p>',
      baseVersion: 2,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatch(/baseVersion 2 is not the current version 3/);
    const ahead = await engine.json('PUT', SOURCE, { subject: 'Ahead', body: '<p>x</p>', baseVersion: 7 });
    expect(ahead.status).toBe(409);
    expect(await versions()).toEqual(before);
  });

  it('refuses a happy wish on a day of mourning (Qingming) with a 400 naming the word, and writes nothing', async () => {
    const qingming = '/v1/templates/festival-qingming/sources/zh-CN/sms';
    const happy = await engine.json<{ error: string; issues: { path: string; message: string }[] }>(
      'PUT',
      qingming,
      {
        body: '【{{ business.name }}】{{ customer.name }},清明节快乐!',
        baseVersion: 1,
      },
    );
    expect(happy.status).toBe(400);
    expect(happy.body.issues).toEqual([{ path: 'body', message: 'greets a day of mourning: no "快乐"' }]);
    const calm = await engine.json('PUT', qingming, {
      body: '【{{ business.name }}】{{ customer.name }}您好,清明时节,愿您出行平安。回复TD退订',
      baseVersion: 1,
    });
    expect(calm.status).toBe(201);
    expect(
      await engine.deps.store.content.history({
        kind: 'template',
        template: 'festival-qingming',
        locale: 'zh-CN',
        channel: 'sms',
      }),
    ).toHaveLength(1);
  });

  it('lets only one of two editors saving from the same base win', async () => {
    const edit = (word: string) =>
      engine.json('PUT', SOURCE, { subject: word, body: `<p>${word}</p>`, baseVersion: 3 });
    const results = await Promise.all([edit('Left'), edit('Right')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const [newest] = await versions();
    expect(newest?.version).toBe(4);
    const winner = results.find((r) => r.status === 201);
    expect(winner?.body).toEqual({ version: 4 });
  });

  it('refuses Liquid that does not parse or render with a 422 naming line and column, and writes nothing', async () => {
    const before = await versions();
    const misspelt = await engine.json<{ error: string; errors: Record<string, unknown>[] }>('PUT', SOURCE, {
      subject: 'Hello {{ customer.name }}',
      body: '<p>Dear {{ customer.name }},</p>\n<p>How is\n  {{ customer.citty }} today?</p>',
      baseVersion: 4,
    });
    expect(misspelt.status).toBe(422);
    expect(misspelt.body.errors).toEqual([
      { field: 'body', line: 3, column: 6, message: 'undefined variable: customer.citty' },
    ]);
    expect(misspelt.body.error).toMatch(/customer\.citty.*line 3, column 6/);

    const unclosed = await engine.json<{ errors: Record<string, unknown>[] }>('PUT', SOURCE, {
      subject: 'Hi {{ customer.name | shout }}',
      body: '<p>fine</p>',
      baseVersion: 4,
    });
    expect(unclosed.status).toBe(422);
    expect(unclosed.body.errors).toEqual([
      { field: 'subject', line: 1, column: 4, message: 'undefined filter: shout' },
    ]);
    const tag = await engine.json<{ errors: Record<string, unknown>[] }>('PUT', SOURCE, {
      subject: 'Hi',
      body: '<p>one</p>\n{% if customer.city %}\n<p>two</p>',
      baseVersion: 4,
    });
    expect(tag.status).toBe(422);
    expect(tag.body.errors[0]).toMatchObject({ field: 'body', line: 2, column: 1 });

    const noSubject = await engine.json('PUT', SOURCE, { body: '<p>x</p>', baseVersion: 4 });
    expect(noSubject.status).toBe(400);
    const smsSubject = await engine.json('PUT', '/v1/templates/hello-again/sources/en/sms', {
      subject: 'x',
      body: 'x',
      baseVersion: 1,
    });
    expect(smsSubject.status).toBe(400);
    expect(
      (await engine.json('PUT', '/v1/templates/Bad_Name/sources/en/email', { body: 'x', baseVersion: 1 }))
        .status,
    ).toBe(400);
    expect(await versions()).toEqual(before);
  });

  it('refuses a source that includes, renders or lays out a file with a 422 naming the tag, and writes nothing', async () => {
    const before = await versions();
    for (const [tag, path] of [
      ['include', 'package.json'],
      ['render', '../../.git/config'],
      ['layout', '/etc/passwd'],
    ]) {
      const saved = await engine.json<{ error: string; errors: { message: string }[] }>('PUT', SOURCE, {
        subject: 'Hello',
        body: `<p>Dear {{ customer.name }},</p>{% ${tag} '${path}' %}`,
        baseVersion: 4,
      });
      expect(saved.status, tag).toBe(422);
      expect(saved.body.errors[0]?.message).toBe(
        `the "${tag}" tag is not allowed: templates cannot read other files`,
      );
      expect(JSON.stringify(saved.body)).not.toContain('nurture-engine');
      const previewed = await preview({ draft: { subject: 'x', body: `{% ${tag} '${path}' %}` } });
      expect(previewed.status, tag).toBe(422);
    }
    expect(await versions()).toEqual(before);
  });

  it('previews an unsaved draft, SMS segments included, and explains a broken one', async () => {
    const draft = await preview({
      draft: { subject: 'Draft for {{ customer.name }}', body: '<p>draft</p>' },
    });
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ subject: 'Draft for Emily Carter', text: 'draft', locale: 'en' });
    const sms = await engine.json<{ text: string; segments: { count: number; encoding: string } }>(
      'POST',
      '/v1/templates/hello-again/preview',
      { customerId: 'c-emily', channel: 'sms', draft: { body: `Hi {{ customer.name }} ${'x'.repeat(160)}` } },
    );
    expect(sms.status).toBe(200);
    expect(sms.body.segments).toMatchObject({ count: 2, encoding: 'GSM-7' });
    const broken = await engine.json<{ errors: Record<string, unknown>[] }>(
      'POST',
      '/v1/templates/hello-again/preview',
      { customerId: 'c-emily', channel: 'email', draft: { subject: 'x', body: 'a\nb {{ owner.nam }}' } },
    );
    expect(broken.status).toBe(422);
    expect(broken.body.errors).toEqual([
      { field: 'body', line: 2, column: 6, message: 'undefined variable: owner.nam' },
    ]);
    // The template name and the locale are checked as the editing routes check them.
    const draftBody = { customerId: 'c-emily', channel: 'email', draft: { body: '<p>x</p>' } };
    const badName = await engine.json<{ error: string }>(
      'POST',
      '/v1/templates/Hello_Again/preview',
      draftBody,
    );
    expect(badName).toMatchObject({ status: 400, body: { error: expect.stringContaining('template') } });
    const badLocale = await engine.json<{ error: string }>('POST', '/v1/templates/hello-again/preview', {
      ...draftBody,
      locale: 'zh CN; drop',
    });
    expect(badLocale).toMatchObject({ status: 400, body: { error: expect.stringContaining('locale') } });
  });

  it('starts a new template or locale from version 0, with no file behind it', async () => {
    const path = '/v1/templates/spring-visit/sources/en/sms';
    expect(
      (
        await engine.json('PUT', path, {
          body: 'Hi {{ customer.name }}, we visit in spring.',
          baseVersion: 1,
        })
      ).status,
    ).toBe(409);
    const created = await engine.json('PUT', path, {
      body: 'Hi {{ customer.name }}, we visit in spring.',
      baseVersion: 0,
    });
    expect(created).toEqual({ status: 201, body: { version: 1 } });
    expect((await versions(path)).map((v) => [v.version, v.by])).toEqual([[1, API_KEY_ID]]);
    const shown = await engine.json<{ text: string }>('POST', '/v1/templates/spring-visit/preview', {
      customerId: 'c-emily',
      channel: 'sms',
    });
    expect(shown).toMatchObject({ status: 200, body: { text: 'Hi Emily Carter, we visit in spring.' } });
    const one = await engine.json<{ sources: { locale: string; version: number }[] }>(
      'GET',
      '/v1/templates/spring-visit',
    );
    expect(one.body.sources).toEqual([expect.objectContaining({ locale: 'en', channel: 'sms', version: 1 })]);
  });

  it('sends a cadence from the edited source when the alarm fires', async () => {
    const path = '/v1/templates/monthly-letter/sources/en/email';
    const [live] = await versions(path);
    const saved = await engine.json('PUT', path, {
      subject: '{{ letter.monthName }} letter for {{ customer.name }}',
      body: '<p>Dear {{ customer.name }}, news for {{ letter.monthName }}.</p>',
      baseVersion: live?.version,
    });
    expect(saved.status).toBe(201);
    await engine.call('PUT', '/v1/customers/c-ann', {
      name: 'Ann Lee',
      email: 'ann@example.com',
      locale: 'en',
      timezone: 'Europe/London',
      country: 'GB',
    });
    await engine.advance('P1D');
    const letters = (await engine.sent('c-ann')).filter((m) => m.rule === 'monthly-letter');
    expect(letters.map((m) => m.subject)).toEqual(['March letter for Ann Lee']);
    expect(letters[0]?.html).toContain('news for March');
  });
});
