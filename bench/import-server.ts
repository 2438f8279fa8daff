/**
 * The engine side of the import bench, in a process of its own so its CPU is
 * the server's alone: `node --import tsx bench/import-server.ts <source root>`
 * starts the local engine of the source tree at <root> (this tree, or an
 * earlier commit's unpacked beside it) on an HTTP port, meters its DynamoDB
 * requests, and answers the parent (bench/import.ts) over the IPC channel.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { startTestEngine as StartTestEngine } from '../test/support/local-engine';
import { DynamoMeter, tally } from './dynamo-meter';

export type ServerMessage =
  | { type: 'ready'; url: string }
  | {
      type: 'measured';
      cpuMicros: number;
      requests: ReturnType<typeof tally>;
      /** Plan contexts built: the planner runs once on each. */
      plannerRuns: number;
    };
export type ParentMessage = { type: 'start' } | { type: 'stop' } | { type: 'exit' };

const root = process.argv[2] ?? join(import.meta.dirname, '..');
const { startTestEngine } = (await import(join(root, 'test/support/local-engine.ts'))) as {
  startTestEngine: typeof StartTestEngine;
};
const engine = await startTestEngine({ start: '2027-02-06T02:00:00Z', log: () => {} });
const meter = new DynamoMeter(engine.dynamo);
// Every planner run starts from a plan context (engine/fire/plan-context.ts), which asks the tier
// cache once: counting those asks counts the runs, in this tree and the earlier one alike.
let plannerRuns = 0;
const { tiers } = engine.deps;
const tierOf = tiers.tierOf.bind(tiers);
tiers.tierOf = (...args) => {
  plannerRuns++;
  return tierOf(...args);
};
const server = serve({ fetch: engine.app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const send = (message: ServerMessage) => process.send?.(message);

let started: { cpu: NodeJS.CpuUsage; requests: number } | undefined;
process.on('message', async (message: ParentMessage) => {
  switch (message.type) {
    case 'start':
      plannerRuns = 0;
      started = { cpu: process.cpuUsage(), requests: meter.requests.length };
      return;
    case 'stop': {
      const cpu = process.cpuUsage(started?.cpu);
      send({
        type: 'measured',
        cpuMicros: cpu.user + cpu.system,
        requests: tally(meter.requests.slice(started?.requests ?? 0)),
        plannerRuns,
      });
      return;
    }
    case 'exit':
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.dispose();
      process.exit(0);
  }
});
send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
