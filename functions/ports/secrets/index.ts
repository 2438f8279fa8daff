/**
 * Where secrets are kept apart from the code and its environment: on AWS, a
 * Secrets Manager secret. Locally the engine has none (its keys are config).
 * @example const json = await secrets.read('arn:aws:secretsmanager:eu-west-1:123456789012:secret:nurture-AbCdEf');
 */
export interface SecretStore {
  /** The secret's current text; throws when it does not exist or holds no text. */
  read(secretId: string): Promise<string>;
}
