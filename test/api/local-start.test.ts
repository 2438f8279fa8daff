import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choosePort } from '../../functions/local/startup-guard';
import { type EngineProcess, spawnEngine, startEngineProcess } from '../support/engine-process';
import { freePort } from '../support/free-port';

/** Runs a second `npm start` engine until it exits on its own, and what it said. */
async function secondEngine(env: Record<string, string>) {
  const started = Date.now();
  const { child, stderr } = spawnEngine(env);
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  return { code, stderr: stderr(), seconds: (Date.now() - started) / 1000 };
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
    } finally {
      busy.close();
    }
  }, 60_000);
});

function listening(): Promise<Server> {
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => done(server));
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
});
