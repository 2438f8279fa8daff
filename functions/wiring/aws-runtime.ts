import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { EngineDeps } from '../engine/deps';
import { flushAfter } from '../ports/metrics/index';
import type { SecretStore } from '../ports/secrets/index';
import { SecretsManagerStore } from '../ports/secrets/secrets-manager';
import { createAwsDeps } from './aws';
import { type AwsConfig, parseAwsConfig } from './config';
import { type EngineSecrets, resolveEngineSecrets } from './secrets';

/**
 * `load` run once, its promise shared by every caller after; a failure is not
 * kept, so the next call (the next invocation) tries again.
 * @example const ready = cachedUntilFailure(() => readSecret()); await ready(); await ready(); // one read
 */
export function cachedUntilFailure<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

export interface AwsRuntime {
  config: AwsConfig;
  secrets: EngineSecrets;
  deps: EngineDeps;
}

/** Config parsed, secrets read, dependencies built: what one container needs, once. */
export async function loadAwsRuntime(
  env: Record<string, string | undefined>,
  secretStore: SecretStore,
): Promise<AwsRuntime> {
  const config = parseAwsConfig(env);
  const secrets = await resolveEngineSecrets(config, secretStore);
  return { config, secrets, deps: createAwsDeps(config, secrets) };
}

/** This container's runtime: the secret is read on the first invocation and kept (until a read fails). */
export const awsRuntime = cachedUntilFailure(() =>
  loadAwsRuntime(process.env, new SecretsManagerStore(new SecretsManagerClient({}))),
);

/**
 * A Lambda handler running `work` with this container's engine, and flushing
 * the invocation's metrics once at its end.
 * @example export const handler = engineHandler((deps, event: { customerId: string }) => fireCustomer(deps, event.customerId));
 */
export function engineHandler<E, C, R>(
  work: (deps: EngineDeps, event: E, context?: C) => Promise<R>,
): (event: E, context?: C) => Promise<R> {
  return async (event, context) => {
    const { deps } = await awsRuntime();
    return flushAfter(deps.metrics, () => work(deps, event, context));
  };
}
