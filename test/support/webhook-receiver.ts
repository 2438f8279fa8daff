import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One POST a receiver took, with the engine's clock when it arrived. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: Date;
}

/**
 * An integrator's receiver on this machine (a real HTTP server on 127.0.0.1):
 * it keeps every request and answers each path with the statuses it was given,
 * one per request, then 200.
 */
export interface TestReceiver {
  url(path: string): string;
  requests: Received[];
  /** The next answers on `path`, e.g. `[500, 200]`; a number `ms` delays an answer with `{ status, delayMs }`. */
  answer(path: string, statuses: (number | { status: number; delayMs: number })[]): void;
  stop(): Promise<void>;
}

export async function startReceiver(clock: { now(): Date }): Promise<TestReceiver> {
  const requests: Received[] = [];
  const scripts = new Map<string, (number | { status: number; delayMs: number })[]>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      requests.push({
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: clock.now(),
      });
      const next = scripts.get(path)?.shift() ?? 200;
      const { status, delayMs } = typeof next === 'number' ? { status: next, delayMs: 0 } : next;
      setTimeout(() => response.writeHead(status).end(), delayMs);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    answer: (path, statuses) => scripts.set(path, [...statuses]),
    stop: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/**
 * What the Standard Webhooks reference library makes of a request under
 * `secret`, checked at the moment it arrived (the library reads the system
 * clock; the engine signs on its own, simulated one). Throws when it does not verify.
 */
export function verifyWithLibrary(secret: string, request: Received): unknown {
  const realNow = Date.now;
  Date.now = () => request.at.getTime();
  try {
    return new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
  } finally {
    Date.now = realNow;
  }
}
