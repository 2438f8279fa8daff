import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSes, startLocalSes } from '../../functions/local/ses-server';
import { awsTestEnvironment, httpApiEvent, TEST_API_KEY } from '../support/aws-env';
import { createTable, type DynamoServer, startDynalite } from '../support/dynamo-servers';

type ApiHandler = (
  event: unknown,
  context: unknown,
) => Promise<{ statusCode: number; body: string; headers?: Record<string, string> }>;

const CONSOLE_PASSWORD = 'the shop console password';

/** An HTTP API event from `sourceIp`: the console's sign-in, as API Gateway hands it to the api Lambda. */
function signInEvent(sourceIp: string, body: unknown) {
  const event = httpApiEvent('POST', '/console/api/session', TEST_API_KEY, body);
  const { authorization: _key, ...headers } = event.headers;
  return {
    ...event,
    headers,
    requestContext: { ...event.requestContext, http: { ...event.requestContext.http, sourceIp } },
  };
}

/**
 * The team on the AWS wiring: the api Lambda counts sign-in failures against
 * the caller's address as API Gateway saw it (`requestContext.http.sourceIp`),
 * and the function the stack runs after each deploy makes the first admin and
 * emails their setup link through SES.
 */
describe('the team, wired for AWS', () => {
  let dynamo: DynamoServer;
  let ses: LocalSes;
  let api: ApiHandler;

  beforeAll(async () => {
    dynamo = await startDynalite();
    await createTable(dynamo.client, 'nurture-team');
    ses = await startLocalSes(0);
    Object.assign(process.env, {
      ...awsTestEnvironment({
        table: 'nurture-team',
        dynamoEndpoint: dynamo.endpoint,
        sesEndpoint: ses.endpoint,
      }),
      NURTURE_CONSOLE_PASSWORD: CONSOLE_PASSWORD,
      NURTURE_ADMIN_EMAIL: 'boss@shop.example',
      NURTURE_FROM: 'Lin’s Furniture <hello@shop.example>',
      NURTURE_BUSINESS_NAME: 'Lin’s Furniture',
    });
    api = (await import('../../functions/handlers/api')).handler as unknown as ApiHandler;
  });
  afterAll(async () => {
    await ses.stop();
    await dynamo.stop();
  });

  it('holds back the address API Gateway saw after twenty-one failures, and no other', async () => {
    for (let i = 0; i < 21; i++) {
      const wrong = await api(signInEvent('203.0.113.9', { password: `guess ${i}` }), {});
      expect(wrong.statusCode).toBe(401);
    }
    const held = await api(signInEvent('203.0.113.9', { password: CONSOLE_PASSWORD }), {});
    expect(held.statusCode).toBe(429);
    expect(JSON.parse(held.body)).toMatchObject({ retryAfterSeconds: 1 });
    // A header the caller wrote changes nothing: the count is the socket's address.
    const spoofed = signInEvent('203.0.113.9', { password: CONSOLE_PASSWORD });
    const forwarded = await api(
      { ...spoofed, headers: { ...spoofed.headers, 'x-forwarded-for': '192.0.2.1' } },
      {},
    );
    expect(forwarded.statusCode).toBe(429);
    const other = await api(signInEvent('198.51.100.7', { password: CONSOLE_PASSWORD }), {});
    expect(other.statusCode).toBe(200);
    expect(JSON.parse(other.body)).toMatchObject({ role: 'admin', name: 'console password' });
  });

  it('makes the first admin after a deploy and emails them a setup link, renewed on the next run until used', async () => {
    const { handler } = await import('../../functions/handlers/first-admin');
    expect(await handler()).toEqual({ status: 'created', mailed: true });
    expect(await handler()).toEqual({ status: 'link-renewed', mailed: true });

    const store = (await (await fetch(`${ses.endpoint}/store`)).json()) as {
      emails: { from: string; destination: { to: string[] }; subject: string; body: { text: string } }[];
    };
    const mails = store.emails.filter((m) => m.destination.to.includes('boss@shop.example'));
    expect(mails).toHaveLength(2);
    expect(mails[1]).toMatchObject({
      from: '"Lin’s Furniture" <hello@shop.example>',
      subject: 'Your Lin’s Furniture console account',
      body: { text: expect.stringContaining('https://api.example.com/console/password?token=') },
    });
    const token = /token=([\w-]{43})/.exec(mails[1]!.body.text)![1]!;
    const stale = /token=([\w-]{43})/.exec(mails[0]!.body.text)![1]!;
    const choose = (t: string) =>
      api(
        {
          ...httpApiEvent('POST', '/console/api/password', TEST_API_KEY, {
            token: t,
            password: 'the boss’s passphrase',
          }),
        },
        {},
      );
    expect((await choose(stale)).statusCode).toBe(400);
    expect((await choose(token)).statusCode).toBe(200);
    const signedIn = await api(
      signInEvent('198.51.100.7', { email: 'boss@shop.example', password: 'the boss’s passphrase' }),
      {},
    );
    expect(signedIn.statusCode).toBe(200);
    expect(JSON.parse(signedIn.body)).toMatchObject({ role: 'admin', user: { email: 'boss@shop.example' } });
    // Set up: later deploys leave the team alone.
    expect(await handler()).toEqual({ status: 'in-place' });
  });
});
