import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConflictError } from '../../functions/core/errors';
import { sweepWindow } from '../../functions/core/planning/alarm-buckets';
import { fireCustomer } from '../../functions/engine/fire/fire';
import { type SweepReport, sweepAlarms } from '../../functions/engine/fire/sweep';
import { ensureTable } from '../../functions/local/ensure-table';
import { LocalSweeper } from '../../functions/local/sweeper';
import { createTableInput } from '../../functions/ports/store/dynamodb/index';
import { startDynalite } from '../support/dynamo-servers';
import { startTestEngine, type TestEngine } from '../support/local-engine';

const customer = (name: string) => ({
  name,
  email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.com`,
  locale: 'en',
  timezone: 'Europe/London',
  country: 'GB',
});

interface SeenRequest {
  command: string;
  indexName?: string;
  partition?: string;
}

/** Every DynamoDB request the engine's client sends while `work` runs. */
async function requestsDuring<T>(engine: TestEngine, work: () => Promise<T>): Promise<[T, SeenRequest[]]> {
  const seen: SeenRequest[] = [];
  engine.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { IndexName?: string; Item?: { pk?: string } };
      seen.push({
        command: (context.commandName ?? '').replace(/Command$/, ''),
        ...(input.IndexName ? { indexName: input.IndexName } : {}),
        ...(input.Item?.pk ? { partition: input.Item.pk } : {}),
      });
      return next(args);
    },
    { step: 'initialize', name: 'sweepTestMeter' },
  );
  try {
    return [await work(), seen];
  } finally {
    engine.dynamo.middlewareStack.remove('sweepTestMeter');
  }
}

async function sweep(engine: TestEngine, body?: unknown): Promise<{ status: number; body: SweepReport }> {
  return engine.json<SweepReport>('POST', '/_local/sweep', body);
}

async function nextAtOf(engine: TestEngine, customerId: string): Promise<string | undefined> {
  return (await engine.deps.store.customers.get(customerId))?.nextAt;
}

/** A pending alarm the scheduler no longer holds: saved state says "ring at `at`", nothing will. */
async function loseAlarm(engine: TestEngine, customerId: string, at?: Date): Promise<string> {
  if (at) {
    const record = (await engine.deps.store.customers.get(customerId))!;
    await engine.deps.store.customers.saveState(
      customerId,
      { ...record.state, version: record.state.version + 1 },
      at,
    );
  }
  await engine.scheduler.disarm(customerId);
  return (await nextAtOf(engine, customerId))!;
}

describe('the recovery sweep on the local engine', () => {
  let engine: TestEngine;

  beforeEach(async () => {
    engine = await startTestEngine({ start: '2027-03-02T08:00:00Z' });
  });
  afterEach(async () => {
    await engine.dispose();
  });

  it('finds a customer whose alarm was lost and re-arms it; a customer fired on time is left alone', async () => {
    expect((await engine.call('PUT', '/v1/customers/c-lost', customer('Lost Alarm'))).status).toBe(201);
    expect((await engine.call('PUT', '/v1/customers/c-ontime', customer('On Time'))).status).toBe(201);
    const lostAt = await loseAlarm(engine, 'c-lost');
    const onTimeAt = (await nextAtOf(engine, 'c-ontime'))!;
    expect(engine.scheduler.pendingAt('c-lost')).toBeUndefined();

    // An hour past both alarms: only the one the scheduler still held has rung.
    const past = Math.max(Date.parse(lostAt), Date.parse(onTimeAt)) + 3_600_000;
    await engine.call('POST', '/_local/clock', { set: new Date(past).toISOString() });
    expect(await engine.sent('c-lost')).toEqual([]);
    const onTimeSent = await engine.sent('c-ontime');
    expect(onTimeSent.length).toBeGreaterThan(0);
    expect(Date.parse((await nextAtOf(engine, 'c-ontime'))!)).toBeGreaterThan(past);

    // A day back from now less the grace: 24 or 25 hours of the index, by the minute.
    const hours = sweepWindow(engine.clock.now()).hours.length;
    expect([24, 25]).toContain(hours);
    const [response, requests] = await requestsDuring(engine, () => sweep(engine));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ hours, pages: hours, rearmed: 1, failed: [] });
    // One query per hour of the index, no scan; the one write is the local alarm loop's
    // stand-in for EventBridge Scheduler (the ALARMS partition), not the engine's.
    expect(requests.filter((r) => r.command === 'Query')).toHaveLength(hours);
    expect(requests.filter((r) => r.command === 'Query').every((r) => r.indexName === 'gsi3')).toBe(true);
    expect(requests.filter((r) => r.command !== 'Query')).toEqual([
      { command: 'PutItem', partition: 'ALARMS' },
    ]);
    expect(engine.scheduler.pendingAt('c-lost')).toEqual(engine.clock.now());
    expect(engine.scheduler.pendingAt('c-ontime')?.toISOString()).toBe(await nextAtOf(engine, 'c-ontime'));
    expect(engine.metrics.total('SweepRearms')).toBe(1);

    // The re-armed alarm rings: the lost cadence goes out, late, once; the alarm moves on.
    await engine.advance('PT0S');
    const recovered = await engine.sent('c-lost');
    expect(recovered).toHaveLength(1);
    expect(recovered[0]!.rule).toBe(onTimeSent[0]!.rule);
    expect(Date.parse((await nextAtOf(engine, 'c-lost'))!)).toBeGreaterThan(past);
    expect((await sweep(engine)).body).toMatchObject({ rearmed: 0 });
    expect(await engine.sent()).toHaveLength(onTimeSent.length + 1);
  });

  it('reads the index a page at a time: requests grow with pages, not with customers', async () => {
    const now = engine.clock.now();
    const lostHour = new Date(now.getTime() - 3 * 3_600_000);
    const ids = Array.from({ length: 5 }, (_, i) => `c-page-${i}`);
    for (const [i, id] of ids.entries()) {
      await engine.call('PUT', `/v1/customers/${id}`, customer(`Page ${i}`));
      await loseAlarm(engine, id, new Date(lostHour.getTime() + i * 60_000));
    }
    const [report, requests] = await requestsDuring(engine, () =>
      sweepAlarms(engine.deps, { policy: { lookbackMs: 6 * 3_600_000 }, pageSize: 2 }),
    );
    // Six hours (02:00 up to the 07:45 cutoff); the lost hour takes pages of 2 + 2 + 1.
    expect(report).toMatchObject({ hours: 6, pages: 8, rearmed: 5, failed: [] });
    expect(requests.filter((r) => r.command === 'Query')).toHaveLength(8);
    expect(requests.filter((r) => r.command === 'Scan')).toEqual([]);
    for (const id of ids) expect(engine.scheduler.pendingAt(id)).toEqual(now);

    // With DynamoDB's own page size the five fit one page: one query per hour, whatever the count.
    const [again, requestsAgain] = await requestsDuring(engine, () =>
      sweepAlarms(engine.deps, { policy: { lookbackMs: 6 * 3_600_000 } }),
    );
    expect(again).toMatchObject({ hours: 6, pages: 6, rearmed: 5 });
    expect(requestsAgain.filter((r) => r.command === 'Query')).toHaveLength(6);
  });

  it('does not count an alarm within the grace period as lost', async () => {
    await engine.call('PUT', '/v1/customers/c-late', customer('Running Late'));
    await loseAlarm(engine, 'c-late', new Date(engine.clock.now().getTime() - 10 * 60_000));
    expect((await sweep(engine)).body).toMatchObject({ rearmed: 0 });
    expect((await sweep(engine, { grace: 'PT5M' })).body).toMatchObject({ rearmed: 1 });
  });

  it('is safe beside a fire of the same customer: the lost message goes out once', async () => {
    await engine.call('PUT', '/v1/customers/c-race', customer('Race'));
    const lostAt = await loseAlarm(engine, 'c-race');
    await engine.call('POST', '/_local/clock', {
      set: new Date(Date.parse(lostAt) + 3_600_000).toISOString(),
    });
    const [swept] = await Promise.all([
      sweepAlarms(engine.deps),
      fireCustomer(engine.deps, 'c-race'),
      sweepAlarms(engine.deps),
    ]);
    expect(swept.failed).toEqual([]);
    await engine.advance('PT1H');
    expect(await engine.sent('c-race')).toHaveLength(1);
  });

  it('looks back further on request, and refuses what it cannot do with a 400 naming the field', async () => {
    await engine.call('PUT', '/v1/customers/c-old', customer('Old Loss'));
    await loseAlarm(engine, 'c-old', new Date(engine.clock.now().getTime() - 3 * 24 * 3_600_000));
    expect((await sweep(engine)).body).toMatchObject({ rearmed: 0 });
    expect((await sweep(engine, { lookback: 'P4D' })).body).toMatchObject({ hours: 96, rearmed: 1 });

    const bad = await engine.json<{ error: string }>('POST', '/_local/sweep', { lookback: 'four days' });
    expect(bad).toEqual({
      status: 400,
      body: expect.objectContaining({ error: expect.stringMatching(/lookback/) }),
    });
    const tooFar = await engine.json<{ error: string }>('POST', '/_local/sweep', { lookback: 'P60D' });
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.error).toMatch(/lookback: must be at most 31 days/);
    const unknown = await engine.json<{ error: string }>('POST', '/_local/sweep', { hours: 3 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/unknown field hours/);
  });
});

describe('the local engine’s own sweeps', () => {
  it('sweeps on its tick at start, then once every 15 minutes of clock time', async () => {
    const engine = await startTestEngine({ start: '2027-03-02T08:00:00Z' });
    const sweeper = new LocalSweeper(engine.deps);
    try {
      await engine.call('PUT', '/v1/customers/c-tick', customer('Tick'));
      await loseAlarm(engine, 'c-tick', new Date('2027-03-02T07:00:00Z'));
      sweeper.start(5);
      // Generous: the tick runs on real timers, which a loaded machine delays.
      const patiently = { timeout: 15_000, interval: 20 };
      await vi.waitFor(
        () => expect(engine.scheduler.pendingAt('c-tick')).toEqual(engine.clock.now()),
        patiently,
      );
      await engine.advance('PT0S');

      await engine.call('PUT', '/v1/customers/c-tock', customer('Tock'));
      await loseAlarm(engine, 'c-tock', new Date('2027-03-02T07:30:00Z'));
      await engine.call('POST', '/_local/clock', { set: '2027-03-02T08:10:00Z' });
      await new Promise((done) => setTimeout(done, 50));
      expect(engine.scheduler.pendingAt('c-tock')).toBeUndefined();
      await engine.call('POST', '/_local/clock', { set: '2027-03-02T08:15:00Z' });
      await vi.waitFor(
        () => expect(engine.scheduler.pendingAt('c-tock')).toEqual(new Date('2027-03-02T08:15:00Z')),
        patiently,
      );
      // The re-arm is counted once the scheduler's write has finished, a moment after it shows.
      await vi.waitFor(() => expect(engine.metrics.total('SweepRearms')).toBe(2), patiently);
    } finally {
      await sweeper.stop();
      await engine.dispose();
    }
  });

  it('says why it cannot sweep a table kept from before the alarm index', async () => {
    const server = await startDynalite();
    try {
      const input = createTableInput('old-nurture');
      await server.client.send(
        new CreateTableCommand({
          ...input,
          GlobalSecondaryIndexes: input.GlobalSecondaryIndexes!.filter((index) => index.IndexName !== 'gsi3'),
        }),
      );
      expect(await ensureTable(server.client, 'old-nurture')).toEqual({ missingIndexes: ['gsi3'] });
      expect(await ensureTable(server.client, 'new-nurture')).toEqual({ missingIndexes: [] });
    } finally {
      await server.stop();
    }
    const engine = await startTestEngine();
    try {
      const sweeper = new LocalSweeper(engine.deps, 'the table predates the alarm index');
      await expect(sweeper.sweep()).rejects.toThrow(ConflictError);
    } finally {
      await engine.dispose();
    }
  });
});
