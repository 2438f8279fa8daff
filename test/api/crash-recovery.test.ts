import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type EngineProcess, startEngineProcess } from '../support/engine-process';

// Killed with SIGKILL in the middle of a write path, restarted on the same data, the clock moved
// on: every customer filed is armed, and every campaign recipient gets the message exactly once.

// A day with no cadence due (monthly letters go on the 1st and 15th): only what the test starts is sent.
const START = '2027-03-04T02:00:00Z';
const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York'];

const customerOf = (i: number) => ({
  customerId: `c-${String(i).padStart(4, '0')}`,
  name: `Customer ${i}`,
  email: `customer${i}@example.com`,
  locale: i % 2 ? 'en' : 'zh-CN',
  timezone: ZONES[i % ZONES.length],
  country: 'CN',
  tags: ['crash-test'],
});

interface Alarm {
  customerId?: string;
  at: string;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  log: () => string = () => '',
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; the engine's log ends:\n${log()}`);
    await sleep(20);
  }
}

/**
 * Waits until every filed customer's alarm is set at its nextAt: an alarm that is
 * ringing right now (the engine ticks on its own) is gone until its fire sets the next.
 */
async function settledArmedState(engine: EngineProcess, ids: readonly string[]) {
  let state = await armedState(engine, ids);
  for (let tries = 0; state.unarmed.length > 0 && tries < 20; tries++) {
    await sleep(250);
    state = await armedState(engine, ids);
  }
  return state;
}

/** Each customer that is filed, with its nextAt and its alarm: the two must agree. */
async function armedState(engine: EngineProcess, ids: readonly string[]) {
  const alarms = new Map(
    (await engine.call<{ alarms: Alarm[] }>('GET', '/_local/alarms')).body.alarms
      .filter((a) => a.customerId)
      .map((a) => [a.customerId!, a.at]),
  );
  const filed: string[] = [];
  const unarmed: string[] = [];
  for (const id of ids) {
    const file = await engine.call<{ nextAt?: string }>('GET', `/v1/customers/${id}`);
    if (file.status === 404) continue;
    filed.push(id);
    if (!file.body.nextAt || alarms.get(id) !== file.body.nextAt) unarmed.push(id);
  }
  return { filed, unarmed };
}

describe('crash recovery of the local engine', () => {
  let dir: string;
  let engine: EngineProcess | undefined;
  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('a batch of 500 killed half-way leaves every filed customer armed after restart, and the retry files the rest', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nurture-crash-batch-'));
    const customers = Array.from({ length: 500 }, (_, i) => customerOf(i));
    const ids = customers.map((c) => c.customerId);
    engine = await startEngineProcess(dir, START);
    const first = engine;
    const inFlight = first.call('POST', '/v1/customers/batch', { customers }).catch(() => undefined);
    await waitFor(
      'the batch to be under way',
      async () => (await first.call('GET', `/v1/customers/${ids[60]}`)).status === 200,
    );
    await first.crash();
    await inFlight;

    engine = await startEngineProcess(dir, START);
    const afterCrash = await armedState(engine, ids);
    expect(afterCrash.filed.length).toBeGreaterThan(60);
    expect(afterCrash.filed.length).toBeLessThan(500);
    // The sweep runs every 15 minutes of clock time: within one period past its grace, none is left unarmed.
    await engine.call('POST', '/_local/clock', { advance: 'PT31M' });
    const settled = await settledArmedState(engine, afterCrash.filed);
    expect(settled.unarmed).toEqual([]);

    // The backend retries the whole batch: the rest are filed, and all 500 are armed.
    const retry = await engine.call<{ results: { status: string }[] }>('POST', '/v1/customers/batch', {
      customers,
    });
    expect(retry.status).toBe(200);
    const all = await settledArmedState(engine, ids);
    expect(all.filed).toHaveLength(500);
    expect(all.unarmed).toEqual([]);
  }, 300_000);

  it('a campaign to 2,000 killed mid-fan-out sends every recipient the message exactly once after restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nurture-crash-campaign-'));
    const customers = Array.from({ length: 2000 }, (_, i) => customerOf(i));
    engine = await startEngineProcess(dir, START);
    for (let i = 0; i < customers.length; i += 500) {
      const filed = await engine.call('POST', '/v1/customers/batch', {
        customers: customers.slice(i, i + 500),
      });
      expect(filed.status).toBe(200);
    }
    const created = await engine.call<{ campaign: { id: string } }>('POST', '/v1/campaigns', {
      name: 'Spring new arrivals',
      segment: { tags: ['crash-test'] },
      template: 'campaign-new-arrivals',
      channels: 'email',
      sendAt: '2027-03-05T10:00',
      details: { highlight: 'walnut dining chairs' },
    });
    expect(created.status).toBe(201);
    const id = created.body.campaign.id;
    const first = engine;
    type View = { fanOut: { pages: number; fannedOutAt: string | null } };
    await waitFor(
      'the fan-out to be under way',
      async () => {
        const { body } = await first.call<View>('GET', `/v1/campaigns/${id}`);
        return body.fanOut.pages >= 1;
      },
      first.log,
    );
    const before = (await first.call<View>('GET', `/v1/campaigns/${id}`)).body.fanOut;
    await first.crash();
    expect(before.fannedOutAt).toBeNull();

    engine = await startEngineProcess(dir, START);
    await engine.call('POST', '/_local/clock', { advance: 'P2D' });
    const view = await engine.call<View & { progress: Record<string, unknown> }>(
      'GET',
      `/v1/campaigns/${id}`,
    );
    expect(view.body.fanOut.fannedOutAt).not.toBeNull();
    const { body } = await engine.call<{ messages: { customerId: string; rule: string }[] }>(
      'GET',
      '/_local/outbox',
    );
    const perCustomer = new Map<string, number>();
    for (const m of body.messages) {
      if (m.rule === `campaign:${id}`)
        perCustomer.set(m.customerId, (perCustomer.get(m.customerId) ?? 0) + 1);
    }
    expect(perCustomer.size).toBe(2000);
    expect([...perCustomer.values()].filter((n) => n !== 1)).toEqual([]);
  }, 600_000);
});
