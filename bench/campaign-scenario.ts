import { type Customer, customerInputSchema } from '../functions/core/customers/customer';
import type { OutboxEntry } from '../functions/local/outbox';
import { ZONES } from '../test/support/campaign-book';
import { startTestEngine } from '../test/support/local-engine';
import {
  DynamoMeter,
  type DynamoRequest,
  type DynamoTally,
  forbiddenSeen,
  noForbiddenCommandsBudget,
  tally,
} from './dynamo-meter';

/** The budget: DynamoDB requests per recipient for the campaign, besides the send itself. */
export const CAMPAIGN_BUDGET = { maxRequestsPerRecipient: 4 } as const;

const START = new Date('2027-03-16T00:00:00Z');

export interface CampaignReport {
  recipients: number;
  delivered: number;
  wallSeconds: { fileCustomers: number; fanOut: number; sends: number };
  /** Engine DynamoDB requests per recipient: the fan-out job, and the campaign's own reads and counters during the fires. */
  perRecipient: {
    fanOut: number;
    campaignInFires: number;
    besidesTheSend: number;
    sendPath: number;
    total: number;
  };
  fanOut: DynamoTally;
  fires: DynamoTally;
  forbidden: Record<string, number>;
  budgets: { name: string; actual: string; limit: string; pass: boolean }[];
}

function customer(i: number): Customer {
  const zone = ZONES[i % ZONES.length]!;
  const input = customerInputSchema.parse({
    name: `Customer ${i}`,
    ...(i % 10 === 0 ? { email: `b${i}@example.com` } : { phone: zone.phone(i) }),
    timezone: zone.timezone,
    country: zone.country,
    locale: zone.locale,
  });
  return { ...input, customerId: `b-${String(i).padStart(5, '0')}` };
}

const isCampaignItem = (r: DynamoRequest) => r.partition?.startsWith('CAMPAIGN#') === true;

/**
 * A campaign to `count` customers in three time zones on the local engine:
 * customers filed straight into the store, the campaign created over HTTP,
 * its fan-out job and then every recipient's fire run on the simulated
 * clock, with every DynamoDB request counted by phase.
 */
export async function runCampaignScenario(count: number): Promise<CampaignReport> {
  const engine = await startTestEngine({ start: START.toISOString(), log: () => {} });
  const meter = new DynamoMeter(engine.dynamo);
  const call = engine.callOk.bind(engine);
  const seconds = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return (performance.now() - started) / 1000;
  };
  try {
    const fileCustomers = await seconds(() =>
      meter.phase('setup', async () => {
        for (let i = 0; i < count; i++) await engine.deps.store.customers.upsert(customer(i), START);
      }),
    );
    const created = (await call('POST', '/v1/campaigns', {
      name: 'Spring new arrivals',
      segment: { country: ['CN', 'GB', 'US'] },
      template: 'campaign-new-arrivals',
      channels: 'email-then-sms',
      sendAt: '2027-03-17T10:00',
      details: { highlight: 'walnut dining chairs' },
    })) as { campaign: { id: string } };
    const fanOut = await seconds(() =>
      meter.phase('fan-out', () => call('POST', '/_local/clock', { advance: 'PT1M' })),
    );
    const sends = await seconds(() =>
      meter.phase('fires', () => call('POST', '/_local/clock', { advance: 'P2D' })),
    );
    const outbox = (await call('GET', '/_local/outbox')) as { messages: OutboxEntry[] };
    const delivered = outbox.messages.filter((m) => m.rule === `campaign:${created.campaign.id}`).length;

    const fanOutTally = tally(meter.inPhases('fan-out'));
    const fires = meter.inPhases('fires');
    const per = (n: number) => n / count;
    const campaignInFires = per(fires.filter((r) => !r.localOnly && isCampaignItem(r)).length);
    const sendPath = per(fires.filter((r) => !r.localOnly && !isCampaignItem(r)).length);
    const besidesTheSend = per(fanOutTally.engine) + campaignInFires;
    const forbidden = forbiddenSeen(meter.requests);
    return {
      recipients: count,
      delivered,
      wallSeconds: { fileCustomers, fanOut, sends },
      perRecipient: {
        fanOut: per(fanOutTally.engine),
        campaignInFires,
        besidesTheSend,
        sendPath,
        total: besidesTheSend + sendPath,
      },
      fanOut: fanOutTally,
      fires: tally(fires),
      forbidden,
      budgets: [
        {
          name: 'campaign: DynamoDB requests per recipient besides the send',
          actual: besidesTheSend.toFixed(2),
          limit: `<= ${CAMPAIGN_BUDGET.maxRequestsPerRecipient}`,
          pass: besidesTheSend <= CAMPAIGN_BUDGET.maxRequestsPerRecipient,
        },
        {
          name: 'campaign: every recipient sent once',
          actual: `${delivered} of ${count}`,
          limit: `${count}`,
          pass: delivered === count,
        },
        noForbiddenCommandsBudget('campaign', forbidden),
      ],
    };
  } finally {
    await engine.dispose();
  }
}
