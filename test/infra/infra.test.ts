import { readdirSync } from 'node:fs';
import { describe } from 'vitest';

/*
 * Every infra suite (`*.suite.ts` here) runs from this one test file, so in
 * one process: they share the stacks helpers.ts synthesizes once per
 * configuration. Under the forks pool each test file is a process of its own,
 * and would import the CDK and synthesize the same stacks again.
 */
const suites = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.suite.ts'))
  .sort();

for (const file of suites) {
  describe(file.replace(/\.suite\.ts$/, ''), async () => {
    await import(`./${file}`);
  });
}
