import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choosePort } from '../../functions/local/startup-guard';
import { type EngineProcess, spawnEngine, startEngineProcess } from '../support/engine-process';
import { freePort } from '../support/free-port';

/** The ports `npm start` takes when none is asked for (README). */
const DEFAULT_API_PORT = 8787;
const DEFAULT_SES_PORT = 8005;
/** Stopping "at once": the engine's own start-up (tsx, config) on a busy machine, never a hang. */
const AT_ONCE_SECONDS = 20;

/** Runs a second `npm start` engine until it exits on its own, and what it said. */
async function secondEngine(env: Record<string, string | undefined>) {
  const started = Date.now();
  const { child, stderr } = spawnEngine(env);
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  return { code, stderr: stderr(), seconds: (Date.now() - started) / 1000 };
}

/**
 * A second engine started with `env` until it answers on the address it printed, then
 * stopped (Ctrl-C); what it printed, and whether that address was healthy.
 */
async function engineOnDefaults(env: Record<string, string | undefined>) {
  const { child, stdout, stderr } = spawnEngine(env);
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  try {
    const deadline = Date.now() + 60_000;
    let url: string | undefined;
    while (!url) {
      if (child.exitCode !== null) throw new Error(`the engine exited: ${stderr()}`);
      if (Date.now() > deadline) throw new Error(`the engine did not start: ${stdout()} ${stderr()}`);
      // The address is printed once the API listens, with the rest of the banner.
      if (stdout().includes('ready in')) url = /nurture engine\s+(\S+)/.exec(stdout())?.[1];
      else await new Promise((done) => setTimeout(done, 100));
    }
    const healthy = (await fetch(`${url.replace('localhost', '127.0.0.1')}/health`)).ok;
    return { stdout: stdout(), url, healthy };
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}

/** Keeps `port` busy for the test, or finds it busy already (another engine): either way it is taken. */
function holdPort(port: number): Promise<{ release(): void }> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? done({ release: () => {} }) : fail(error),
    );
    server.listen(port, '127.0.0.1', () => done({ release: () => server.close() }));
  });
}

describe('a second engine on the same machine', () => {
  let dir: string;
  let first: EngineProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nurture-start-'));
    first = await startEngineProcess(join(dir, 'a'), '2027-02-06T02:00:00Z');
  }, 90_000);
  afterAll(async () => {
    await first?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops at once on a data directory another engine holds, naming it and the other engine', async () => {
    const second = await secondEngine({
      NURTURE_DATA_DIR: join(dir, 'a'),
      PORT: String(await freePort()),
      NURTURE_SES_PORT: String(await freePort()),
    });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`the data directory ${join(dir, 'a')} is in use by another engine (pid`);
    expect(second.stderr).toContain(first.url.replace('127.0.0.1', 'localhost'));
    expect(second.stderr).not.toMatch(/\n\s+at /);
    expect(second.stderr).not.toContain('Database is closed');
    expect(second.seconds).toBeLessThan(AT_ONCE_SECONDS);
    // The first engine is untouched.
    expect((await fetch(`${first.url}/health`)).ok).toBe(true);
  }, 60_000);

  it('stops at once on a port asked for by name that another engine holds, naming the port and its variable', async () => {
    const port = new URL(first.url).port;
    const second = await secondEngine({
      NURTURE_DATA_DIR: join(dir, 'b'),
      PORT: port,
      NURTURE_SES_PORT: String(await freePort()),
    });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`port ${port} (PORT, the API) is already in use`);
    expect(second.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('stops at once when the mail viewer’s port is taken, instead of hanging', async () => {
    const busy = await listening();
    const port = (busy.address() as { port: number }).port;
    try {
      const second = await secondEngine({
        NURTURE_DATA_DIR: join(dir, 'c'),
        PORT: String(await freePort()),
        NURTURE_SES_PORT: String(port),
      });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(
        `port ${port} (NURTURE_SES_PORT, the SES mail viewer) is already in use`,
      );
      expect(second.seconds).toBeLessThan(AT_ONCE_SECONDS);
    } finally {
      busy.close();
    }
  }, 60_000);

  it('takes a free port for the mail viewer when its default is busy and none was asked for, and says which', async () => {
    const busy = await holdPort(DEFAULT_SES_PORT);
    try {
      const apiPort = await freePort();
      const second = await engineOnDefaults({
        NURTURE_DATA_DIR: join(dir, 'd'),
        PORT: String(apiPort),
        NURTURE_SES_PORT: undefined,
      });
      expect(second.healthy).toBe(true);
      expect(second.url).toBe(`http://localhost:${apiPort}`);
      const moved = new RegExp(`port ${DEFAULT_SES_PORT} was busy: the mail viewer took (\\d+)`).exec(
        second.stdout,
      );
      expect(moved?.[1]).toBeDefined();
      expect(second.stdout).toMatch(new RegExp(`SES mail viewer\\s+http://127\\.0\\.0\\.1:${moved?.[1]}\\b`));
    } finally {
      busy.release();
    }
  }, 90_000);

  it('takes a free port for the API when its default is busy and none was asked for, and answers there', async () => {
    const busy = await holdPort(DEFAULT_API_PORT);
    try {
      const second = await engineOnDefaults({
        NURTURE_DATA_DIR: join(dir, 'e'),
        PORT: undefined,
        NURTURE_SES_PORT: String(await freePort()),
      });
      const moved = new RegExp(`port ${DEFAULT_API_PORT} was busy: the API took (\\d+)`).exec(second.stdout);
      expect(moved?.[1]).toBeDefined();
      expect(second.url).toBe(`http://localhost:${moved?.[1]}`);
      expect(second.healthy).toBe(true);
    } finally {
      busy.release();
    }
  }, 90_000);
});

function listening(host = '127.0.0.1'): Promise<Server> {
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, host, () => done(server));
  });
}

describe('choosePort', () => {
  it('keeps a free port, and moves off a busy default to a free one, saying so', async () => {
    const free = await freePort();
    expect(await choosePort({ port: free, env: 'PORT', what: 'the API', explicit: true })).toEqual({
      port: free,
    });
    const busy = await listening();
    const port = (busy.address() as { port: number }).port;
    try {
      const moved = await choosePort({ port, env: 'PORT', what: 'the API', explicit: false });
      expect(moved.movedFrom).toBe(port);
      expect(moved.port).not.toBe(port);
      await expect(choosePort({ port, env: 'PORT', what: 'the API', explicit: true })).rejects.toThrow(
        `port ${port} (PORT, the API) is already in use`,
      );
    } finally {
      busy.close();
    }
  });

  it('counts a port as busy when only IPv6 localhost holds it, since the printed localhost address may reach it', async () => {
    const busy = await listening('::1');
    const port = (busy.address() as { port: number }).port;
    try {
      expect((await choosePort({ port, env: 'PORT', what: 'the API', explicit: false })).movedFrom).toBe(
        port,
      );
      await expect(choosePort({ port, env: 'PORT', what: 'the API', explicit: true })).rejects.toThrow(
        `port ${port} (PORT, the API) is already in use`,
      );
    } finally {
      busy.close();
    }
  });
});
