import { createHash } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/http/create-app';
import { SecretsManagerStore } from '../../functions/ports/secrets/secrets-manager';
import {
  consolePasswordHashes,
  LOCAL_DEFAULTS,
  parseAwsConfig,
  parseLocalConfig,
} from '../../functions/wiring/config';
import { resolveEngineSecrets } from '../../functions/wiring/secrets';
import { awsTestEnvironment } from '../support/aws-env';
import { API_KEY, startTestEngine, type TestEngine } from '../support/local-engine';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const HOST = 'localhost:8787';

describe('console sign-in: the session cookie, CSRF and origin checks', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(async () => engine.dispose());

  const request = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
    Promise.resolve(
      engine.app.request(`http://${HOST}${path}`, {
        method,
        headers: {
          host: HOST,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );

  async function signIn(body: unknown = { password: LOCAL_DEFAULTS.consolePassword }) {
    const response = await request('POST', '/console/api/session', { origin: `http://${HOST}` }, body);
    const cookie = response.headers.get('set-cookie') ?? '';
    return { response, cookie, token: /nurture_session=([^;]+)/.exec(cookie)?.[1] };
  }

  it('signs in with the console password: an HttpOnly, Secure, SameSite=Strict cookie and a CSRF token', async () => {
    const { response, cookie, token } = await signIn();
    expect(response.status).toBe(200);
    const body = (await response.json()) as { csrfToken: string; expiresAt: string };
    expect(body.expiresAt).toBe(new Date(engine.clock.now().getTime() + 12 * 3600_000).toISOString());
    expect(cookie).toMatch(/^nurture_session=[\w-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(response.headers.get('cache-control')).toBe('no-store');

    const state = await request('GET', '/console/api/session', { cookie: `nurture_session=${token}` });
    expect(await state.json()).toEqual({
      signedIn: true,
      csrfToken: body.csrfToken,
      expiresAt: body.expiresAt,
      role: 'admin',
      name: 'console password',
    });
    expect(await (await request('GET', '/console/api/session')).json()).toEqual({ signedIn: false });
  });

  it('signs in with an API key too, and refuses a wrong secret with 401 and no cookie', async () => {
    expect((await signIn({ apiKey: API_KEY })).response.status).toBe(200);
    for (const body of [{ password: 'not-the-password' }, { apiKey: 'not-a-key' }]) {
      const { response, cookie } = await signIn(body);
      expect(response.status).toBe(401);
      expect(cookie).toBe('');
      expect(((await response.json()) as { error: string }).error).toMatch(
        /^wrong (console password|API key)$/,
      );
    }
    const bad = await signIn({ password: 'x', apiKey: 'y' });
    expect(bad.response.status).toBe(400);
  });

  it('refuses a sign-in posted from another site', async () => {
    const response = await request(
      'POST',
      '/console/api/session',
      { origin: 'https://evil.example' },
      { password: LOCAL_DEFAULTS.consolePassword },
    );
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('lets the cookie read the API, and write only with the session’s CSRF token from the same origin', async () => {
    const { response, token } = await signIn();
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    const cookie = { cookie: `nurture_session=${token}` };
    expect((await request('GET', '/v1/templates', cookie)).status).toBe(200);

    const count = { filter: { everyone: true } };
    const noCsrf = await request('POST', '/v1/segments/count', cookie, count);
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.json()).toEqual({ error: 'missing or wrong X-CSRF-Token for this console session' });
    const otherSession = (await (await signIn()).response.json()) as { csrfToken: string };
    expect(
      (
        await request(
          'POST',
          '/v1/segments/count',
          { ...cookie, 'x-csrf-token': otherSession.csrfToken },
          count,
        )
      ).status,
    ).toBe(403);
    const withCsrf = { ...cookie, 'x-csrf-token': csrfToken };
    expect((await request('POST', '/v1/segments/count', withCsrf, count)).status).toBe(200);
    expect(
      (await request('POST', '/v1/segments/count', { ...withCsrf, origin: `http://${HOST}` }, count)).status,
    ).toBe(200);
    expect(
      (await request('POST', '/v1/segments/count', { ...withCsrf, origin: 'https://evil.example' }, count))
        .status,
    ).toBe(403);
    expect(
      (await request('POST', '/v1/segments/count', { ...withCsrf, 'sec-fetch-site': 'cross-site' }, count))
        .status,
    ).toBe(403);
    expect((await request('POST', '/v1/segments/count', { ...withCsrf, origin: 'null' }, count)).status).toBe(
      403,
    );
  });

  it('answers 401 to a tampered, unknown or expired session, and to none', async () => {
    const { token } = await signIn();
    const tampered = `${token!.slice(0, -2)}${token!.endsWith('A') ? 'B' : 'A'}`;
    // The shape of a token, but one this engine never issued (sessions are held server-side).
    const unknown = 'x'.repeat(43);
    for (const value of [tampered, unknown, 'garbage']) {
      const response = await request('GET', '/v1/templates', { cookie: `nurture_session=${value}` });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: 'console session expired or invalid: sign in again',
        code: 'unauthorized',
      });
    }
    expect((await request('GET', '/v1/templates')).status).toBe(401);
    await engine.advance('PT12H');
    expect((await request('GET', '/v1/templates', { cookie: `nurture_session=${token}` })).status).toBe(401);
    expect(
      await (await request('GET', '/console/api/session', { cookie: `nurture_session=${token}` })).json(),
    ).toEqual({ signedIn: false });
  });

  it('ends every shared-password session when the console password changes', async () => {
    const { token } = await signIn();
    const headers = { host: HOST, cookie: `nurture_session=${token}` };
    const appWith = (password: string) =>
      createApp(engine.deps, {
        apiKeyHashes: [sha256(API_KEY)],
        webhookSecret: LOCAL_DEFAULTS.webhookSecret,
        newId: () => 'id',
        consolePasswordHashes: [sha256(password)],
      });
    // The same table, the engine started again with the same password, then with another.
    expect(
      (await appWith(LOCAL_DEFAULTS.consolePassword).request(`http://${HOST}/v1/templates`, { headers }))
        .status,
    ).toBe(200);
    expect(
      (await appWith('a new console password').request(`http://${HOST}/v1/templates`, { headers })).status,
    ).toBe(401);
  });

  it('keeps no copy of API answers in browsers or proxies', async () => {
    const { token } = await signIn();
    const response = await request('GET', '/v1/templates', { cookie: `nurture_session=${token}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('signs out by ending the session at once and clearing the cookie', async () => {
    const { token } = await signIn();
    const cookie = { cookie: `nurture_session=${token}` };
    expect((await request('GET', '/v1/templates', cookie)).status).toBe(200);
    const response = await request('DELETE', '/console/api/session', { ...cookie, origin: `http://${HOST}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(
      /^nurture_session=; Max-Age=0; .*HttpOnly; Secure; SameSite=Strict/,
    );
    // The old cookie, kept by someone, opens nothing any more.
    expect((await request('GET', '/v1/templates', cookie)).status).toBe(401);
    expect(await (await request('GET', '/console/api/session', cookie)).json()).toEqual({ signedIn: false });
  });

  it('still takes the API key as before', async () => {
    expect((await engine.call('GET', '/v1/templates')).status).toBe(200);
    expect((await engine.call('POST', '/v1/segments/count', { filter: { everyone: true } })).status).toBe(
      200,
    );
  });
});

describe('the console password setting', () => {
  it('locally: the printed default unless a password or its hash is set', () => {
    const local = (env: Record<string, string>) =>
      consolePasswordHashes(parseLocalConfig(env), LOCAL_DEFAULTS.consolePassword);
    expect(local({})).toEqual([sha256('nurture-local-console')]);
    expect(local({ NURTURE_CONSOLE_PASSWORD: 'marketing-2027' })).toEqual([sha256('marketing-2027')]);
    expect(local({ NURTURE_CONSOLE_PASSWORD_HASH: sha256('hashed-one') })).toEqual([sha256('hashed-one')]);
    expect(() => parseLocalConfig({ NURTURE_CONSOLE_PASSWORD_HASH: 'plain' })).toThrow(
      /NURTURE_CONSOLE_PASSWORD_HASH: must be the SHA-256 hex digest of the console password/,
    );
  });

  it('on AWS: the secret’s consolePasswordHash field, read with the other secrets; the environment wins', async () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:nurture-AbCdEf';
    const client = mockClient(SecretsManagerClient);
    const store = () => new SecretsManagerStore(new SecretsManagerClient({}));
    try {
      client.on(GetSecretValueCommand).resolves({
        SecretString: JSON.stringify({
          apiKeySha256: sha256('key-one'),
          consolePasswordHash: sha256('from-the-secret'),
        }),
      });
      const env: Record<string, string> = {
        ...awsTestEnvironment({ table: 't', dynamoEndpoint: 'http://127.0.0.1:1' }),
        NURTURE_SECRET_ARN: arn,
      };
      // The API key hashes come from the secret, so it is read.
      delete env.NURTURE_API_KEY_SHA256;
      const secrets = await resolveEngineSecrets(parseAwsConfig(env), store());
      expect(secrets.consolePasswordHashes).toEqual([sha256('from-the-secret')]);
      expect(secrets.apiKeyHashes).toEqual([sha256('key-one')]);
      expect(client.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([
        { SecretId: arn },
      ]);

      const fromEnv = await resolveEngineSecrets(
        parseAwsConfig({ ...env, NURTURE_CONSOLE_PASSWORD: 'from-the-environment' }),
        store(),
      );
      expect(fromEnv.consolePasswordHashes).toEqual([sha256('from-the-environment')]);

      // All three engine secrets in the environment: the secret is not read, and only API keys sign in.
      client.resetHistory();
      const noRead = await resolveEngineSecrets(
        parseAwsConfig({ ...env, NURTURE_API_KEY_SHA256: sha256('key-two') }),
        store(),
      );
      expect(noRead.consolePasswordHashes).toEqual([]);
      expect(client.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    } finally {
      client.restore();
    }
  });
});
