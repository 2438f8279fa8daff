import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { LOCAL_DEFAULTS } from '../functions/wiring/config';
import type { LocalEngine } from '../functions/wiring/local';
import { startTestEngine } from '../test/support/local-engine';
import {
  DynamoMeter,
  type DynamoTally,
  forbiddenSeen,
  noForbiddenCommandsBudget,
  tally,
} from './dynamo-meter';

export const CUSTOMERS = 200;
export const BUDGET = { maxEngineRequestsPerMessage: 6 } as const;

const START = '2027-02-06T02:00:00Z';
/** Phases whose requests make up the letter + fire path that the per-message budget is about. */
const SEND_PHASES = ['letter', 'fires'];

type Channel = 'email' | 'sms';

interface Profile {
  timezone: string;
  locale: string;
  country: string;
  /** The i-th valid test number of the country (checked with libphonenumber-js/max). */
  phone(i: number): string;
}

// Every generated number is checked with isValidPhoneNumber. +86 138 0013 8xxx, +1 201 555 0xxx and
// +44 7911 123xxx pass with libphonenumber-js/max; Ofcom's drama range +44 7700 900xxx does not.
const PROFILES: readonly Profile[] = [
  {
    timezone: 'Asia/Shanghai',
    locale: 'zh-CN',
    country: 'CN',
    phone: (i) => `+861380013${8000 + (i % 1000)}`,
  },
  {
    timezone: 'America/New_York',
    locale: 'en',
    country: 'US',
    phone: (i) => `+12015550${String(i % 1000).padStart(3, '0')}`,
  },
  {
    timezone: 'Europe/London',
    locale: 'en',
    country: 'GB',
    phone: (i) => `+447911123${String(i % 1000).padStart(3, '0')}`,
  },
];

interface SimCustomer {
  id: string;
  channel: Channel;
  email?: string;
  phone?: string;
  replies: boolean;
  body: Record<string, unknown>;
}

interface OutboxMessage {
  customerId: string;
  channel: Channel;
  rule: string;
  replyTo?: string;
  sentAt: string;
}

export interface PhaseReport {
  /** How many of `unit` the phase did. */
  operations: number;
  unit: string;
  requests: DynamoTally;
}

export interface ChaseReport {
  customers: number;
  wallMs: number;
  delivered: { total: number; byChannel: Record<string, number>; byRule: Record<string, number> };
  replies: { sent: number; recorded: number; chasesStopped: number };
  phases: Record<string, PhaseReport>;
  /** The letter + fire path, per delivered message. */
  sendPath: {
    requests: DynamoTally;
    engineRequestsPerMessage: number;
    localOnlyRequestsPerMessage: number;
    rcuPerMessage: number;
    wcuPerMessage: number;
  };
  forbidden: Record<string, number>;
  budgets: { name: string; actual: string; limit: string; pass: boolean }[];
}

function simCustomers(count: number): SimCustomer[] {
  return Array.from({ length: count }, (_, i) => {
    const profile = PROFILES[i % PROFILES.length]!;
    const channel: Channel = i % 2 === 0 ? 'email' : 'sms';
    const id = `bench-${String(i).padStart(4, '0')}`;
    const contact: { email?: string; phone?: string } =
      channel === 'email' ? { email: `${id}@example.com` } : { phone: profile.phone(i) };
    if (contact.phone && !isValidPhoneNumber(contact.phone)) {
      throw new Error(`generated an invalid phone number ${contact.phone}`);
    }
    return {
      id,
      channel,
      ...contact,
      // One in four replies: customers 0 and 3 of every 8, so both channels reply.
      replies: i % 8 === 0 || i % 8 === 3,
      body: {
        name: `Bench Customer ${i}`,
        ...contact,
        locale: profile.locale,
        timezone: profile.timezone,
        country: profile.country,
        // An owner with an email, so the call-task step has someone to alert.
        owner: { name: 'Bench Owner', email: 'owner@example.com' },
      },
    };
  });
}

async function call(engine: LocalEngine, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await engine.app.request(path, {
    method,
    headers: { authorization: `Bearer ${LOCAL_DEFAULTS.apiKey}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok && response.status !== 404) {
    throw new Error(`${method} ${path} -> ${response.status}: ${text}`);
  }
  return text ? JSON.parse(text) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

async function outbox(engine: LocalEngine): Promise<OutboxMessage[]> {
  const result = await call(engine, 'GET', '/_local/outbox');
  const messages = isRecord(result) ? result.messages : undefined;
  if (!Array.isArray(messages)) throw new Error('GET /_local/outbox returned no messages array');
  return messages as OutboxMessage[];
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

async function reply(engine: LocalEngine, customer: SimCustomer, sent: readonly OutboxMessage[]) {
  if (customer.channel === 'sms') {
    return call(engine, 'POST', '/_local/inbound/sms', { from: customer.phone, body: 'ok thanks' });
  }
  const last = sent
    .filter((m) => m.customerId === customer.id && m.replyTo !== undefined)
    .sort((a, b) => a.sentAt.localeCompare(b.sentAt))
    .at(-1);
  if (!last?.replyTo) throw new Error(`no email with a reply address was sent to ${customer.id}`);
  return call(engine, 'POST', '/_local/inbound/email', {
    from: customer.email,
    to: last.replyTo,
    subject: 'Re: hello again',
    text: 'Got it, thanks',
  });
}

/**
 * The chase end to end on the local engine: customers across three time
 * zones, a chased letter each, eleven simulated days, a quarter replying
 * after day four; every DynamoDB request counted by phase.
 */
export async function runChaseScenario(count = CUSTOMERS): Promise<ChaseReport> {
  const started = performance.now();
  const engine = await startTestEngine({ start: START, log: () => {} });
  const meter = new DynamoMeter(engine.dynamo);
  const customers = simCustomers(count);
  const replies = { sent: 0, recorded: 0, chasesStopped: 0 };
  try {
    await meter.phase('upsert', async () => {
      for (const c of customers) await call(engine, 'PUT', `/v1/customers/${c.id}`, c.body);
    });
    await meter.phase('letter', async () => {
      for (const c of customers) {
        await call(engine, 'POST', `/v1/customers/${c.id}/messages`, {
          template: 'hello-again',
          channel: c.channel,
          chase: true,
        });
      }
    });
    await meter.phase('fires', () => call(engine, 'POST', '/_local/clock', { advance: 'P4D' }));
    const sentSoFar = await meter.phase('harness', () => outbox(engine));
    await meter.phase('replies', async () => {
      for (const c of customers.filter((c) => c.replies)) {
        const outcome = await reply(engine, c, sentSoFar);
        replies.sent++;
        if (!isRecord(outcome)) continue;
        if (outcome.status === 'recorded') replies.recorded++;
        if (typeof outcome.chasesStopped === 'number') replies.chasesStopped += outcome.chasesStopped;
      }
    });
    await meter.phase('fires', () => call(engine, 'POST', '/_local/clock', { advance: 'P7D' }));
    const sent = await meter.phase('harness', () => outbox(engine));

    const operations: Record<string, [number, string]> = {
      upsert: [customers.length, 'PUT /v1/customers'],
      letter: [customers.length, 'letter sent'],
      fires: [sent.length - customers.length, 'message sent by a fire'],
      replies: [replies.sent, 'inbound reply'],
      harness: [2, 'GET /_local/outbox'],
    };
    const phases: Record<string, PhaseReport> = {};
    for (const [phase, [ops, unit]] of Object.entries(operations)) {
      phases[phase] = { operations: ops, unit, requests: tally(meter.inPhases(phase)) };
    }
    const sendRequests = tally(meter.inPhases(...SEND_PHASES));
    const perMessage = (n: number) => (sent.length === 0 ? Number.NaN : n / sent.length);
    const sendPath = {
      requests: sendRequests,
      engineRequestsPerMessage: perMessage(sendRequests.engine),
      localOnlyRequestsPerMessage: perMessage(sendRequests.localOnly),
      rcuPerMessage: perMessage(sendRequests.rcu),
      wcuPerMessage: perMessage(sendRequests.wcu),
    };
    const forbidden = forbiddenSeen(meter.requests);
    return {
      customers: customers.length,
      wallMs: performance.now() - started,
      delivered: {
        total: sent.length,
        byChannel: countBy(sent, (m) => m.channel),
        byRule: countBy(sent, (m) => m.rule),
      },
      replies,
      phases,
      sendPath,
      forbidden,
      budgets: [
        {
          name: 'chase: engine DynamoDB requests per delivered message',
          actual: sendPath.engineRequestsPerMessage.toFixed(2),
          limit: `<= ${BUDGET.maxEngineRequestsPerMessage}`,
          pass: sendPath.engineRequestsPerMessage <= BUDGET.maxEngineRequestsPerMessage,
        },
        noForbiddenCommandsBudget('chase', forbidden),
      ],
    };
  } finally {
    await engine.dispose();
  }
}
