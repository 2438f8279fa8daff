import { type ChildProcess, execSync, fork } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseImportArgs } from '../functions/cli/args';
import { runImport } from '../functions/cli/import-runner';
import { LOCAL_DEFAULTS } from '../functions/wiring/config';
import { type Budget, ROOT } from './bundles';
import type { DynamoTally } from './dynamo-meter';
import type { ParentMessage, ServerMessage } from './import-server';

/** The import as it was before its requests were cut: measured beside today's in every run. */
export const IMPORT_BASELINE = 'a95dce4';

/** Issue 19's budgets: requests and planner runs per customer, server CPU against the baseline. */
export const IMPORT_BUDGET = {
  maxRequestsPerCustomer: 2,
  maxPlannerRunsPerCustomer: 1,
  maxCpuRatio: 0.5,
} as const;

/** One import of the sheet into a fresh engine of one source tree. */
export interface ImportRun {
  seconds: number;
  rowsPerSecond: number;
  counts: Record<string, number>;
  /** CPU (user + system) of the engine's process, embedded DynamoDB included, per imported customer. */
  cpuMsPerCustomer: number;
  /** DynamoDB requests per imported customer that would reach DynamoDB on AWS, and by command. */
  requestsPerCustomer: number;
  byCommand: Record<string, number>;
  /** Requests of the local stand-ins (the alarm loop's schedule per customer: EventBridge Scheduler on AWS). */
  localOnlyPerCustomer: number;
  plannerRunsPerCustomer: number;
}

export interface ImportReport {
  rows: number;
  /** Validation of the whole sheet before the first request. */
  validateSeconds: number;
  current: ImportRun;
  baseline: ImportRun;
  /** Today's server CPU per customer over the baseline's, in the same run. */
  cpuRatio: number;
  budgets: Budget[];
}

const CITIES = ['杭州', '宁波', '温州', '上海', '苏州', '南京', '广州', '深圳'];

/** A customer sheet in seed 001's shape, Chinese headers, one purchase a row. */
function customerSheet(rows: number): string {
  const lines = ['时间,姓名,联系电话,邮箱,购买品种,价格,备注,城市,生日,标签'];
  for (let i = 0; i < rows; i++) {
    const phone = `139${String(10_000_000 + i).padStart(8, '0')}`;
    const month = String((i % 12) + 1).padStart(2, '0');
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(
      `2026-${month}-${day},客户${i},${phone},c${i}@example.com,餐椅,${1000 + (i % 50) * 100},,${CITIES[i % CITIES.length]},1980-${month}-${day},老客户`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The baseline commit's tree, unpacked once outside the repository (no checker reads it), with this tree's node_modules. */
function baselineTree(): string {
  const dir = join(tmpdir(), `nurture-bench-baseline-${IMPORT_BASELINE}`);
  if (!existsSync(join(dir, 'package.json'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execSync(`git archive ${IMPORT_BASELINE} | tar -x -C "${dir}"`, { cwd: ROOT });
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(dir, 'node_modules'));
  }
  return dir;
}

function next(child: ChildProcess, type: ServerMessage['type']): Promise<ServerMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ServerMessage) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => reject(new Error(`import server exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

const quiet = { write: () => true };

const importOptions = (file: string, url: string) =>
  parseImportArgs(
    [
      'import',
      'customers',
      file,
      '--url',
      url,
      '--country',
      'CN',
      '--locale',
      'zh-CN',
      '--timezone',
      'Asia/Shanghai',
    ],
    { NURTURE_API_KEY: LOCAL_DEFAULTS.apiKey },
  );

/** `nurture import customers` (this tree's CLI, in this process) into the engine of `root`, in a child. */
async function importInto(root: string, file: string, rows: number): Promise<ImportRun> {
  const child = fork(join(ROOT, 'bench/import-server.ts'), [root], {
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const tell = (message: ParentMessage) => child.send(message);
  try {
    const ready = await next(child, 'ready');
    if (ready.type !== 'ready') throw new Error('unexpected message');
    tell({ type: 'start' });
    const started = performance.now();
    const summary = await runImport(importOptions(file, ready.url), { stdout: quiet, stderr: quiet });
    const seconds = (performance.now() - started) / 1000;
    const measured = next(child, 'measured');
    tell({ type: 'stop' });
    const result = await measured;
    if (result.type !== 'measured') throw new Error('unexpected message');
    if (summary.exitCode !== 0) throw new Error(`import failed with exit code ${summary.exitCode}`);
    const per = (n: number) => n / rows;
    return {
      seconds,
      rowsPerSecond: rows / seconds,
      counts: summary.counts,
      cpuMsPerCustomer: per(result.cpuMicros / 1000),
      requestsPerCustomer: per(result.requests.engine),
      byCommand: Object.fromEntries(
        Object.entries((result.requests as DynamoTally).byCommand).map(([command, n]) => [
          command,
          per(n.engine),
        ]),
      ),
      localOnlyPerCustomer: per(result.requests.localOnly),
      plannerRunsPerCustomer: per(result.plannerRuns),
    };
  } finally {
    tell({ type: 'exit' });
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

/** Of several runs of one tree, the one least disturbed by the rest of the machine. */
const leastCpu = (runs: ImportRun[]) =>
  runs.reduce((best, run) => (run.cpuMsPerCustomer < best.cpuMsPerCustomer ? run : best));

/**
 * The same sheet of `rows` customers imported over HTTP into the local engine
 * of today's tree and of the baseline commit, each in a process of its own
 * whose CPU is the server's; `rounds` alternates them (BENCH_IMPORT_ROUNDS).
 */
export async function measureImport(rows = 10_000, rounds = 1): Promise<ImportReport> {
  const dir = mkdtempSync(join(tmpdir(), 'nurture-import-bench-'));
  try {
    const file = join(dir, 'customers.csv');
    writeFileSync(file, customerSheet(rows));
    const dry = performance.now();
    // Without a key the dry run asks the engine nothing: the sheet's own validation alone.
    const dryRun = { ...importOptions(file, 'http://127.0.0.1:0'), dryRun: true, apiKey: undefined };
    await runImport(dryRun, { stdout: quiet, stderr: quiet });
    const validateSeconds = (performance.now() - dry) / 1000;
    const old = baselineTree();
    const current: ImportRun[] = [];
    const baseline: ImportRun[] = [];
    for (let round = 0; round < rounds; round++) {
      baseline.push(await importInto(old, file, rows));
      current.push(await importInto(ROOT, file, rows));
    }
    return judged(rows, validateSeconds, leastCpu(current), leastCpu(baseline));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function judged(
  rows: number,
  validateSeconds: number,
  current: ImportRun,
  baseline: ImportRun,
): ImportReport {
  const b = IMPORT_BUDGET;
  const cpuRatio = current.cpuMsPerCustomer / baseline.cpuMsPerCustomer;
  return {
    rows,
    validateSeconds,
    current,
    baseline,
    cpuRatio,
    budgets: [
      {
        name: 'import: DynamoDB requests per customer',
        actual: current.requestsPerCustomer.toFixed(2),
        limit: `<= ${b.maxRequestsPerCustomer}`,
        pass: current.requestsPerCustomer <= b.maxRequestsPerCustomer,
      },
      {
        name: 'import: planner runs per customer',
        actual: current.plannerRunsPerCustomer.toFixed(2),
        limit: `<= ${b.maxPlannerRunsPerCustomer}`,
        pass: current.plannerRunsPerCustomer <= b.maxPlannerRunsPerCustomer,
      },
      {
        name: `import: server CPU per customer against ${IMPORT_BASELINE}`,
        actual: cpuRatio.toFixed(2),
        limit: `<= ${b.maxCpuRatio}`,
        pass: cpuRatio <= b.maxCpuRatio,
      },
    ],
  };
}

function describeRun(label: string, run: ImportRun): string {
  const commands = Object.entries(run.byCommand)
    .map(([command, n]) => `${command} ${n.toFixed(2)}`)
    .join(', ');
  return (
    `${label}: ${Math.round(run.rowsPerSecond)} rows/s (${run.seconds.toFixed(1)} s); ` +
    `server CPU ${run.cpuMsPerCustomer.toFixed(2)} ms per customer; ` +
    `DynamoDB requests per customer ${run.requestsPerCustomer.toFixed(2)} (${commands}; ` +
    `local-only ${run.localOnlyPerCustomer.toFixed(2)}); ` +
    `planner runs per customer ${run.plannerRunsPerCustomer.toFixed(2)}`
  );
}

/** The bench's lines for the report. */
export function describeImport(report: ImportReport): string[] {
  const counts = Object.entries(report.current.counts)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  return [
    '== Customer import (nurture import customers, CSV over HTTP into the local engine in its own process) ==',
    `${report.rows} rows (${counts}); validation alone ${report.validateSeconds.toFixed(2)} s`,
    describeRun('today', report.current),
    describeRun(IMPORT_BASELINE, report.baseline),
    '(server CPU: the engine process, the embedded DynamoDB in it included; the CLI runs in the bench process)',
    ...report.budgets.map((b) => `${b.pass ? 'PASS' : 'FAIL'}  ${b.name}: ${b.actual} (budget ${b.limit})`),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const report = await measureImport(Number(process.argv[2] ?? 10_000), Number(process.argv[3] ?? 1));
  console.log(describeImport(report).join('\n'));
}
