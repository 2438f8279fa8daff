import { buildConsole } from '../../functions/console/build';

/** Vitest globalSetup: the console and docs assets the app serves, built once per run. */
export default async function setup(): Promise<void> {
  await buildConsole();
}
