import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  BUDGET,
  type Budget,
  type BundleReport,
  IMPORT_RUNS,
  kb,
  measureBundles,
  OUT_DIR,
  ROOT,
} from './bundles';
import { CADENCE_BUDGET, measurePlanner, type PlannerReport, runYear, type YearReport } from './cadences';
import { CAMPAIGN_BUDGET, type CampaignReport, runCampaignScenario } from './campaign-scenario';
import { BUDGET as CHASE_BUDGET, type ChaseReport, runChaseScenario } from './chase-scenario';
import { CONSOLE_BUDGET, describeConsole, measureConsole } from './console';
import { COST_BUDGET, describeCost, runCostScenario } from './cost';
import { type DynamoTally, noForbiddenCommandsBudget } from './dynamo-meter';
import { describeImport, IMPORT_BUDGET, measureImport } from './import';
import { describeStart, measureStart, START_BUDGET } from './start';

const pad = (value: string | number, width: number) => String(value).padStart(width);
const padEnd = (value: string | number, width: number) => String(value).padEnd(width);
const size = (bytes: number) => `${kb(bytes).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

function table(header: string[], rows: (string | number)[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i] ?? '').length)));
  const line = (cells: (string | number)[]) =>
    cells.map((cell, i) => (i === 0 ? padEnd(cell, widths[i]!) : pad(cell, widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function describeBundles(report: BundleReport): string[] {
  const lines = [
    `== Lambda bundles (esbuild: esm, node22, minified, AWS SDK bundled; node ${report.node}) ==`,
    ...table(
      [
        'handler',
        'minified',
        'lazy',
        'gzip',
        'reference',
        'ref gzip',
        'import',
        'ref import',
        'ratio',
        'cpu ratio',
      ],
      report.handlers.map((h) => [
        h.name,
        size(h.real.bytes),
        size(h.real.lazyBytes),
        size(h.real.gzipBytes),
        size(h.reference.bytes),
        size(h.reference.gzipBytes),
        ms(h.importMs.real),
        ms(h.importMs.reference),
        h.importMs.ratio.toFixed(2),
        h.importCpuMs.ratio.toFixed(2),
      ]),
    ),
    'minified = the entry and the chunks it imports (what a cold start loads); lazy = chunks behind a dynamic import().',
    `import = median of ${IMPORT_RUNS - 1} fresh \`node\` processes (first run discarded) importing the bundle; ` +
      'the budget is on its ratio; cpu ratio = the same for CPU time, which a busy machine stretches less.',
  ];
  if (Number.parseInt(report.node.slice(1), 10) < 22) {
    lines.push(
      `note: timed on node ${report.node}; the Lambda runtime is node 22, so absolute times differ.`,
    );
  }
  for (const h of report.handlers) {
    lines.push(
      `reference for ${h.name}: ${h.reference.files} AWS SDK files of ${h.reference.packages} packages, ` +
        `each imported as a namespace (${h.reference.dropped} files esbuild read but tree-shook away left out)`,
    );
  }
  for (const h of report.handlers) {
    lines.push('', `${h.name}: top packages by bytes in the minified output`);
    lines.push(...table(['package', 'bytes', 'share'], h.topPackages.map(shareRow(h.real.bytes))));
  }
  const api = report.handlers.find((h) => h.name === 'api');
  if (api) {
    lines.push('', 'api: top 10 inputs by bytes in the minified output');
    lines.push(...table(['input', 'bytes', 'share'], api.topInputs.map(shareRow(api.real.bytes))));
  }
  return lines;
}

const shareRow =
  (total: number) =>
  ({ path, bytes }: { path: string; bytes: number }) => [
    path,
    bytes,
    `${((100 * bytes) / total).toFixed(1)}%`,
  ];

function tallyRow(label: string, operations: number, t: DynamoTally): (string | number)[] {
  const per = (n: number) => (operations ? (n / operations).toFixed(2) : '-');
  return [label, operations, t.engine, per(t.engine), t.localOnly, per(t.localOnly), t.rcu, t.wcu];
}

function describeChase(report: ChaseReport): string[] {
  const { sendPath, delivered } = report;
  const byRule = Object.entries(delivered.byRule)
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
  const byChannel = Object.entries(delivered.byChannel)
    .map(([channel, n]) => `${channel} ${n}`)
    .join(', ');
  const lines = [
    `== Chase scenario on the local engine (${report.customers} customers, 11 simulated days) ==`,
    `wall time ${(report.wallMs / 1000).toFixed(1)} s; delivered ${delivered.total} messages (${byChannel}; ${byRule})`,
    `replies: ${report.replies.sent} sent after day 4, ${report.replies.recorded} recorded, ` +
      `${report.replies.chasesStopped} chases stopped`,
    '',
    'DynamoDB requests per phase (engine = would hit DynamoDB on AWS; local-only = SMS outbox and alarm loop)',
    ...table(
      ['phase', 'ops', 'engine', '/op', 'local-only', '/op', 'RCU', 'WCU'],
      Object.entries(report.phases).map(([phase, p]) =>
        tallyRow(`${phase} (${p.unit})`, p.operations, p.requests),
      ),
    ),
    '',
    `letter + fire path, per delivered message (${delivered.total}):`,
    `  engine DynamoDB requests  ${sendPath.engineRequestsPerMessage.toFixed(2)}`,
    `  local-only requests       ${sendPath.localOnlyRequestsPerMessage.toFixed(2)}`,
    `  consumed RCU              ${sendPath.rcuPerMessage.toFixed(2)}`,
    `  consumed WCU              ${sendPath.wcuPerMessage.toFixed(2)}`,
    '  (capacity as dynalite reports it: table item sizes only, GSI writes not included)',
    '',
    'letter + fire path by command',
    ...table(
      ['command', 'engine', '/msg', 'local-only'],
      Object.entries(sendPath.requests.byCommand)
        .sort((a, b) => b[1].engine - a[1].engine)
        .map(([command, c]) => [command, c.engine, (c.engine / delivered.total).toFixed(2), c.localOnly]),
    ),
    '',
    Object.keys(report.forbidden).length === 0
      ? 'no Scan / TransactWriteItems / TransactGetItems / ExecuteStatement (or other PartiQL) commands were seen'
      : `FORBIDDEN commands seen: ${JSON.stringify(report.forbidden)}`,
  ];
  return lines;
}

function describeCadences(planner: PlannerReport, year: YearReport): string[] {
  return [
    '== Cadence planner and renderer (one core) ==',
    `next alarm for one customer (every rule):  median ${planner.planMedianMs.toFixed(3)} ms`,
    `  ... with ${planner.sequencesDefined} sequences defined, inside each: median ${planner.planWithSequencesMedianMs.toFixed(3)} ms`,
    `365-day forecast for one customer:         median ${planner.forecastMedianMs.toFixed(2)} ms (${planner.forecastMessages} messages)`,
    `monthly letter render (email, cached parse): ${planner.rendersPerSecond.toLocaleString('en')} per second`,
    '',
    `== A simulated year for ${year.customers.toLocaleString('en')} customers (4 time zones, batch-filed, clock moved P365D) ==`,
    `wall time ${year.wallSeconds.toFixed(1)} s; delivered ${year.delivered.toLocaleString('en')} messages`,
    `by rule: ${Object.entries(year.byRule)
      .sort((a, b) => b[1] - a[1])
      .map(([rule, n]) => `${rule} ${n}`)
      .join(', ')}`,
    `engine DynamoDB requests per delivered message: ${year.engineRequestsPerMessage.toFixed(2)} ` +
      `(${year.requests.engine.toLocaleString('en')} requests; local-only ${year.requests.localOnly.toLocaleString('en')})`,
    ...table(
      ['command', 'engine', '/msg', 'WCU/msg'],
      Object.entries(year.requests.byCommand)
        .sort((a, b) => b[1].engine - a[1].engine)
        .map(([command, c]) => [
          command,
          c.engine,
          (c.engine / year.delivered).toFixed(2),
          (c.wcu / year.delivered).toFixed(2),
        ]),
    ),
  ];
}

function describeSequenceYear(year: YearReport): string[] {
  const sequenceMessages = Object.entries(year.byRule)
    .filter(([rule]) => rule.startsWith('sequence:'))
    .reduce((sum, [, n]) => sum + n, 0);
  return [
    `== The year for ${year.customers} customers with the shipped sequences on ==`,
    `delivered ${year.delivered} messages, ${sequenceMessages} of them from sequences; ` +
      `engine DynamoDB requests per delivered message: ${year.engineRequestsPerMessage.toFixed(2)}`,
  ];
}

function sequenceYearBudget(year: YearReport): Budget {
  return {
    name: 'year with sequences on: engine DynamoDB requests per delivered message',
    actual: year.engineRequestsPerMessage.toFixed(2),
    limit: `<= ${CADENCE_BUDGET.sequenceRequestsPerMessage}`,
    pass: year.engineRequestsPerMessage <= CADENCE_BUDGET.sequenceRequestsPerMessage,
  };
}

function cadenceBudgets(planner: PlannerReport, year: YearReport): Budget[] {
  const b = CADENCE_BUDGET;
  return [
    {
      name: 'planner: next alarm median',
      actual: `${planner.planMedianMs.toFixed(3)} ms`,
      limit: `<= ${b.planMs} ms`,
      pass: planner.planMedianMs <= b.planMs,
    },
    {
      name: `planner: next alarm with ${planner.sequencesDefined} sequences`,
      actual: `${planner.planWithSequencesMedianMs.toFixed(3)} ms`,
      limit: `<= ${b.planMs} ms`,
      pass: planner.planWithSequencesMedianMs <= b.planMs,
    },
    {
      name: 'planner: 365-day forecast median',
      actual: `${planner.forecastMedianMs.toFixed(2)} ms`,
      limit: `<= ${b.forecastMs} ms`,
      pass: planner.forecastMedianMs <= b.forecastMs,
    },
    {
      name: 'render: monthly letters per second',
      actual: String(planner.rendersPerSecond),
      limit: `>= ${b.rendersPerSecond}`,
      pass: planner.rendersPerSecond >= b.rendersPerSecond,
    },
    {
      name: 'year: engine DynamoDB requests per delivered message',
      actual: year.engineRequestsPerMessage.toFixed(2),
      limit: `<= ${b.requestsPerMessage}`,
      pass: year.engineRequestsPerMessage <= b.requestsPerMessage,
    },
    noForbiddenCommandsBudget('year', year.forbidden),
  ];
}

function describeCampaign(report: CampaignReport): string[] {
  const { perRecipient: per, wallSeconds: wall, fanOutRun: run, sends, progress } = report;
  const n = (value: number) => value.toLocaleString('en');
  const byCommand = (t: DynamoTally) =>
    Object.entries(t.byCommand)
      .sort((a, b) => b[1].engine - a[1].engine)
      .map(([command, c]) => `${command} ${(c.engine / report.recipients).toFixed(2)}`)
      .join(', ');
  const counts = (record: Record<string, number>) =>
    Object.entries(record)
      .map(([key, value]) => `${key} ${n(value)}`)
      .join(', ');
  return [
    `== A campaign to ${n(report.customers)} customers (3 time zones, local engine, simulated clock, the fan-out crashing part-way) ==`,
    `wall time: fan-out ${wall.fanOut.toFixed(1)} s, sends ${wall.sends.toFixed(1)} s ` +
      `(${(wall.fanOut + wall.sends).toFixed(1)} s for ${n(report.recipients)} recipients; ` +
      `filing the customers first ${wall.fileCustomers.toFixed(1)} s)`,
    `fan-out: crashed ${run.crashes} time(s) after ${run.pagesAtCrash} page(s), handed over (${run.handOver}, next run armed at once: ${run.nextRunArmedNow ? 'yes' : 'no'}), ` +
      `resumed to ${run.pages} pages; a duplicate alarm: ${run.duplicateAlarm}`,
    `sent ${n(report.delivered)} of ${n(report.reachable)} reachable, uncapped recipients: ` +
      `${sends.duplicates} twice, ${sends.missing} missing, ${sends.unexpected} not expected, ` +
      `${sends.outsideLocalWindow} outside 10:00-11:00 local, ${sends.wrongChannel} on the wrong channel; ` +
      `UTC hours ${sends.utcHours.join(', ')}; STOP texts accepted ${sends.stopsAccepted} of ${sends.stops}`,
    `progress after the fan-out: ${counts(progress.afterFanOut)}`,
    `progress at the end (${progress.status}): ${counts(progress.final)}`,
    `a capped customer's timeline notes the cap: ${report.cappedNoteOnTimeline ? 'yes' : 'no'}`,
    'engine DynamoDB requests per recipient:',
    `  fan-out job (directory pages, queue on the state, page saves)  ${per.fanOut.toFixed(2)}  [${byCommand(report.fanOut)}]`,
    `  campaign reads and counters during the fires                   ${per.campaignInFires.toFixed(2)}`,
    `  = besides the send                                             ${per.besidesTheSend.toFixed(2)}`,
    `  the send path itself (fire read, claim, record, count, save)   ${per.sendPath.toFixed(2)}`,
    `  total                                                          ${per.total.toFixed(2)}`,
    `  (local-only: fan-out ${(report.fanOut.localOnly / report.recipients).toFixed(2)}, fires ${(report.fires.localOnly / report.recipients).toFixed(2)} per recipient: alarm loop and SMS outbox)`,
  ];
}

function describeBudgets(budgets: Budget[]): string[] {
  return [
    '== Budgets ==',
    ...budgets.map((b) => `${b.pass ? 'PASS' : 'FAIL'}  ${b.name}: ${b.actual} (budget ${b.limit})`),
  ];
}

async function main(): Promise<void> {
  const started = performance.now();
  // The SDK's multi-line "node >= 22 soon" warning would land in the middle of the report; the
  // report states the node version itself.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  mkdirSync(OUT_DIR, { recursive: true });
  const bundles = await measureBundles();
  console.log(describeBundles(bundles).join('\n'));
  console.log();
  const start = await measureStart();
  console.log(describeStart(start).join('\n'));
  console.log();
  const consoleReport = await measureConsole();
  console.log(describeConsole(consoleReport).join('\n'));
  console.log();
  const chase = await runChaseScenario();
  console.log(describeChase(chase).join('\n'));
  console.log();
  const planner = await measurePlanner();
  // 10,000 customers take several minutes on the embedded store; BENCH_YEAR_CUSTOMERS sets the size.
  const cost = await runCostScenario(Number(process.env.BENCH_YEAR_CUSTOMERS ?? 500));
  const { year } = cost;
  console.log(describeCadences(planner, year).join('\n'));
  console.log();
  // The same year with the shipped sequences turned on (they ship off), on a book of the same size.
  const withSequences = await runYear(
    Number(process.env.BENCH_SEQUENCE_CUSTOMERS ?? process.env.BENCH_YEAR_CUSTOMERS ?? 500),
    {
      sequencesOn: true,
    },
  );
  console.log(describeSequenceYear(withSequences).join('\n'));
  console.log();
  console.log(describeCost(cost).join('\n'));
  console.log();
  // 10,000 recipients take a few minutes on the embedded store; BENCH_CAMPAIGN_RECIPIENTS sets the size.
  const campaign = await runCampaignScenario(Number(process.env.BENCH_CAMPAIGN_RECIPIENTS ?? 10_000));
  console.log(describeCampaign(campaign).join('\n'));
  console.log();
  // The issue's 10,000 customers through the CLI and the local engine's HTTP API; BENCH_IMPORT_ROWS sets the size.
  // BENCH_IMPORT_ROUNDS > 1 alternates today's tree and the baseline's that often, keeping each one's least-CPU run.
  const importReport = await measureImport(
    Number(process.env.BENCH_IMPORT_ROWS ?? 10_000),
    Number(process.env.BENCH_IMPORT_ROUNDS ?? 1),
  );
  console.log(describeImport(importReport).join('\n'));
  console.log();
  const budgets = [
    ...bundles.budgets,
    ...start.budgets,
    ...consoleReport.budgets,
    ...chase.budgets,
    ...cadenceBudgets(planner, year),
    sequenceYearBudget(withSequences),
    cost.budget,
    ...campaign.budgets,
    ...importReport.budgets,
  ];
  console.log(describeBudgets(budgets).join('\n'));

  const out = join(OUT_DIR, 'latest.json');
  const report = {
    at: new Date().toISOString(),
    totalMs: performance.now() - started,
    budgetLimits: {
      ...BUDGET,
      ...START_BUDGET,
      ...CONSOLE_BUDGET,
      ...CHASE_BUDGET,
      ...CADENCE_BUDGET,
      ...COST_BUDGET,
      ...CAMPAIGN_BUDGET,
      ...IMPORT_BUDGET,
    },
    bundles,
    start,
    console: consoleReport,
    chase,
    planner,
    year,
    yearWithSequences: withSequences,
    cost: { ...cost, year: undefined },
    campaign,
    import: importReport,
    budgets,
  };
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nreport written to ${relative(ROOT, out)} (total ${(report.totalMs / 1000).toFixed(1)} s)`);
}

await main();
