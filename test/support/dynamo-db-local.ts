import { once } from 'node:events';
import type { TestProject } from 'vitest/node';
import { spawnDynamoDbLocal } from './dynamo-servers';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's one Amazon DynamoDB Local, for `inject` (see `connectDynamoDbLocal`). */
    dynamoDbLocalEndpoint: string;
  }
}

/**
 * Vitest globalSetup: one Amazon DynamoDB Local (a Java process, seconds to
 * start) for the whole run instead of one per test file, its endpoint
 * `provide`d to the files, each on tables of its own. Spawned without waiting:
 * it boots while the console builds, and the first file to connect waits for
 * it. Stopped at teardown, or with this process if the run dies.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { endpoint, child } = await spawnDynamoDbLocal();
  project.provide('dynamoDbLocalEndpoint', endpoint);
  const stopWithTheRun = () => child.kill();
  process.once('exit', stopWithTheRun);
  return async () => {
    process.off('exit', stopWithTheRun);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill();
    await exited;
  };
}
