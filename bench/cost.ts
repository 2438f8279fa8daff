import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CUSTOMER_TAG, customerTagValue, MESSAGE_TAG } from '../functions/core/sending/message-tags';
import type { OutboxEntry } from '../functions/local/outbox';
import type { LocalEngine } from '../functions/wiring/local';
import { API_MEMORY_MB, DEFAULT_MEMORY_MB } from '../infra/nurture-function';
import { ROOT } from './bundles';
import { runYear, type YearReport } from './cadences';
import { PRICES, priceUsage, scaleUsage, type Usage } from './cost-model';
import { type DynamoMeter, type DynamoTally, tally } from './dynamo-meter';

/** Infrastructure on top of SES's own price, per email (issue budget). */
export const COST_BUDGET = { overheadShareOfSes: 0.05 } as const;

/**
 * What the local run cannot measure, stated once. Latencies are what a Lambda
 * waits on in us-east-1 beyond the local round trips already in the measured
 * time; rates are what the engine's own email would see.
 */
export const ASSUMPTIONS = {
  /** Extra wait per DynamoDB request on AWS over the measured local round trip. */
  dynamoLatencyMs: 5,
  /** SES SendRawEmail / SNS Publish, as the `send` Lambda waits on it. */
  providerLatencyMs: 60,
  /** SQS SendMessage from `fire`. */
  enqueueLatencyMs: 10,
  /**
   * Messages per `send` invocation: 1 is the worst case (a quiet queue hands
   * them over one by one); each batch costs one invocation and one
   * DeleteMessageBatch. The event source's ReceiveMessage long polls run
   * whether or not there is mail: a fixed monthly cost (below).
   */
  sendBatchSize: 1,
  /** The engine's share of opened emails, each one more SES event (Open). */
  openRate: 0.25,
  /** Clicked emails, each one more SES event (Click). */
  clickRate: 0.03,
  /**
   * Lambda's own log lines per invocation: none, with the functions' system
   * logs at WARN (infra/nurture-function.ts); START, END and REPORT would be ~350 bytes.
   */
  lambdaLogBytesPerInvocation: 0,
  /** How often the backend posts a customer or a deal, per customer per month. */
  apiRequestsPerCustomerMonth: 2,
  /** Storage sample: customers whose partitions are sized. */
  storageSample: 25,
} as const;

/** What the stack costs a month whatever it sends, from its resources and its scheduled work. */
export interface FixedCosts {
  lines: { name: string; count: number; dollars: number }[];
  total: number;
}

/** The engine's own metrics, as name x dimension values (ports/metrics/index.ts). */
const CUSTOM_METRICS = {
  MessagesSent: 2, // channel: email, sms
  MessagesFailed: 2,
  Replies: 6, // kind: reply, complaint, referral, auto-reply, unsubscribe, help
  DeliveryEvents: 8, // one per SES event type the configuration set publishes
  Fires: 1,
  SweepRearms: 1,
} as const;

const MINUTES_A_MONTH = 30 * 24 * 60;

/**
 * The month's fixed part, counted from the synthesized stack: keys, the
 * secret, alarms, the dashboard, custom metrics; the sweep every 15 minutes
 * (a Scheduler invocation, a Lambda run, one Query per hour it looks back);
 * the send queue's idle long polls (Lambda's pollers, about 5 a minute each).
 */
export async function fixedMonthlyCosts(): Promise<FixedCosts> {
  const { App } = await import('aws-cdk-lib');
  const { NurtureStack } = await import('../infra/nurture-stack');
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new NurtureStack(app, 'CostStack', {
    sendingAddress: 'Acme <hello@acme.example>',
    inboundDomain: 'reply.acme.example',
  });
  const resources = Object.values(
    (app.synth().getStackByName(stack.stackName).template as { Resources: Record<string, { Type: string }> })
      .Resources,
  );
  const count = (type: string) => resources.filter((r) => r.Type === type).length;
  const sweeps = MINUTES_A_MONTH / 15;
  const sweepQueries = sweeps * 25;
  const sweepUsage: Usage = {
    ...scaleUsage(
      {
        lambdas: { sweep: lambda(1, 200) },
        dynamoReadUnits: 25 * 0.5,
        dynamoWriteUnits: 0,
        schedulerInvocations: 1,
        sqsRequests: 0,
        apiRequests: 0,
        snsPublishes: 0,
        logBytes: ASSUMPTIONS.lambdaLogBytesPerInvocation,
        storageGbMonths: 0,
      },
      sweeps,
    ),
  };
  const pollers = 2; // the event source's maximum concurrency
  const lines = [
    { name: 'KMS keys', count: count('AWS::KMS::Key'), dollars: count('AWS::KMS::Key') * PRICES.kmsKeyMonth },
    {
      name: 'Secrets Manager secrets',
      count: count('AWS::SecretsManager::Secret'),
      dollars: count('AWS::SecretsManager::Secret') * PRICES.secretMonth,
    },
    {
      name: 'CloudWatch alarms',
      count: count('AWS::CloudWatch::Alarm'),
      dollars: count('AWS::CloudWatch::Alarm') * PRICES.alarmMonth,
    },
    {
      name: 'CloudWatch dashboards',
      count: count('AWS::CloudWatch::Dashboard'),
      dollars: count('AWS::CloudWatch::Dashboard') * PRICES.dashboardMonth,
    },
    {
      name: 'custom metrics (EMF)',
      count: Object.values(CUSTOM_METRICS).reduce((a, b) => a + b, 0),
      dollars: Object.values(CUSTOM_METRICS).reduce((a, b) => a + b, 0) * PRICES.customMetricMonth,
    },
    {
      name: `sweeps (${sweepQueries.toLocaleString('en')} queries)`,
      count: sweeps,
      dollars: priceUsage(sweepUsage).total,
    },
    {
      name: 'send queue long polls',
      count: pollers * 5 * MINUTES_A_MONTH,
      dollars: pollers * 5 * MINUTES_A_MONTH * PRICES.sqsRequest,
    },
  ];
  return { lines, total: lines.reduce((sum, line) => sum + line.dollars, 0) };
}

export interface CostReport {
  year: YearReport;
  customers: number;
  emails: number;
  sms: number;
  messagesPerCustomerMonth: number;
  measured: {
    firesPerMessage: number;
    fireMs: number;
    year: DynamoTally;
    events: { count: number; requests: DynamoTally; ms: number; logBytes: number };
    logBytesPerMessage: number;
    bytesPerCustomer: number;
  };
  perEmail: Usage;
  perCustomerMonth: Usage;
  per1000Emails: { lines: Record<string, number>; total: number; ses: number; share: number };
  per1000CustomersMonth: { lines: Record<string, number>; total: number; ses: number };
  fixed: FixedCosts;
  budget: { name: string; actual: string; limit: string; pass: boolean };
}

interface Measured {
  events: CostReport['measured']['events'];
  bytesPerCustomer: number;
}

const FIXTURES = join(ROOT, 'test/fixtures/ses');
/** The local engine's table (NURTURE_TABLE's default). */
const TABLE = 'nurture';

/** An SES event from the fixtures, about message `id` (our header) with a provider id of its own. */
function sesEventFor(
  kind: 'delivery' | 'open' | 'click',
  message: { id: string; customerId: string; sentAt: string },
): unknown {
  const { id, sentAt: at } = message;
  const event = JSON.parse(readFileSync(join(FIXTURES, `${kind}.json`), 'utf8')) as {
    mail: { messageId: string; timestamp: string; headers?: unknown; tags: Record<string, string[]> };
  };
  event.mail.messageId = `ses-${id}`;
  event.mail.timestamp = at;
  // The engine tags every email with its message and customer; the tags are what the event is matched by.
  delete event.mail.headers;
  event.mail.tags[MESSAGE_TAG] = [id];
  event.mail.tags[CUSTOMER_TAG] = [customerTagValue(message.customerId)];
  return event;
}

/** Each sent email's SES events through the same code the `delivery-events` Lambda runs. */
async function measureEvents(
  engine: LocalEngine,
  sent: OutboxEntry[],
  meter: DynamoMeter,
  logBytes: () => number,
): Promise<Measured> {
  const emails = sent.filter((m) => m.channel === 'email');
  const events: unknown[] = [];
  emails.forEach((m, i) => {
    events.push(sesEventFor('delivery', m));
    // Every n-th email, spread evenly, is opened or clicked.
    if (Math.floor((i + 1) * ASSUMPTIONS.openRate) > Math.floor(i * ASSUMPTIONS.openRate))
      events.push(sesEventFor('open', m));
    if (Math.floor((i + 1) * ASSUMPTIONS.clickRate) > Math.floor(i * ASSUMPTIONS.clickRate))
      events.push(sesEventFor('click', m));
  });
  const logBefore = logBytes();
  const started = performance.now();
  await meter.phase('events', async () => {
    for (const event of events) {
      const response = await engine.app.request('/_local/events/ses', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event),
      });
      if (response.status !== 200) throw new Error(`event failed: ${await response.text()}`);
    }
  });
  const ms = performance.now() - started;

  // Item sizes as DynamoDB counts them are close to the JSON of the item; a sample of partitions.
  let bytes = 0;
  const sample = [...new Set(sent.map((m) => m.customerId))].slice(0, ASSUMPTIONS.storageSample);
  const db = DynamoDBDocumentClient.from(engine.dynamo);
  await meter.phase('harness', async () => {
    for (const customerId of sample) {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `C#${customerId}` },
        }),
      );
      for (const item of Items) bytes += Buffer.byteLength(JSON.stringify(item));
    }
  });
  return {
    events: {
      count: events.length,
      requests: tally(meter.inPhases('events')),
      ms,
      logBytes: logBytes() - logBefore,
    },
    bytesPerCustomer: sample.length ? bytes / sample.length : 0,
  };
}

const lambda = (invocations: number, durationMs: number, memoryMb = DEFAULT_MEMORY_MB) => ({
  invocations,
  durationMs: Math.ceil(durationMs),
  memoryMb,
});

/** Per delivered email: its share of the fires, the send, the SES events, the logs. */
function usagePerEmail(year: YearReport, measured: Measured, messages: number): Usage {
  const a = ASSUMPTIONS;
  const firesPerMessage = year.fires / messages;
  const requestsPerFire = year.requests.engine / year.fires;
  const fireMs = year.yearMs / year.fires + requestsPerFire * a.dynamoLatencyMs + a.enqueueLatencyMs;
  // The send Lambda: two conditional writes on the message (sending, sent) and the template counter.
  const sendMs = a.providerLatencyMs + 3 * a.dynamoLatencyMs;
  const { events } = measured;
  const eventsPerEmail = events.count / messages;
  const eventMs = events.ms / events.count + (events.requests.engine / events.count) * a.dynamoLatencyMs;
  const invocations = firesPerMessage + 1 / a.sendBatchSize + eventsPerEmail;
  return {
    lambdas: {
      fire: lambda(firesPerMessage, fireMs),
      send: lambda(1 / a.sendBatchSize, sendMs),
      'delivery-events': lambda(eventsPerEmail, eventMs),
    },
    dynamoReadUnits: (year.requests.rcu + events.requests.rcu) / messages,
    dynamoWriteUnits:
      (year.requests.wcu + year.requests.gsiWcu + events.requests.wcu + events.requests.gsiWcu) / messages,
    schedulerInvocations: firesPerMessage,
    // SendMessage from fire; the event source's DeleteMessageBatch per batch.
    sqsRequests: 1 + 1 / a.sendBatchSize,
    apiRequests: 0,
    // SES events reach delivery-events through the account's default event bus: AWS services'
    // events there, and a rule invoking a function, are not charged (SNS would be, per publish).
    snsPublishes: 0,
    logBytes: (year.logBytes + events.logBytes) / messages + invocations * a.lambdaLogBytesPerInvocation,
    storageGbMonths: 0,
  };
}

/**
 * Prices a simulated year on the local engine as AWS would bill it: per 1,000
 * emails beside SES's own price, and per 1,000 customers a month.
 */
export async function runCostScenario(customers: number): Promise<CostReport> {
  const year = await runYear(customers, { afterYear: measureEvents });
  const measured = year.after;
  if (!measured) throw new Error('the year run did not measure events');
  const emails = year.byChannel.email ?? 0;
  const sms = year.byChannel.sms ?? 0;
  const messages = emails + sms;
  const perEmail = usagePerEmail(year, measured, messages);
  const messagesPerCustomerMonth = messages / customers / 12;
  const perCustomerMonth: Usage = {
    ...scaleUsage(perEmail, messagesPerCustomerMonth),
    apiRequests: ASSUMPTIONS.apiRequestsPerCustomerMonth,
    storageGbMonths: measured.bytesPerCustomer / 1024 ** 3,
  };
  perCustomerMonth.lambdas = {
    ...perCustomerMonth.lambdas,
    api: lambda(ASSUMPTIONS.apiRequestsPerCustomerMonth, 40, API_MEMORY_MB),
  };
  const per1000 = priceUsage(scaleUsage(perEmail, 1000));
  const ses = PRICES.sesEmail * 1000;
  const monthly = priceUsage(scaleUsage(perCustomerMonth, 1000));
  const share = per1000.total / ses;
  const fixed = await fixedMonthlyCosts();
  const { after: _after, ...yearReport } = year;
  return {
    year: yearReport,
    customers,
    emails,
    sms,
    messagesPerCustomerMonth,
    measured: {
      firesPerMessage: year.fires / messages,
      fireMs: perEmail.lambdas.fire?.durationMs ?? 0,
      year: year.requests,
      events: measured.events,
      logBytesPerMessage: perEmail.logBytes,
      bytesPerCustomer: measured.bytesPerCustomer,
    },
    perEmail,
    perCustomerMonth,
    per1000Emails: { ...per1000, ses, share },
    per1000CustomersMonth: {
      ...monthly,
      ses: (emails / customers / 12) * 1000 * PRICES.sesEmail,
    },
    fixed,
    budget: {
      name: 'cost: infrastructure on top of SES per email',
      actual: `${(share * 100).toFixed(1)}% ($${per1000.total.toFixed(4)} per 1,000 emails)`,
      limit: `<= ${COST_BUDGET.overheadShareOfSes * 100}% of SES ($${ses.toFixed(2)} per 1,000)`,
      pass: share <= COST_BUDGET.overheadShareOfSes,
    },
  };
}

const dollars = (value: number) => `$${value.toFixed(value < 0.01 ? 5 : 4)}`;

const LINE_NAMES: Record<string, string> = {
  lambdaRequests: 'Lambda requests',
  lambdaDuration: 'Lambda duration (GB-s)',
  dynamoReadUnits: 'DynamoDB reads',
  dynamoWriteUnits: 'DynamoDB writes (table + indexes)',
  schedulerInvocations: 'EventBridge Scheduler',
  sqsRequests: 'SQS requests',
  apiRequests: 'HTTP API requests',
  snsPublishes: 'SNS publishes',
  logBytes: 'CloudWatch Logs ingestion',
  storageGbMonths: 'DynamoDB storage + PITR',
};

/** The cost report as the bench prints it. */
export function describeCost(report: CostReport): string[] {
  const { measured, perEmail, per1000Emails, per1000CustomersMonth } = report;
  const lines = [
    `== Cost on AWS (us-east-1 list prices), from the simulated year of ${report.customers.toLocaleString('en')} customers ==`,
    `delivered ${report.emails.toLocaleString('en')} emails and ${report.sms.toLocaleString('en')} SMS; ` +
      `${report.messagesPerCustomerMonth.toFixed(2)} messages per customer per month`,
    `measured per message: ${measured.firesPerMessage.toFixed(2)} fires (billed ${measured.fireMs} ms each), ` +
      `${perEmail.dynamoReadUnits.toFixed(2)} RRU, ${perEmail.dynamoWriteUnits.toFixed(2)} WRU, ` +
      `${(perEmail.logBytes / 1024).toFixed(2)} KB of logs`,
    `SES events: ${measured.events.count.toLocaleString('en')} (delivery, ${ASSUMPTIONS.openRate * 100}% opens, ` +
      `${ASSUMPTIONS.clickRate * 100}% clicks), ${(measured.events.requests.engine / measured.events.count).toFixed(2)} ` +
      'DynamoDB requests each',
    `storage: ${(measured.bytesPerCustomer / 1024).toFixed(1)} KB per customer after a year (sample of ${ASSUMPTIONS.storageSample})`,
    '',
    'line                                  per 1,000 emails   per 1,000 customers a month',
  ];
  for (const [line, name] of Object.entries(LINE_NAMES)) {
    const a = per1000Emails.lines[line] ?? 0;
    const b = per1000CustomersMonth.lines[line] ?? 0;
    lines.push(`${name.padEnd(36)}  ${dollars(a).padStart(16)}   ${dollars(b).padStart(27)}`);
  }
  lines.push(
    `${'infrastructure'.padEnd(36)}  ${dollars(per1000Emails.total).padStart(16)}   ${dollars(per1000CustomersMonth.total).padStart(27)}`,
    `${'SES itself'.padEnd(36)}  ${dollars(per1000Emails.ses).padStart(16)}   ${dollars(per1000CustomersMonth.ses).padStart(27)}`,
    '',
    `infrastructure on top of SES: ${(per1000Emails.share * 100).toFixed(1)}% per email ` +
      '(SMS carrier fees and the free tiers are left out: docs/COST.md)',
    '',
    'fixed, a month, whatever is sent:',
    ...report.fixed.lines.map(
      (line) =>
        `  ${line.name.padEnd(34)} ${String(line.count).padStart(7)}  ${dollars(line.dollars).padStart(9)}`,
    ),
    `  ${'total'.padEnd(34)} ${''.padStart(7)}  ${dollars(report.fixed.total).padStart(9)}`,
  );
  return lines;
}
