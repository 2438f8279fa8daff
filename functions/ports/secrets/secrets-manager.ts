import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretStore } from './index';

/** Secrets Manager's current version (AWSCURRENT) of a secret, which must be a string (JSON here). */
export class SecretsManagerStore implements SecretStore {
  constructor(private readonly client: SecretsManagerClient) {}

  async read(secretId: string): Promise<string> {
    const { SecretString } = await this.client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (SecretString === undefined)
      throw new Error(`secret ${secretId} holds no text (binary secrets are not read)`);
    return SecretString;
  }
}
