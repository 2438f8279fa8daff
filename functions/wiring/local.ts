import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getConnInfo } from '@hono/node-server/conninfo';
import dynalite from 'dynalite';
import type { Context, Hono } from 'hono';
import { runJob } from '../engine/campaigns/campaign-jobs';
import { createEngine } from '../engine/create-engine';
import { indexContacts } from '../engine/customers/contact-holders';
import type { EngineDeps } from '../engine/deps';
import { fireCustomer } from '../engine/fire/fire';
import { jsonLogger, type Logger } from '../engine/log';
import { type SendJobDeps, sendNow } from '../engine/send/send-job';
import { counterWindow } from '../engine/stats/counter-window';
import { ensureFirstAdmin, type FirstAdminOutcome } from '../engine/team/first-admin';
import { hashApiKey } from '../http/auth';
import { createApp } from '../http/create-app';
import { ClockStore } from '../local/clock-store';
import { deliveryHarness } from '../local/delivery-harness';
import { ensureTable, tableExists } from '../local/ensure-table';
import { localHarness } from '../local/harness';
import { Outbox } from '../local/outbox';
import { startLocalSes } from '../local/ses-server';
import { sweepHarness } from '../local/sweep-harness';
import { LocalSweeper } from '../local/sweeper';
import { advanceWithWebhooks, localWebhooks } from '../local/webhooks';
import { type Clock, SimulatedClock, systemClock } from '../ports/clock/index';
import { OutboxMailArchive } from '../ports/mail-archive/outbox';
import { RecordingMailer } from '../ports/mailer/recording';
import { SesMailer } from '../ports/mailer/ses';
import { InMemoryMetrics } from '../ports/metrics/memory';
import { LocalScheduler } from '../ports/scheduler/local';
import { InProcessSendQueue } from '../ports/send-queue/in-process';
import { OutboxSms } from '../ports/sms/outbox';
import { createDynamoStore } from '../ports/store/dynamodb/index';
import type { InProcessWebhookQueue } from '../ports/webhook-queue/in-process';
import { consolePasswordHashes, engineSettings, LOCAL_DEFAULTS, type LocalConfig } from './config';

export interface LocalEngine {
  app: Hono;
  deps: EngineDeps;
  /** What the in-process send queue delivers with: the providers (the local SES server, the outbox). */
  delivery: SendJobDeps;
  clock: Clock;
  scheduler: LocalScheduler;
  outbox: Outbox;
  /** Events waiting for delivery to integrators' endpoints; `settled()` waits for the ones due. */
  webhookQueue: InProcessWebhookQueue;
  dynamoEndpoint: string;
  sesEndpoint: string;
  /** The DynamoDB client, for instrumentation and tests. */
  dynamo: DynamoDBClient;
  /** What the engine counted (CloudWatch metrics on AWS). */
  metrics: InMemoryMetrics;
  sweeper: LocalSweeper;
  /** What became of NURTURE_ADMIN_EMAIL at start: `npm start` prints the setup link. */
  firstAdmin?: FirstAdminOutcome;
  stop(): Promise<void>;
}

export interface LocalEngineOptions {
  /** Keep data in memory only (tests); otherwise under NURTURE_DATA_DIR. */
  inMemory?: boolean;
  log?: Logger;
  /** Ring alarms on a timer; tests drive the clock instead. */
  tick?: boolean;
  /** Where the built console and docs are; default `<cwd>/dist`. */
  assetsDir?: string;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The simulated clock at NURTURE_CLOCK_START, or where it stood when the engine last ran, if later. */
async function simulatedClock(config: LocalConfig, store: ClockStore): Promise<SimulatedClock> {
  const start = config.NURTURE_CLOCK_START ? new Date(config.NURTURE_CLOCK_START) : new Date();
  const saved = await store.load();
  return new SimulatedClock(saved && saved > start ? saved : start);
}

/** The peer of the request's socket (`@hono/node-server`); none for a request made in process. */
function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

function listen(server: import('node:http').Server, port: number): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done((server.address() as AddressInfo).port));
  });
}

/**
 * The whole engine in one process with no AWS account: the embedded DynamoDB
 * server (dynalite), the local SES server, the SMS outbox and the alarm loop,
 * wired to the same handlers that run on Lambda.
 */
export async function startLocalEngine(
  config: LocalConfig,
  options: LocalEngineOptions = {},
): Promise<LocalEngine> {
  const log = options.log ?? jsonLogger();
  const dataDir = resolve(config.NURTURE_DATA_DIR);
  if (!options.inMemory) mkdirSync(dataDir, { recursive: true });
  const dynamoServer = dynalite({
    ...(options.inMemory ? {} : { path: join(dataDir, 'dynamodb') }),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const dynamoPort = await listen(dynamoServer, 0);
  const dynamoEndpoint = `http://127.0.0.1:${dynamoPort}`;
  const localSes = await startLocalSes(options.inMemory ? 0 : config.NURTURE_SES_PORT);
  const sesEndpoint = localSes.endpoint;

  const dynamo = new DynamoDBClient({
    endpoint: dynamoEndpoint,
    region: 'local',
    credentials: LOCAL_CREDENTIALS,
  });
  const created = !(await tableExists(dynamo, config.NURTURE_TABLE));
  const { missingIndexes } = await ensureTable(dynamo, config.NURTURE_TABLE);
  if (missingIndexes.length > 0) {
    log('table.outdated', {
      missingIndexes,
      remedy:
        `the sweep (gsi3), segments and campaigns (gsi4) need them: start with a fresh ` +
        `NURTURE_DATA_DIR (${config.NURTURE_DATA_DIR})`,
    });
  }
  const db = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });

  const clockStore = new ClockStore(db, config.NURTURE_TABLE);
  const clock: Clock =
    config.NURTURE_CLOCK === 'simulated' ? await simulatedClock(config, clockStore) : systemClock;
  const outbox = new Outbox(db, config.NURTURE_TABLE);
  const scheduler = new LocalScheduler(db, config.NURTURE_TABLE, clock, log);
  await scheduler.load();
  const ses = new SESClient({ endpoint: sesEndpoint, region: 'local', credentials: LOCAL_CREDENTIALS });
  const tableStore = createDynamoStore(db, config.NURTURE_TABLE, () => clock.now());
  // Messages go out one at a time here: their counters are summed as an SQS batch's are on AWS.
  const counters = counterWindow(tableStore, clock, log);
  const store = { ...tableStore, ...counters.reading };
  // A new table holds nobody, so its contact items are complete at once; data kept from an older
  // version is indexed first (engine/customers/contact-holders.ts).
  if (created) await store.contacts.markComplete();
  else await indexContacts({ store });
  const metrics = new InMemoryMetrics();
  const { webhookQueue, webhooks } = localWebhooks({ store, clock, log, metrics });
  const delivery: SendJobDeps = {
    store: { ...store, ...counters.counting },
    mailer: new RecordingMailer(new SesMailer(ses, clock), outbox, clock),
    sms: new OutboxSms(outbox, clock),
    clock,
    log,
    metrics,
    webhooks,
  };
  const deps = createEngine({
    store,
    scheduler,
    // No queue to wait in: each message is delivered as it is handed over.
    sendQueue: new InProcessSendQueue((job) => sendNow(delivery, job)),
    clock,
    templatesDir: config.NURTURE_TEMPLATES_DIR,
    settings: engineSettings(config, config.NURTURE_PUBLIC_URL ?? `http://localhost:${config.PORT}`, {
      allowLoopbackWebhooks: true,
    }),
    log,
    metrics,
    webhooks,
    webhookQueue,
    mailArchive: new OutboxMailArchive(outbox),
  });
  const app = createApp(deps, {
    apiKeyHashes: [hashApiKey(config.NURTURE_API_KEY)],
    webhookSecret: config.NURTURE_WEBHOOK_SECRET,
    newId: randomUUID,
    consolePasswordHashes: consolePasswordHashes(config, LOCAL_DEFAULTS.consolePassword),
    clientAddress: socketAddress,
    ...(options.assetsDir ? { assetsDir: options.assetsDir } : {}),
  });
  const firstAdmin = config.NURTURE_ADMIN_EMAIL
    ? await ensureFirstAdmin(deps, config.NURTURE_ADMIN_EMAIL)
    : undefined;
  const sweeper = new LocalSweeper(
    deps,
    missingIndexes.includes('gsi3')
      ? `the table in ${config.NURTURE_DATA_DIR} predates the alarm index (gsi3) the sweep reads; ` +
          'start once with a fresh NURTURE_DATA_DIR to have it'
      : undefined,
  );
  const advanceClock = async (simulated: SimulatedClock, target: Date) => {
    await advanceWithWebhooks(webhookQueue, simulated, target, (to) =>
      sweeper.advance(scheduler, simulated, to),
    );
    await clockStore.save(simulated.now());
  };
  app.route('/_local', localHarness({ deps, clock, scheduler, outbox, advanceClock }));
  app.route('/_local/events', deliveryHarness(deps));
  app.route('/_local', sweepHarness({ sweeper, metrics }));
  scheduler.handleJobs(async (job) => {
    await runJob(deps, job);
  });
  scheduler.start(
    async (customerId) => {
      await fireCustomer(deps, customerId);
    },
    options.tick === false ? undefined : 1000,
  );
  if (options.tick !== false) {
    sweeper.start(1000);
    webhookQueue.start(1000);
  }

  const close = (server: import('node:http').Server) =>
    new Promise<void>((done) => {
      server.closeAllConnections?.();
      server.close(() => done());
    });
  return {
    app,
    deps,
    delivery,
    clock,
    scheduler,
    outbox,
    webhookQueue,
    dynamoEndpoint,
    sesEndpoint,
    dynamo,
    metrics,
    sweeper,
    ...(firstAdmin ? { firstAdmin } : {}),
    async stop() {
      await sweeper.stop();
      await scheduler.stop();
      await webhookQueue.stop();
      await counters.flush();
      dynamo.destroy();
      ses.destroy();
      await Promise.all([localSes.stop(), close(dynamoServer)]);
    },
  };
}
