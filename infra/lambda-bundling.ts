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
