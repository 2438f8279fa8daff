import { renderTemplate } from '../functions/core/content/render';
import { customerInputSchema } from '../functions/core/customers/customer';
import type { PlanContext } from '../functions/core/planning/actions';
import { forecast } from '../functions/core/planning/forecast';
import { planActions } from '../functions/core/planning/plan';
import { emptyState } from '../functions/core/planning/state';
import type { Sequence } from '../functions/core/sequences/sequence-definition';
import { enterSequence, type SequenceRun } from '../functions/core/sequences/sequence-run';
import { loadContent } from '../functions/engine/content/rules';
import { jsonLogger, type Logger } from '../functions/engine/log';
import { templateVariables } from '../functions/engine/send/render-request';
import type { OutboxEntry } from '../functions/local/outbox';
import type { LocalEngine } from '../functions/wiring/local';
import { startTestEngine, type TestEngine } from '../test/support/local-engine';
import { TEMPLATES_DIR } from './bundles';
import { DynamoMeter, type DynamoTally, forbiddenSeen, tally } from './dynamo-meter';

export const CADENCE_BUDGET = {
  planMs: 1,
  forecastMs: 20,
  rendersPerSecond: 10_000,
  // Per delivered message: the profile read, the claim, the outcome and the state save, with
  // what is shared (template counters, the live content and endpoint lists, the tier histogram)
  // kept under one more.
  requestsPerMessage: 4,
  /** The year with the shipped sequences on: their steps read and write a run of their own. */
  sequenceRequestsPerMessage: 6,
} as const;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function timeMs(runs: number, work: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export interface PlannerReport {
  planMedianMs: number;
  /** The same next-alarm plan with 20 sequences defined, the customer inside every one. */
  planWithSequencesMedianMs: number;
  sequencesDefined: number;
  forecastMedianMs: number;
  forecastMessages: number;
  rendersPerSecond: number;
}

/** The pure planner and renderer on one core: the per-customer costs every fire pays. */
export async function measurePlanner(): Promise<PlannerReport> {
  const { templates, rules } = loadContent(TEMPLATES_DIR);
  const customer = {
    ...customerInputSchema.parse({
      name: '王芳',
      email: 'wang.fang@example.com',
      locale: 'zh-CN',
      timezone: 'Asia/Shanghai',
      country: 'CN',
      birthday: '1985-09-12',
      weddingAnniversary: '06-18',
      owner: { name: '李雷', email: 'li.lei@shop.example' },
    }),
    customerId: 'c-bench',
  };
  const ctx: PlanContext = { customer, state: emptyState, tier: 'B', rules, since: '2027-01-01' };
  const now = new Date('2027-01-01T00:00:00Z');
  timeMs(200, () => planActions(ctx, now));
  const planMedianMs = timeMs(2000, () => planActions(ctx, new Date(now.getTime() + Math.random() * 3e10)));
  const withSequences = twentySequences(ctx, now);
  timeMs(200, () => planActions(withSequences, now));
  const planWithSequencesMedianMs = timeMs(2000, () =>
    planActions(withSequences, new Date(now.getTime() + Math.random() * 3e10)),
  );
  const forecastMessages = forecast(ctx, now, 365).length;
  const forecastMedianMs = timeMs(30, () => forecast(ctx, now, 365));

  const source = templates.resolve('monthly-letter', 'email', 'zh-CN');
  const variables = templateVariables(customer, "Lin's Furniture", {
    message: { id: '0123456789abcdef0123' },
    unsubscribeUrl: 'https://example.com/u/t',
    letter: { month: '2027-03', monthName: '三月', monthNumber: 3, year: 2027, season: 'spring' },
  });
  // Steady state, as a warm Lambda container renders: JIT-compiled and the parse cached.
  for (let i = 0; i < 3000; i++) await renderTemplate(source, variables);
  let renders = 0;
  const start = performance.now();
  while (performance.now() - start < 1000) {
    await renderTemplate(source, variables);
    renders++;
  }
  return {
    planMedianMs,
    planWithSequencesMedianMs,
    sequencesDefined: withSequences.rules.sequences.length,
    forecastMedianMs,
    forecastMessages,
    rendersPerSecond: Math.round((renders * 1000) / (performance.now() - start)),
  };
}

/**
 * Twenty enabled sequences (the shipped ones, copied under new ids) with the
 * customer entered in each: the planner weighs every run's next step.
 */
function twentySequences(ctx: PlanContext, now: Date): PlanContext {
  const shipped = ctx.rules.sequences;
  const sequences: Sequence[] = Array.from({ length: 20 }, (_, i) => ({
    ...shipped[i % shipped.length]!,
    id: `bench-${i + 1}`,
    enabled: true,
    tiers: ['A', 'B', 'C'],
  }));
  let runs: SequenceRun[] = [];
  for (const sequence of sequences) {
    const verdict = enterSequence(runs, sequence, ctx.tier, now);
    if (verdict.entered) runs = verdict.runs;
  }
  return { ...ctx, rules: { ...ctx.rules, sequences }, state: { ...ctx.state, sequences: runs } };
}

async function turnOnShippedSequences(call: TestEngine['call']): Promise<void> {
  const list = (await (await call('GET', '/v1/sequences')).json()) as { sequences: { id: string }[] };
  for (const { id } of list.sequences) {
    const path = `/v1/sequences/${encodeURIComponent(id)}`;
    const { version, sequence } = (await (await call('GET', path)).json()) as {
      version: number;
      sequence: Record<string, unknown>;
    };
    const saved = await call('PUT', path, { sequence: { ...sequence, enabled: true }, baseVersion: version });
    if (saved.status !== 200) throw new Error(`turning on ${id} failed: ${await saved.text()}`);
  }
}

export interface YearReport {
  customers: number;
  /** Alarms that rang (one `fire` invocation each on AWS). */
  fires: number;
  /** Wall time of the simulated year itself, without filing the customers. */
  yearMs: number;
  /** Bytes of JSON log lines the engine wrote during the year. */
  logBytes: number;
  wallSeconds: number;
  delivered: number;
  byRule: Record<string, number>;
  byChannel: Record<string, number>;
  requests: DynamoTally;
  engineRequestsPerMessage: number;
  forbidden: Record<string, number>;
}

const ZONES = [
  { timezone: 'Asia/Shanghai', country: 'CN', locale: 'zh-CN' },
  { timezone: 'America/New_York', country: 'US', locale: 'en' },
  { timezone: 'Europe/London', country: 'GB', locale: 'en' },
  { timezone: 'Australia/Sydney', country: 'AU', locale: 'en' },
];

/**
 * A simulated year for `count` customers through the local engine: filed in
 * batches, then the clock moved a year, every cadence firing on its own.
 */
export async function runYear<T = undefined>(
  count: number,
  options: {
    /** Turn the shipped sequences on before filing (they ship off), so the year runs them too. */
    sequencesOn?: boolean;
    afterYear?: (
      engine: LocalEngine,
      sent: OutboxEntry[],
      meter: DynamoMeter,
      logBytes: () => number,
    ) => Promise<T>;
  } = {},
): Promise<YearReport & { after?: T }> {
  let fires = 0;
  let logBytes = 0;
  // The lines the Lambdas would write, measured but not printed.
  const write = jsonLogger((line) => {
    logBytes += Buffer.byteLength(line) + 1;
  });
  const log: Logger = (event, fields) => {
    if (event === 'customer.fired') fires++;
    write(event, fields);
  };
  const engine = await startTestEngine({ start: '2027-01-01T00:00:00Z', log });
  const meter = new DynamoMeter(engine.dynamo);
  const call = engine.call.bind(engine);
  const started = performance.now();
  try {
    await meter.phase('setup', async () => {
      if (options.sequencesOn) await turnOnShippedSequences(call);
      for (let first = 0; first < count; first += 500) {
        const customers = Array.from({ length: Math.min(500, count - first) }, (_, k) => {
          const i = first + k;
          const zone = ZONES[i % ZONES.length]!;
          const month = String((i % 12) + 1).padStart(2, '0');
          const day = String((i % 28) + 1).padStart(2, '0');
          return {
            customerId: `y-${i}`,
            name: `Customer ${i}`,
            email: `customer${i}@example.com`,
            ...zone,
            birthday: `19${70 + (i % 30)}-${month}-${day}`,
            ...(i % 3 === 0 ? { weddingAnniversary: `${month}-${day}` } : {}),
          };
        });
        const response = await call('POST', '/v1/customers/batch', { customers });
        if (response.status !== 200) throw new Error(`batch failed: ${await response.text()}`);
      }
    });
    const firesBefore = fires;
    const logBytesBefore = logBytes;
    const yearStarted = performance.now();
    await meter.phase('year', async () => {
      const response = await call('POST', '/_local/clock', { advance: 'P365D' });
      if (response.status !== 200) throw new Error(`clock failed: ${await response.text()}`);
    });
    const yearMs = performance.now() - yearStarted;
    const yearFires = fires - firesBefore;
    const yearLogBytes = logBytes - logBytesBefore;
    const sent = await meter.phase('harness', async () => {
      const response = await call('GET', '/_local/outbox');
      return ((await response.json()) as { messages: OutboxEntry[] }).messages;
    });
    const byRule: Record<string, number> = {};
    const byChannel: Record<string, number> = {};
    for (const m of sent) {
      byRule[m.rule] = (byRule[m.rule] ?? 0) + 1;
      byChannel[m.channel] = (byChannel[m.channel] ?? 0) + 1;
    }
    const requests = tally(meter.inPhases('year'));
    const wallSeconds = (performance.now() - started) / 1000;
    const after = options.afterYear
      ? await options.afterYear(engine, sent, meter, () => logBytes)
      : undefined;
    return {
      customers: count,
      fires: yearFires,
      yearMs,
      logBytes: yearLogBytes,
      ...(after === undefined ? {} : { after }),
      wallSeconds,
      delivered: sent.length,
      byRule,
      byChannel,
      requests,
      engineRequestsPerMessage: sent.length ? requests.engine / sent.length : Number.NaN,
      forbidden: forbiddenSeen(meter.requests),
    };
  } finally {
    await engine.dispose();
  }
}
