import * as z from 'zod';
import type { SecretStore } from '../ports/secrets/index';
import { type AwsConfig, consolePasswordHashes, secretRules } from './config';

export interface EngineSecrets {
  /** Signs and checks the deal webhooks (`whsec_…`). */
  webhookSecret: string;
  /** Signs reply tokens and unsubscribe links. */
  signingKey: string;
  /** SHA-256 hex digests of the API keys. */
  apiKeyHashes: string[];
  /** SHA-256 hex digests of the console password; empty: the console signs in with API keys only. */
  consolePasswordHashes: string[];
}

/** The JSON the stack's secret holds; see README, Secrets. */
const secretJsonSchema = z.lazy(() =>
  z.object({
    webhookSecret: secretRules.webhookSecret.optional(),
    signingKey: secretRules.signingKey.optional(),
    apiKeySha256: secretRules.apiKeySha256.optional(),
    consolePasswordHash: secretRules.consolePasswordHash.optional(),
  }),
);

const fromEnvironment = {
  webhookSecret: 'NURTURE_WEBHOOK_SECRET',
  signingKey: 'NURTURE_SIGNING_KEY',
  apiKeySha256: 'NURTURE_API_KEY_SHA256',
} as const;

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/**
 * The engine's three secrets: each from its environment variable when set
 * (tests, or an operator who sets them directly), the rest from the JSON of
 * the secret at NURTURE_SECRET_ARN, read only if something is missing.
 * @example const secrets = await resolveEngineSecrets(config, new SecretsManagerStore(client));
 */
export async function resolveEngineSecrets(config: AwsConfig, store: SecretStore): Promise<EngineSecrets> {
  const values: Record<keyof typeof fromEnvironment, string | undefined> = {
    webhookSecret: config.NURTURE_WEBHOOK_SECRET,
    signingKey: config.NURTURE_SIGNING_KEY,
    apiKeySha256: config.NURTURE_API_KEY_SHA256,
  };
  const missing = (Object.keys(values) as (keyof typeof values)[]).filter((key) => values[key] === undefined);
  const consoleHashes = consolePasswordHashes(config);
  // The console password is optional: taken from the secret when the secret is read for the others,
  // so an engine whose three secrets are all in its environment still reads nothing.
  const wantConsoleHash = consoleHashes.length === 0;
  if (missing.length > 0) {
    const secretId = config.NURTURE_SECRET_ARN;
    if (!secretId) throw new Error(`NURTURE_SECRET_ARN is required for ${missing.join(', ')}`);
    const where = `secret ${secretId}`;
    let json: unknown;
    try {
      json = JSON.parse(await store.read(secretId));
    } catch (error) {
      if (error instanceof SyntaxError) throw new Error(`${where} is not JSON`);
      throw error;
    }
    const parsed = secretJsonSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${where}: ${describe(parsed.error)}`);
    const absent = missing.filter((key) => parsed.data[key] === undefined);
    if (absent.length > 0) {
      throw new Error(
        `${where} has no ${absent.join(', ')} (and ${absent.map((k) => fromEnvironment[k]).join(', ')} ` +
          `${absent.length > 1 ? 'are' : 'is'} not set): put ${absent.length > 1 ? 'them' : 'it'} in the secret as README's "Secrets" shows`,
      );
    }
    for (const key of missing) values[key] = parsed.data[key];
    if (wantConsoleHash && parsed.data.consolePasswordHash) {
      consoleHashes.push(...parsed.data.consolePasswordHash.split(','));
    }
  }
  return {
    webhookSecret: values.webhookSecret!,
    signingKey: values.signingKey!,
    apiKeyHashes: values.apiKeySha256!.split(','),
    consolePasswordHashes: consoleHashes,
  };
}
