import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { MESSAGE_TAG } from '../functions/core/delivery-events';
import type { OutboxEntry } from '../functions/local/outbox';
import type { LocalEngine } from '../functions/wiring/local';
import { ROOT } from './bundles';
import { runYear, type YearReport } from './cadences';
import { PRICES, priceUsage, scaleUsage, type Usage } from './cost-model';
import { type DynamoMeter, type DynamoTally, tally } from './dynamo-meter';

/** Infrastructure on top of SES's own price, per email (issue budget). */
export const COST_BUDGET = { overheadShareOfSes: 0.1 } as const;

/**
 * What the local run cannot measure, stated once. Latencies are what a Lambda
 * waits on in us-east-1 beyond the local round trips already in the measured
 * time; rates are what the engine's own email would see.
 */
export const ASSUMPTIONS = {
  /** Lambda memory of every function (infra/nurture-function.ts default). */
  memoryMb: 512,
  /** Extra wait per DynamoDB request on AWS over the measured local round trip. */
  dynamoLatencyMs: 5,
  /** SES SendRawEmail / SNS Publish, as the `send` Lambda waits on it. */
  providerLatencyMs: 60,
  /** SQS SendMessage from `fire`. */
  enqueueLatencyMs: 10,
  /** Messages per `send` invocation: 1 is the worst case (a quiet queue delivers them one by one). */
  sendBatchSize: 1,
  /** The engine's share of opened emails, each one more SES event (Open). */
  openRate: 0.25,
  /** Clicked emails, each one more SES event (Click). */
  clickRate: 0.03,
  /** Lambda's own START, END and REPORT lines per invocation. */
  lambdaLogBytesPerInvocation: 350,
  /** How often the backend posts a customer or a deal, per customer per month. */
  apiRequestsPerCustomerMonth: 2,
  /** Storage sample: customers whose partitions are sized. */
  storageSample: 25,
} as const;

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
function sesEventFor(kind: 'delivery' | 'open' | 'click', id: string, at: string): unknown {
  const event = JSON.parse(readFileSync(join(FIXTURES, `${kind}.json`), 'utf8')) as {
    mail: { messageId: string; timestamp: string; headers?: unknown; tags: Record<string, string[]> };
  };
  event.mail.messageId = `ses-${id}`;
  event.mail.timestamp = at;
  // The engine tags every email with its message id; the tag is what the event is matched by.
  delete event.mail.headers;
  event.mail.tags[MESSAGE_TAG] = [id];
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
    events.push(sesEventFor('delivery', m.id, m.sentAt));
    // Every n-th email, spread evenly, is opened or clicked.
    if (Math.floor((i + 1) * ASSUMPTIONS.openRate) > Math.floor(i * ASSUMPTIONS.openRate))
      events.push(sesEventFor('open', m.id, m.sentAt));
    if (Math.floor((i + 1) * ASSUMPTIONS.clickRate) > Math.floor(i * ASSUMPTIONS.clickRate))
      events.push(sesEventFor('click', m.id, m.sentAt));
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

const lambda = (invocations: number, durationMs: number) => ({
  invocations,
  durationMs: Math.ceil(durationMs),
  memoryMb: ASSUMPTIONS.memoryMb,
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
    // SendMessage from fire; the event source's ReceiveMessage and DeleteMessageBatch per batch.
    sqsRequests: 1 + 2 / a.sendBatchSize,
    apiRequests: 0,
    snsPublishes: eventsPerEmail,
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
    api: lambda(ASSUMPTIONS.apiRequestsPerCustomerMonth, 40),
  };
  const per1000 = priceUsage(scaleUsage(perEmail, 1000));
  const ses = PRICES.sesEmail * 1000;
  const monthly = priceUsage(scaleUsage(perCustomerMonth, 1000));
  const share = per1000.total / ses;
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
  snsPublishes: 'SNS publishes (SES events)',
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
      `(SMS carrier fees, fixed monthly costs and the free tiers are left out: docs/COST.md)`,
  );
  return lines;
}
