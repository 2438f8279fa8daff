import { createHash } from 'node:crypto';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  type MockInstance,
  vi,
} from 'vitest';
import { type LocalSes, startLocalSes } from '../../functions/local/ses-server';
import { awsTestEnvironment, httpApiEvent } from '../support/aws-env';
import { createTable, type DynamoServer, startDynalite } from '../support/dynamo-servers';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:nurture-secrets-AbCdEf';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const SECRET = {
  webhookSecret: `whsec_${Buffer.from('secret-webhook-key').toString('base64')}`,
  signingKey: 'a-generated-signing-key-of-64-characters-0123456789abcdefghijklm',
  apiKeySha256: `${sha256('key-one')},${sha256('key-two')}`,
};
const SECRET_ENV_KEYS = ['NURTURE_WEBHOOK_SECRET', 'NURTURE_SIGNING_KEY', 'NURTURE_API_KEY_SHA256'] as const;

type Handler = (event: unknown, context?: unknown) => Promise<{ statusCode: number; body: string }>;

const httpEvent = httpApiEvent;

/** A fresh container: the handler module imported anew, with its own per-container cache. */
async function coldStart(name: 'api' | 'fire'): Promise<Handler> {
  vi.resetModules();
  return (await import(`../../functions/handlers/${name}.ts`)).handler as Handler;
}

describe('the AWS runtime: secrets read once per container, metrics flushed once per invocation', () => {
  const secrets = mockClient(SecretsManagerClient);
  const scheduler = mockClient(SchedulerClient);
  let dynamo: DynamoServer;
  let ses: LocalSes;
  let stdout: MockInstance;

  beforeAll(async () => {
    vi.useFakeTimers({ now: new Date('2027-02-10T02:00:00Z'), toFake: ['Date'] });
    dynamo = await startDynalite();
    await createTable(dynamo.client, 'nurture-runtime');
    ses = await startLocalSes(0);
    // The secrets themselves come from the mocked Secrets Manager (each test removes them from the environment).
    Object.assign(process.env, {
      ...awsTestEnvironment({
        table: 'nurture-runtime',
        dynamoEndpoint: dynamo.endpoint,
        sesEndpoint: ses.endpoint,
      }),
      NURTURE_SECRET_ARN: SECRET_ARN,
    });
  });
  beforeEach(() => {
    for (const key of SECRET_ENV_KEYS) delete process.env[key];
    secrets.reset();
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(SECRET) });
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    stdout.mockRestore();
  });
  afterAll(async () => {
    vi.useRealTimers();
    secrets.restore();
    scheduler.restore();
    await dynamo.stop();
    await ses.stop();
  });

  const emf = () =>
    stdout.mock.calls
      .map(([chunk]) => String(chunk))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('reads the secret once for many invocations of one container, with exactly the stack’s ARN', async () => {
    const api = await coldStart('api');
    const filed = await api(
      httpEvent('PUT', '/v1/customers/c-secret', 'key-one', {
        name: 'Wang Fang',
        email: 'wang@example.com',
        timezone: 'Asia/Shanghai',
      }),
    );
    expect(filed.statusCode).toBe(201);
    expect((await api(httpEvent('GET', '/v1/customers/c-secret', 'key-two'))).statusCode).toBe(200);
    expect((await api(httpEvent('GET', '/v1/customers/c-secret', 'not-a-key'))).statusCode).toBe(401);
    expect(secrets.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: SECRET_ARN },
    ]);

    // Another function is another container: one read of its own, then none.
    const fire = await coldStart('fire');
    await fire({ customerId: 'c-secret' });
    await fire({ customerId: 'c-secret' });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('flushes each invocation’s metrics once, at its end', async () => {
    const fire = await coldStart('fire');
    await fire({ customerId: 'c-none' });
    await fire({ customerId: 'c-none' });
    const lines = emf().filter((line) => 'Fires' in line);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatchObject({ service: 'nurture', Fires: 1 });
  });

  it('tries the read again on the next invocation after a failed one', async () => {
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .resolves({ SecretString: JSON.stringify(SECRET) });
    const api = await coldStart('api');
    await expect(api(httpEvent('GET', '/v1/customers/c-secret', 'key-one'))).rejects.toThrow('Rate exceeded');
    expect((await api(httpEvent('GET', '/v1/customers/c-secret', 'key-one'))).statusCode).toBe(200);
    expect((await api(httpEvent('GET', '/v1/customers/c-secret', 'key-one'))).statusCode).toBe(200);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('says which field the secret lacks, or that it is not JSON, or which value is wrong', async () => {
    secrets
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ signingKey: SECRET.signingKey }) });
    await expect((await coldStart('fire'))({ customerId: 'c-x' })).rejects.toThrow(
      `secret ${SECRET_ARN} has no webhookSecret, apiKeySha256 (and NURTURE_WEBHOOK_SECRET, NURTURE_API_KEY_SHA256 are not set)`,
    );
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'whsec_not-json' });
    await expect((await coldStart('fire'))({ customerId: 'c-x' })).rejects.toThrow(
      `secret ${SECRET_ARN} is not JSON`,
    );
    secrets
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ ...SECRET, webhookSecret: 'plain' }) });
    await expect((await coldStart('fire'))({ customerId: 'c-x' })).rejects.toThrow(
      `secret ${SECRET_ARN}: webhookSecret: must be a whsec_<base64> secret`,
    );
    secrets.on(GetSecretValueCommand).resolves({});
    await expect((await coldStart('fire'))({ customerId: 'c-x' })).rejects.toThrow(/holds no text/);
  });

  it('lets an environment variable win over the secret, and reads nothing when all three are set', async () => {
    process.env.NURTURE_API_KEY_SHA256 = sha256('env-key');
    let api = await coldStart('api');
    expect((await api(httpEvent('GET', '/v1/customers/c-secret', 'env-key'))).statusCode).toBe(200);
    expect((await api(httpEvent('GET', '/v1/customers/c-secret', 'key-one'))).statusCode).toBe(401);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);

    Object.assign(process.env, {
      NURTURE_WEBHOOK_SECRET: SECRET.webhookSecret,
      NURTURE_SIGNING_KEY: SECRET.signingKey,
    });
    api = await coldStart('api');
    expect((await api(httpEvent('GET', '/v1/customers/c-secret', 'env-key'))).statusCode).toBe(200);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('refuses to start without the secret ARN when a secret is not in the environment', async () => {
    delete process.env.NURTURE_SECRET_ARN;
    try {
      await expect((await coldStart('fire'))({ customerId: 'c-x' })).rejects.toThrow(
        'NURTURE_SECRET_ARN: required unless NURTURE_WEBHOOK_SECRET, NURTURE_SIGNING_KEY, NURTURE_API_KEY_SHA256 are set',
      );
      expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    } finally {
      process.env.NURTURE_SECRET_ARN = SECRET_ARN;
    }
  });
});
