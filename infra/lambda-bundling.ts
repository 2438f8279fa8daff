import type { BuildOptions, Metafile } from 'esbuild';

/**
 * How every handler is bundled, shared by the CDK functions and the bench so
 * the sizes the bench reports are the sizes that deploy.
 */

/**
 * esbuild's ESM output has no `require`, but CJS dependencies bundled into it
 * (liquidjs, parts of the SDK) still call it for Node built-ins.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __nurtureCreateRequire } from 'node:module'; const require = __nurtureCreateRequire(import.meta.url);";

/**
 * The SDK's fallback credential providers (SSO, INI profiles, web identity,
 * process, container and instance metadata) are reached only through dynamic
 * imports when no credentials are in the environment. On Lambda they always
 * are, and the nodejs22.x runtime ships these packages should one ever be
 * reached, so they stay out of the bundle (about 75 KB minified).
 */
export const RUNTIME_PROVIDED_MODULES = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
];

/**
 * How a handler is built, for CDK (nurture-function.ts) and the bench alike.
 * Splitting puts what a handler reaches only through a dynamic `import()`
 * (Liquid, which renders; the S3 client, which erases raw mail) in chunks
 * beside `index.mjs`, so a cold start parses only what every request needs.
 */
export const LAMBDA_BUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  // Prefer packages' ESM builds so esbuild can tree-shake the SDK clients.
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  // Bundle the SDK v3 instead of using the runtime's copy: only the clients
  // we import ship, and the version is the one the tests ran against.
  external: RUNTIME_PROVIDED_MODULES,
  splitting: true,
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  // Stack traces need only the mappings; the sources would double the map for nothing.
  sourcemap: true,
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
} as const satisfies BuildOptions;

/**
 * The outputs of a LAMBDA_BUILD_OPTIONS build that a cold start loads:
 * `index.mjs` and every chunk it reaches by static imports. esbuild counts each
 * chunk behind a dynamic `import()` as an entry point of its own, so the
 * handler's entry is told apart by its name.
 */
export function outputsLoadedAtStart(metafile: Metafile): string[] {
  const entry = Object.keys(metafile.outputs).find((file) => /(^|\/)index\.mjs$/.test(file));
  if (!entry) throw new Error('the build has no index.mjs');
  const loaded = new Set([entry]);
  for (const file of loaded) {
    for (const { path, kind } of metafile.outputs[file]?.imports ?? [])
      if (kind === 'import-statement' && path in metafile.outputs) loaded.add(path);
  }
  return [...loaded];
}
