import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_DEFAULTS } from '../../functions/wiring/config';
import { startTestEngine, type TestEngine } from '../support/local-engine';
import { joinTeam } from '../support/team';

const PASSWORD = 'a long enough passphrase';

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: { error?: string; retryAfterSeconds?: number };
}

/**
 * Sign-in over a real socket from several client addresses (all of 127/8 is
 * this machine's loopback, so a client can bind 127.0.0.2, 127.0.0.3…): the
 * engine counts failures per account and per the address it sees on the socket.
 */
// Each checked guess is a full scrypt (a quarter of a second idle, seconds on a loaded machine).
describe('sign-in throttling per account and per client address, over HTTP', { timeout: 180_000 }, () => {
  let engine: TestEngine;
  let port: number;
  let close: () => Promise<void>;

  beforeAll(async () => {
    engine = await startTestEngine();
    const server = serve({ fetch: engine.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((done) => server.once('listening', () => done()));
    port = (server.address() as AddressInfo).port;
    close = () => new Promise((done) => server.close(() => done()));
    for (const email of ['li.lei@shop.example', 'han.mei@shop.example', 'zhou@shop.example']) {
      await joinTeam(engine.app, { email, name: email, role: 'owner' }, PASSWORD);
    }
  });
  afterAll(async () => {
    await close();
    await engine.dispose();
  });

  /** `POST /console/api/session` from the client address `from`. */
  const signIn = (from: string, body: Record<string, string>) =>
    new Promise<Answer>((done, fail) => {
      const text = JSON.stringify(body);
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          localAddress: from,
          method: 'POST',
          path: '/console/api/session',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
        },
        (res) => {
          let data = '';
          res.on('data', (chunk: Buffer) => (data += chunk.toString()));
          res.on('end', () =>
            done({
              status: res.statusCode ?? 0,
              retryAfter: res.headers['retry-after'] as string | undefined,
              body: JSON.parse(data) as Answer['body'],
            }),
          );
        },
      );
      req.on('error', fail);
      req.end(text);
    });
  const guess = (from: string, email: string) => signIn(from, { email, password: 'a wrong guess, again' });
  const advance = (seconds: number) => engine.advance(`PT${seconds}S`);

  it('holds an account back after five failures, doubling the wait, from every address alike', async () => {
    const account = 'li.lei@shop.example';
    for (let i = 0; i < 5; i++) expect((await guess('127.0.0.2', account)).status).toBe(401);
    // The sixth failure is still checked; the try after it must wait a second.
    expect((await guess('127.0.0.2', account)).status).toBe(401);
    const held = await signIn('127.0.0.3', { email: account, password: PASSWORD });
    expect(held).toEqual({
      status: 429,
      retryAfter: '1',
      body: {
        error: 'too many failed sign-ins: try again in 1 s',
        code: 'too-many-attempts',
        retryAfterSeconds: 1,
      },
    });
    // Nobody else is held up: another account from the very same address signs in.
    expect((await signIn('127.0.0.2', { email: 'han.mei@shop.example', password: PASSWORD })).status).toBe(
      200,
    );

    const waits: string[] = [];
    for (let i = 0; i < 4; i++) {
      await advance(Number(waits.at(-1) ?? 1));
      expect((await guess('127.0.0.2', account)).status).toBe(401);
      waits.push((await guess('127.0.0.2', account)).retryAfter ?? 'none');
    }
    expect(waits).toEqual(['2', '4', '8', '16']);

    // The wait over, the right password signs in, and the account's count is forgotten.
    await advance(16);
    expect((await signIn('127.0.0.3', { email: account, password: PASSWORD })).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await guess('127.0.0.3', account)).status).toBe(401);
  });

  it('holds an address back after twenty failures on any accounts, and no other address', async () => {
    const from = '127.0.0.4';
    // The shared console password is counted per address only (an account count would lock everyone out).
    for (let i = 0; i < 20; i++) {
      const wrong = await signIn(from, { password: `not the console password ${i}` });
      expect(wrong).toMatchObject({ status: 401, body: { error: 'wrong console password' } });
    }
    expect(
      (await signIn(from, { email: `nobody-${Date.now()}@shop.example`, password: PASSWORD })).status,
    ).toBe(401);
    // Past twenty: nothing from this address is checked for a while, a right password included.
    const held = await signIn(from, { email: 'zhou@shop.example', password: PASSWORD });
    expect(held.status).toBe(429);
    expect((await signIn(from, { password: LOCAL_DEFAULTS.consolePassword })).status).toBe(429);
    // Every other address goes on as before.
    expect((await signIn('127.0.0.5', { email: 'zhou@shop.example', password: PASSWORD })).status).toBe(200);
    expect((await signIn('127.0.0.5', { password: LOCAL_DEFAULTS.consolePassword })).status).toBe(200);
    await advance(1);
    expect((await signIn(from, { email: 'zhou@shop.example', password: PASSWORD })).status).toBe(200);
  });

  it('turns a burst of guesses at one account into a handful checked', async () => {
    const account = 'zhou@shop.example';
    const answers: number[] = [];
    const started = performance.now();
    for (let i = 0; i < 40; i++) answers.push((await guess('127.0.0.6', account)).status);
    const seconds = (performance.now() - started) / 1000;
    const checked = answers.filter((s) => s === 401).length;
    expect(checked).toBe(6);
    expect(answers.filter((s) => s === 429)).toHaveLength(34);
    console.info(
      `sign-in burst: 40 guesses in ${seconds.toFixed(1)} s, ${checked} checked, the rest refused with 429`,
    );
  });
});
