import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './free-port';
import { API_KEY } from './local-engine';

const ROOT = join(import.meta.dirname, '..', '..');

/** `npm start`'s engine in a process of its own, on a data directory that outlives it. */
export interface EngineProcess {
  url: string;
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  /** `kill -9`: no shutdown, no flush, whatever was in flight is cut off. */
  crash(): Promise<void>;
  stop(): Promise<void>;
  /** The last 4 KB the engine wrote to stderr (its log), for a failure to show. */
  log(): string;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((done) =>
    child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done()),
  );

/**
 * `functions/local/main.ts` in a process of its own with `env` over this one's (an undefined
 * value unsets the variable); `stdout()` and `stderr()` are their last 4 KB.
 */
export function spawnEngine(env: Record<string, string | undefined>): {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'functions/local/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream]?.on('data', (chunk: Buffer) => {
      output[stream] = (output[stream] + chunk.toString()).slice(-4000);
    });
  }
  return { child, stdout: () => output.stdout, stderr: () => output.stderr };
}

/**
 * Starts the local engine (functions/local/main.ts) on `dataDir` with a
 * simulated clock, and waits until it answers.
 * @example const engine = await startEngineProcess(dir, '2027-03-01T02:00:00Z');
 */
export async function startEngineProcess(dataDir: string, clockStart: string): Promise<EngineProcess> {
  const port = await freePort();
  const { child, stderr: output } = spawnEngine({
    PORT: String(port),
    NURTURE_DATA_DIR: dataDir,
    NURTURE_CLOCK: 'simulated',
    NURTURE_CLOCK_START: clockStart,
    NURTURE_SES_PORT: String(await freePort()),
  });
  const url = `http://127.0.0.1:${port}`;
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the engine exited at start: ${output()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the engine did not start within 60 s: ${output()}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return {
    url,
    call,
    log: output,
    async crash() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGINT');
      await exited(child);
    },
  };
}
