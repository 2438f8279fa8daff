import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/support/free-port';
import { type Budget, ROOT } from './bundles';

export const START_BUDGET = { maxStartSeconds: 10 } as const;

export interface StartRun {
  /** `fresh`: an empty data directory (the table is created); `restart`: the same directory again. */
  kind: 'fresh' | 'restart';
  /** From spawning `npm start` (console build included) to the first healthy answer. */
  healthySeconds: number;
  /** What the engine printed as `ready in` (its own process only, without the build). */
  readySeconds?: number;
}

export interface StartReport {
  runs: StartRun[];
  budgets: Budget[];
}

/** One `npm start` on its own ports and `dataDir`, until /health answers; then Ctrl-C. */
async function startOnce(kind: StartRun['kind'], dataDir: string): Promise<StartRun> {
  const port = await freePort();
  const started = performance.now();
  // Its own process group, so the SIGINT reaches npm's children (tsx, node) and nothing else.
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      NURTURE_SES_PORT: String(await freePort()),
      NURTURE_DATA_DIR: dataDir,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    const deadline = started + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited: ${output}`);
      if (performance.now() > deadline) throw new Error(`npm start not healthy within 60 s: ${output}`);
      const healthy = await fetch(`http://127.0.0.1:${port}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) break;
      await new Promise((done) => setTimeout(done, 50));
    }
    const healthySeconds = (performance.now() - started) / 1000;
    // The banner is written right after the server listens; give it a moment to arrive.
    await new Promise((done) => setTimeout(done, 200));
    const ready = /ready in\s+([\d.]+) s/.exec(output)?.[1];
    return { kind, healthySeconds, ...(ready ? { readySeconds: Number(ready) } : {}) };
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGINT');
    await exited;
  }
}

/** `npm start` timed to healthy twice: on an empty data directory, then restarted on it. */
export async function measureStart(): Promise<StartReport> {
  const dir = mkdtempSync(join(tmpdir(), 'nurture-bench-start-'));
  try {
    const dataDir = join(dir, 'data');
    const runs = [await startOnce('fresh', dataDir), await startOnce('restart', dataDir)];
    const slowest = Math.max(...runs.map((run) => run.healthySeconds));
    return {
      runs,
      budgets: [
        {
          name: 'npm start: seconds to healthy (slowest of fresh and restart)',
          actual: `${slowest.toFixed(1)} s`,
          limit: `<= ${START_BUDGET.maxStartSeconds} s`,
          pass: slowest <= START_BUDGET.maxStartSeconds,
        },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeStart(report: StartReport): string[] {
  return [
    '== npm start (own ports and data directory; console build included) ==',
    ...report.runs.map(
      (run) =>
        `${run.kind.padEnd(8)} healthy after ${run.healthySeconds.toFixed(1)} s` +
        (run.readySeconds !== undefined ? ` (engine process ready in ${run.readySeconds.toFixed(1)} s)` : ''),
    ),
  ];
}
