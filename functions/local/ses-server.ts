import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as sesModule from 'aws-ses-v2-local';

// aws-ses-v2-local is CommonJS with a default export; under tsx and esbuild it may arrive wrapped once more.
const sesLocal = ((sesModule.default as unknown as { default?: typeof sesModule.default }).default ??
  sesModule.default) as typeof sesModule.default;

export interface LocalSes {
  /** Where the SES SDK client points, and where the mail viewer is. */
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * The local SES server (SendRawEmail and a web viewer), listening on
 * 127.0.0.1:`port` (0 for any free port) before this resolves.
 * @example const ses = await startLocalSes(0); new SESClient({ endpoint: ses.endpoint });
 */
export async function startLocalSes(port: number): Promise<LocalSes> {
  const server: Server = await sesLocal({ host: '127.0.0.1', port });
  if (!server.listening) {
    await new Promise((done, fail) => {
      server.once('listening', done);
      server.once('error', fail);
    });
  }
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
