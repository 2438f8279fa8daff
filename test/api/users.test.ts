import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserView } from '../../functions/core/team/users';
import { ensureFirstAdmin } from '../../functions/engine/team/first-admin';
import { parseLocalConfig } from '../../functions/wiring/config';
import { startLocalEngine } from '../../functions/wiring/local';
import { startTestEngine, TEMPLATES_DIR, type TestEngine } from '../support/local-engine';
import { type ConsoleCaller, consoleCaller, joinTeam, signIn, tokenOf } from '../support/team';

const PASSWORD = 'a long enough passphrase';

describe('the team: users, invitations, passwords and sessions', () => {
  let engine: TestEngine;
  let admin: ConsoleCaller;
  beforeAll(async () => {
    engine = await startTestEngine();
    ({ caller: admin } = await joinTeam(
      engine.app,
      { email: 'Boss@Shop.example', name: 'Zhou Min', role: 'admin' },
      PASSWORD,
    ));
  });
  afterAll(async () => engine.dispose());

  const invite = (body: unknown) =>
    engine.json<{ user: UserView; setupLink: string }>('POST', '/v1/users', body);

  it('invites a user: the account, and a one-time link to the console page carrying a token', async () => {
    const { status, body } = await invite({
      email: 'Li.Lei@Shop.example',
      name: '李雷',
      role: 'owner',
      locale: 'zh-CN',
    });
    expect(status).toBe(201);
    expect(body.user).toEqual({
      id: expect.stringMatching(/^u-[0-9a-f-]{36}$/),
      email: 'li.lei@shop.example',
      name: '李雷',
      role: 'owner',
      locale: 'zh-CN',
      status: 'invited',
      createdAt: '2027-02-06T02:00:00.000Z',
      updatedAt: '2027-02-06T02:00:00.000Z',
    });
    const link = new URL(body.setupLink);
    expect(`${link.origin}${link.pathname}`).toBe('http://localhost:8787/console/password');
    expect(link.searchParams.get('token')).toMatch(/^[\w-]{43}$/);
    expect((await engine.json('GET', `/v1/users/${body.user.id}`)).body).toEqual({ user: body.user });
    const listed = (await engine.json<{ users: UserView[] }>('GET', '/v1/users')).body.users;
    expect(listed.map((u) => u.email)).toEqual(['boss@shop.example', 'li.lei@shop.example']);
    // Nothing secret is ever in an answer.
    expect(JSON.stringify(listed)).not.toMatch(/scrypt|tokenHash|passwordHash/);
  });

  it('refuses bad users with a 400 naming the field and a second account for one email with a 409', async () => {
    for (const [body, path] of [
      [{ email: 'not-an-email', name: 'x', role: 'owner' }, 'email'],
      [{ email: 'a@shop.example', name: '', role: 'owner' }, 'name'],
      [{ email: 'a@shop.example', name: 'A', role: 'root' }, 'role'],
      [{ email: 'a@shop.example', name: 'A', role: 'owner', locale: 'fr' }, 'locale'],
      [{ email: 'a@shop.example', name: 'A', role: 'owner', password: 'x' }, 'password'],
    ] as const) {
      const { status, body: answer } = await engine.json<{ issues: { path: string }[] }>(
        'POST',
        '/v1/users',
        body,
      );
      expect(status).toBe(400);
      expect(answer.issues.map((i) => i.path)).toEqual([path]);
    }
    const again = await invite({ email: 'LI.LEI@shop.example', name: 'Another', role: 'marketer' });
    expect(again).toEqual({
      status: 409,
      body: { error: 'a user with the email li.lei@shop.example exists already', code: 'conflict' },
    });
    expect((await engine.json('GET', '/v1/users/u-nobody')).status).toBe(404);
    expect((await engine.json('GET', '/v1/users/not-a-user-id')).status).toBe(400);
  });

  it('sets the password with the link once: the token is spent, a short password is refused', async () => {
    const { body } = await invite({ email: 'han.mei@shop.example', name: '韩梅', role: 'marketer' });
    const console = consoleCaller(engine.app);
    const token = tokenOf(body.setupLink);
    const short = await console.json('POST', '/console/api/password', { token, password: 'short' });
    expect(short.status).toBe(400);
    const set = await console.json<{ user: UserView }>('POST', '/console/api/password', {
      token,
      password: PASSWORD,
    });
    expect(set.status).toBe(200);
    expect(set.body.user).toMatchObject({ email: 'han.mei@shop.example', status: 'active' });
    const again = await console.json('POST', '/console/api/password', {
      token,
      password: 'another passphrase',
    });
    expect(again).toEqual({
      status: 400,
      body: {
        error:
          'invalid password request: token: this link has been used or has expired: ask an admin for a new one',
        code: 'invalid',
        issues: [
          { path: 'token', message: 'this link has been used or has expired: ask an admin for a new one' },
        ],
      },
    });
    // The first password stands; the second never took.
    await signIn(engine.app, { email: 'han.mei@shop.example', password: PASSWORD });
    await expect(
      signIn(engine.app, { email: 'han.mei@shop.example', password: 'another passphrase' }),
    ).rejects.toThrow(/401/);
    const forged = await console.json('POST', '/console/api/password', {
      token: 'x'.repeat(43),
      password: PASSWORD,
    });
    expect(forged.status).toBe(400);
  });

  it('lets an invitation lapse after a week', async () => {
    const { body } = await invite({ email: 'late@shop.example', name: 'Late', role: 'owner' });
    await engine.advance('P7D');
    const set = await consoleCaller(engine.app).json('POST', '/console/api/password', {
      token: tokenOf(body.setupLink),
      password: PASSWORD,
    });
    expect(set.status).toBe(400);
    // A sign-in from the admin's earlier session would have lapsed too; sign in afresh.
    admin = await signIn(engine.app, { email: 'boss@shop.example', password: PASSWORD });
  });

  it('signs a person in with their email (any case) and password, and knows their role', async () => {
    const session = await signIn(engine.app, { email: ' BOSS@shop.example ', password: PASSWORD });
    const state = await session.json('GET', '/console/api/session');
    expect(state.body).toMatchObject({
      signedIn: true,
      role: 'admin',
      name: 'Zhou Min <boss@shop.example>',
      user: { email: 'boss@shop.example', name: 'Zhou Min', role: 'admin', locale: 'en' },
    });
    const wrong = await consoleCaller(engine.app).json('POST', '/console/api/session', {
      email: 'boss@shop.example',
      password: 'not the passphrase',
    });
    expect(wrong).toEqual({ status: 401, body: { error: 'wrong email or password', code: 'unauthorized' } });
    const nobody = await consoleCaller(engine.app).json('POST', '/console/api/session', {
      email: 'nobody@shop.example',
      password: PASSWORD,
    });
    expect(nobody).toEqual({ status: 401, body: { error: 'wrong email or password', code: 'unauthorized' } });
  });

  it('ends every session of a user at once when their role changes, and when they go', async () => {
    const { user, caller: owner } = await joinTeam(
      engine.app,
      { email: 'wang.qiang@shop.example', name: '王强', role: 'owner' },
      PASSWORD,
    );
    const second = await signIn(engine.app, { email: 'wang.qiang@shop.example', password: PASSWORD });
    expect((await owner.call('GET', '/v1/inbox')).status).toBe(200);
    const changed = await admin.json<{ user: UserView }>('PATCH', `/v1/users/${user.id}`, {
      role: 'marketer',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.user.role).toBe('marketer');
    for (const session of [owner, second]) expect((await session.call('GET', '/v1/inbox')).status).toBe(401);
    // A change of name alone ends nothing.
    const marketer = await signIn(engine.app, { email: 'wang.qiang@shop.example', password: PASSWORD });
    expect((await admin.call('PATCH', `/v1/users/${user.id}`, { name: 'Wang Qiang' })).status).toBe(200);
    expect((await marketer.call('GET', '/v1/templates')).status).toBe(200);

    expect((await admin.json('DELETE', `/v1/users/${user.id}`)).body).toEqual({ removed: user.id });
    expect((await marketer.call('GET', '/v1/templates')).status).toBe(401);
    expect((await admin.call('GET', `/v1/users/${user.id}`)).status).toBe(404);
    await expect(
      signIn(engine.app, { email: 'wang.qiang@shop.example', password: PASSWORD }),
    ).rejects.toThrow(/401/);
    // The email is free for someone new.
    expect(
      (await invite({ email: 'wang.qiang@shop.example', name: 'Another Wang', role: 'owner' })).status,
    ).toBe(201);
  });

  it('gives a reset link that sets a new password and ends the sessions signed in with the old', async () => {
    const { user, caller: before } = await joinTeam(
      engine.app,
      { email: 'forgetful@shop.example', name: 'Forgetful', role: 'marketer' },
      PASSWORD,
    );
    const reset = await admin.json<{ user: UserView; resetLink: string }>(
      'POST',
      `/v1/users/${user.id}/password-reset`,
    );
    expect(reset.status).toBe(201);
    expect(reset.body.user.email).toBe('forgetful@shop.example');
    // The old password works until a new one is chosen.
    expect((await before.call('GET', '/v1/templates')).status).toBe(200);
    const set = await consoleCaller(engine.app).call('POST', '/console/api/password', {
      token: tokenOf(reset.body.resetLink),
      password: 'a brand new passphrase',
    });
    expect(set.status).toBe(200);
    expect((await before.call('GET', '/v1/templates')).status).toBe(401);
    await expect(signIn(engine.app, { email: 'forgetful@shop.example', password: PASSWORD })).rejects.toThrow(
      /401/,
    );
    await signIn(engine.app, { email: 'forgetful@shop.example', password: 'a brand new passphrase' });
  });

  it('keeps the last admin one, and moves an email only to one nobody holds', async () => {
    const boss = (await engine.json<{ users: UserView[] }>('GET', '/v1/users')).body.users.find(
      (u) => u.email === 'boss@shop.example',
    )!;
    expect(await engine.json('PATCH', `/v1/users/${boss.id}`, { role: 'owner' })).toEqual({
      status: 409,
      body: { error: 'boss@shop.example is the only admin: make someone else admin first', code: 'conflict' },
    });
    expect((await engine.json('DELETE', `/v1/users/${boss.id}`)).status).toBe(409);
    const taken = await engine.json('PATCH', `/v1/users/${boss.id}`, { email: 'han.mei@shop.example' });
    expect(taken).toEqual({
      status: 409,
      body: { error: 'a user with the email han.mei@shop.example exists already', code: 'conflict' },
    });
    expect((await engine.json('PATCH', `/v1/users/${boss.id}`, {})).status).toBe(400);
  });

  it('keeps the shared console password and API keys working beside the accounts', async () => {
    const shared = await signIn(engine.app, { password: 'nurture-local-console' });
    expect((await shared.json('GET', '/console/api/session')).body).toMatchObject({
      role: 'admin',
      name: 'console password',
    });
    expect((await shared.call('GET', '/v1/users')).status).toBe(200);
    expect((await engine.call('GET', '/v1/users')).status).toBe(200);
  });
});

describe('the first admin, from NURTURE_ADMIN_EMAIL', () => {
  it('is made with a setup link while the team is empty, the link renewed until a password is chosen', async () => {
    const engine = await startLocalEngine(
      parseLocalConfig({
        NURTURE_CLOCK: 'simulated',
        NURTURE_CLOCK_START: '2027-02-06T02:00:00Z',
        NURTURE_TEMPLATES_DIR: TEMPLATES_DIR,
        NURTURE_SES_PORT: '0',
        NURTURE_ADMIN_EMAIL: 'Owner.Of.The.Shop@shop.example',
      }),
      { inMemory: true, tick: false, log: () => {} },
    );
    try {
      expect(engine.firstAdmin).toMatchObject({
        status: 'created',
        setupLink: expect.stringContaining('?token='),
      });
      const first = engine.firstAdmin as { setupLink: string; user: string };
      // Started again before the admin chose a password: a new link, and the old one is dead.
      const renewed = await ensureFirstAdmin(engine.deps, 'owner.of.the.shop@shop.example');
      expect(renewed).toMatchObject({ status: 'link-renewed', user: first.user });
      const console = consoleCaller(engine.app);
      const stale = await console.call('POST', '/console/api/password', {
        token: tokenOf(first.setupLink),
        password: PASSWORD,
      });
      expect(stale.status).toBe(400);
      const set = await console.call('POST', '/console/api/password', {
        token: tokenOf((renewed as { setupLink: string }).setupLink),
        password: PASSWORD,
      });
      expect(set.status).toBe(200);
      const admin = await signIn(engine.app, { email: 'owner.of.the.shop@shop.example', password: PASSWORD });
      expect((await admin.json('GET', '/console/api/session')).body).toMatchObject({ role: 'admin' });
      expect(await ensureFirstAdmin(engine.deps, 'owner.of.the.shop@shop.example')).toEqual({
        status: 'in-place',
      });
      // Once there is a team, another address makes nobody.
      expect(await ensureFirstAdmin(engine.deps, 'someone.else@shop.example')).toEqual({
        status: 'in-place',
      });
      expect((await engine.deps.store.users.list()).map((u) => u.email)).toEqual([
        'owner.of.the.shop@shop.example',
      ]);
      const audit = await engine.deps.store.audit.list({ target: `user:${first.user}` }, 10);
      expect(audit.entries.map((e) => [e.action, e.by])).toEqual([
        ['user.password-set', first.user],
        ['user.invited', 'bootstrap'],
      ]);
    } finally {
      await engine.stop();
    }
  });
});
