import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ImportIo } from '../../functions/cli/import-runner';
import { main } from '../../functions/cli/main';
import { API_KEY, type TestEngine, WEBHOOK_SECRET } from './local-engine';

/** The test engine behind a real HTTP port, with a switch to make it fail like an overloaded server. */
export interface ServedEngine {
  url: string;
  /** Requests that reached the app, by path. */
  requests: string[];
  /** While set, decides which requests get a 503 instead of an answer. */
  failWhen: ((path: string, count: number) => boolean) | undefined;
  close(): Promise<void>;
}

export async function serveEngine(engine: TestEngine): Promise<ServedEngine> {
  const served: ServedEngine = {
    url: '',
    requests: [],
    failWhen: undefined,
    close: async () => {},
  };
  const server = serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: (request: Request) => {
      const path = new URL(request.url).pathname;
      served.requests.push(path);
      const count = served.requests.filter((p) => p === path).length;
      if (served.failWhen?.(path, count)) return Response.json({ error: 'overloaded' }, { status: 503 });
      return engine.app.fetch(request);
    },
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  served.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  served.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return served;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `nurture <argv>` in this process against the served engine, with quick retries. */
export async function runCli(
  served: ServedEngine,
  argv: string[],
  env: Record<string, string | undefined> = {
    NURTURE_API_KEY: API_KEY,
    NURTURE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: ImportIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    client: { retries: 2, baseDelayMs: 1 },
  };
  const code = await main([...argv, '--url', served.url], env, io);
  return { code, stdout, stderr };
}
