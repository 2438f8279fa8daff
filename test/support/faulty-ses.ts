import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SesFault {
  /** The SES error code, which the SDK turns into the error's name, e.g. `Throttling`. */
  code: string;
  message: string;
  /** 400 for SES's client errors (throttling included), 5xx for its own. */
  status?: number;
}

export interface FaultySes {
  endpoint: string;
  /** The next call answers with `fault`, as SES's query API does. */
  failNext(fault: SesFault): void;
  /** The next call reaches SES only once `release` is called: a send in flight until then. */
  holdNext(): { release: () => void };
  stop(): Promise<void>;
}

function errorXml({ code, message, status = 400 }: SesFault): string {
  return [
    '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/">',
    `  <Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message></Error>`,
    '  <RequestId>3f1d5a0c-0000-4000-8000-000000000000</RequestId>',
    '</ErrorResponse>',
  ].join('\n');
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A front for the local SES server that can answer a call the way SES does
 * when it refuses one (throttling, a rejected message) or hold it for a
 * while; every other call goes through to the local server unchanged.
 */
export async function startFaultySes(target: string): Promise<FaultySes> {
  const faults: SesFault[] = [];
  const holds: Promise<void>[] = [];
  const server: Server = createServer(async (request, response) => {
    const body = await bodyOf(request);
    const fault = faults.shift();
    if (fault) {
      response.writeHead(fault.status ?? 400, { 'content-type': 'text/xml' });
      response.end(errorXml(fault));
      return;
    }
    const hold = holds.shift();
    if (hold) await hold;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      // The signed request as it came (the local server checks it carries credentials), minus hop-by-hop headers.
      if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)) {
        headers[name] = value;
      }
    }
    const forwarded = await fetch(`${target}${request.url ?? '/'}`, {
      method: request.method ?? 'POST',
      headers,
      body,
    });
    response.writeHead(forwarded.status, {
      'content-type': forwarded.headers.get('content-type') ?? 'text/xml',
    });
    response.end(Buffer.from(await forwarded.arrayBuffer()));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    failNext: (fault) => faults.push(fault),
    holdNext: () => {
      let release = () => {};
      holds.push(
        new Promise<void>((done) => {
          release = done;
        }),
      );
      return { release };
    },
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
