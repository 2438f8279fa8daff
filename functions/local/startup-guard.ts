import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { ConflictError } from '../core/errors';

// What `npm start` checks before it opens anything, so a second engine on the
// same machine stops at once with a message that names the busy port or data
// directory, instead of hanging or failing deep inside the embedded servers.

const LOCK_FILE = 'engine.lock';

interface LockHolder {
  pid: number;
  url?: string;
}

export interface DataDirLock {
  /** Records where this engine answers, for the message a second engine prints. */
  announce(url: string): void;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists and belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof holder.pid === 'number'
      ? { pid: holder.pid, ...(holder.url ? { url: holder.url } : {}) }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the data directory for this process: one engine per directory, as the
 * embedded store cannot be shared. A lock left by an engine that died (kill -9)
 * is taken over.
 * @example const lock = lockDataDir('.nurture'); lock.announce('http://localhost:8787'); … lock.release();
 */
export function lockDataDir(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  const write = (holder: LockHolder, flag: 'wx' | 'w') =>
    writeFileSync(file, `${JSON.stringify(holder)}\n`, { flag });
  try {
    write({ pid: process.pid }, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = readHolder(file);
    if (holder && holder.pid !== process.pid && alive(holder.pid)) {
      throw new ConflictError(
        `the data directory ${dir} is in use by another engine (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''}). ` +
          `Stop that one (Ctrl-C in its terminal), or give this one a directory of its own: ` +
          `NURTURE_DATA_DIR=${dir}-2 npm start`,
      );
    }
    write({ pid: process.pid }, 'w');
  }
  return {
    announce: (url) => write({ pid: process.pid, url }, 'w'),
    release: () => {
      if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}

/** Whether `host` cannot take `port`: on IPv6 only when something listens there (a machine without IPv6 is not busy). */
async function busyOn(port: number, host: string): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      done(error.code === 'EADDRINUSE' || host === '127.0.0.1'),
    );
    probe.listen(port, host, () => probe.close(() => done(false)));
  });
}

/**
 * Whether something already listens on `port` of the loopback interface (0: never).
 * IPv6 too: the engine prints `http://localhost:<port>`, which a browser may open on ::1,
 * where another server (a dev server bound to `localhost`) would answer instead.
 */
async function taken(port: number): Promise<boolean> {
  if (port === 0) return false;
  return (await busyOn(port, '127.0.0.1')) || busyOn(port, '::1');
}

async function anyFreePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
}

export interface PortChoice {
  port: number;
  /** Set when the default port was busy and another was taken instead. */
  movedFrom?: number;
}

/**
 * The port a local server listens on: the one asked for when it is free; a
 * free one instead when the default is busy; and, when the port was asked for
 * by name (`env` set), a clear stop naming it.
 * @example await choosePort({ port: 8787, env: 'PORT', what: 'the API', explicit: 'PORT' in process.env })
 */
export async function choosePort(request: {
  port: number;
  env: string;
  what: string;
  explicit: boolean;
}): Promise<PortChoice> {
  if (!(await taken(request.port))) return { port: request.port };
  if (request.explicit) {
    throw new ConflictError(
      `port ${request.port} (${request.env}, ${request.what}) is already in use, perhaps by another engine. ` +
        `Stop that program, or choose another port: ${request.env}=${request.port + 1} (0 takes any free port)`,
    );
  }
  return { port: await anyFreePort(), movedFrom: request.port };
}
