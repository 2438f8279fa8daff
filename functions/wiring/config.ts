import * as z from 'zod';
import { digestOf } from '../core/team/key-digests';
import { parseOrThrow } from '../core/validation';
import type { EngineSettings } from '../engine/deps';

/**
 * The rules for each secret, wherever it comes from: the environment, or the
 * JSON of the Secrets Manager secret on AWS (wiring/secrets.ts).
 */
export const secretRules = {
  webhookSecret: z.string().startsWith('whsec_', 'must be a whsec_<base64> secret'),
  signingKey: z.string().min(16, 'must be at least 16 characters'),
  apiKeySha256: z
    .string()
    .regex(/^[0-9a-f]{64}(,[0-9a-f]{64})*$/, 'must be comma-separated SHA-256 hex digests of the API keys'),
  consolePasswordHash: z
    .string()
    .regex(/^[0-9a-f]{64}(,[0-9a-f]{64})*$/, 'must be the SHA-256 hex digest of the console password'),
};

/** The console password, plain or as its SHA-256 digest; either world may set them in the environment. */
const consolePasswordFields = {
  NURTURE_CONSOLE_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  NURTURE_CONSOLE_PASSWORD_HASH: secretRules.consolePasswordHash.optional(),
};

/** The first admin's email: made with a one-time setup link while the team has nobody. */
const adminEmail = z.lazy(() => z.string().trim().pipe(z.email('must be the first admin’s email address')));

/** Settings shared by every world, read from the environment once at the entry point. */
const sharedSchema = z.lazy(() =>
  z.object({
    NURTURE_TABLE: z.string().min(1).default('nurture'),
    NURTURE_FROM: z.string().min(3).default('Nurture <hello@nurture.local>'),
    NURTURE_BUSINESS_NAME: z.string().min(1).max(100).default('Nurture'),
    NURTURE_INBOUND_DOMAIN: z.string().min(3).default('reply.nurture.local'),
    NURTURE_TEMPLATES_DIR: z.string().min(1).default('templates'),
    NURTURE_WEBHOOK_SECRET: secretRules.webhookSecret,
    NURTURE_SIGNING_KEY: secretRules.signingKey,
    NURTURE_ADMIN_EMAIL: adminEmail.optional(),
  }),
);

export const LOCAL_DEFAULTS = {
  apiKey: 'nurture-local-key',
  // base64 of "local-nurture-webhook-secret"
  webhookSecret: 'whsec_bG9jYWwtbnVydHVyZS13ZWJob29rLXNlY3JldA==',
  signingKey: 'local-signing-key-change-me',
  consolePassword: 'nurture-local-console',
} as const;

const localSchema = z.lazy(() =>
  sharedSchema.unwrap().extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(8787),
    NURTURE_API_KEY: z.string().min(8).default(LOCAL_DEFAULTS.apiKey),
    NURTURE_WEBHOOK_SECRET: sharedSchema
      .unwrap()
      .shape.NURTURE_WEBHOOK_SECRET.default(LOCAL_DEFAULTS.webhookSecret),
    NURTURE_SIGNING_KEY: sharedSchema.unwrap().shape.NURTURE_SIGNING_KEY.default(LOCAL_DEFAULTS.signingKey),
    NURTURE_DATA_DIR: z.string().min(1).default('.nurture'),
    NURTURE_PUBLIC_URL: z.url().optional(),
    NURTURE_CLOCK: z.enum(['system', 'simulated']).default('system'),
    NURTURE_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
    NURTURE_SES_PORT: z.coerce.number().int().min(0).max(65535).default(8005),
    ...consolePasswordFields,
  }),
);

const awsFields = z.lazy(() =>
  sharedSchema.unwrap().extend({
    // On AWS the secrets come from the one Secrets Manager secret; any set here wins over it.
    NURTURE_SECRET_ARN: z.string().startsWith('arn:').optional(),
    NURTURE_WEBHOOK_SECRET: secretRules.webhookSecret.optional(),
    NURTURE_SIGNING_KEY: secretRules.signingKey.optional(),
    NURTURE_API_KEY_SHA256: secretRules.apiKeySha256.optional(),
    ...consolePasswordFields,
    NURTURE_PUBLIC_URL: z.url(),
    NURTURE_SCHEDULE_GROUP: z.string().min(1),
    NURTURE_FIRE_ARN: z.string().startsWith('arn:'),
    NURTURE_SCHEDULER_ROLE_ARN: z.string().startsWith('arn:'),
    NURTURE_SCHEDULER_DLQ_ARN: z.string().startsWith('arn:').optional(),
    NURTURE_SES_CONFIGURATION_SET: z.string().optional(),
    NURTURE_SMS_ORIGINATION_NUMBER: z.string().optional(),
    /** Where fire, api and inbound hand claimed messages to the `send` function. */
    NURTURE_SEND_QUEUE_URL: z.url(),
    /** The bucket SES stores inbound mail in: an erasure deletes the customer's raw MIME there. */
    NURTURE_INBOUND_MAIL_BUCKET: z.string().min(3),
    /** Where emitted events wait for the `webhooks` function to deliver them to integrators' endpoints. */
    NURTURE_WEBHOOK_QUEUE_URL: z.url(),
    /** The send queue's maxReceiveCount: the try after which a job goes to its dead-letter queue. */
    NURTURE_SEND_MAX_RECEIVES: z.coerce.number().int().min(1).max(1000).default(8),
    /** The least time between two provider calls of one `send` instance: the account's rate over the instances. */
    NURTURE_SEND_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  }),
);

const awsSchema = z.lazy(() =>
  awsFields.superRefine((env, ctx) => {
    const unset = (
      ['NURTURE_WEBHOOK_SECRET', 'NURTURE_SIGNING_KEY', 'NURTURE_API_KEY_SHA256'] as const
    ).filter((key) => env[key] === undefined);
    if (unset.length > 0 && !env.NURTURE_SECRET_ARN) {
      ctx.addIssue({
        code: 'custom',
        path: ['NURTURE_SECRET_ARN'],
        message: `required unless ${unset.join(', ')} ${unset.length > 1 ? 'are' : 'is'} set`,
      });
    }
  }),
);

type AwsField = keyof z.output<typeof awsFields>;
/** The AWS fields a lean function reads, picked on its first parse. */
const awsFieldsOf = <M extends { [K in AwsField]?: true }>(
  mask: M & Record<Exclude<keyof M, AwsField>, never>,
) => z.lazy(() => awsFields.unwrap().pick(mask));

/** The sweep only reads the alarm index and re-arms: no secrets, no sending. */
const sweepSchema = awsFieldsOf({
  NURTURE_TABLE: true,
  NURTURE_SCHEDULE_GROUP: true,
  NURTURE_FIRE_ARN: true,
  NURTURE_SCHEDULER_ROLE_ARN: true,
  NURTURE_SCHEDULER_DLQ_ARN: true,
});

/** The `send` function delivers rendered jobs: the providers, the table, the queue; no secrets. */
const deliverySchema = awsFieldsOf({
  NURTURE_TABLE: true,
  NURTURE_SES_CONFIGURATION_SET: true,
  NURTURE_SMS_ORIGINATION_NUMBER: true,
  NURTURE_SEND_QUEUE_URL: true,
  NURTURE_WEBHOOK_QUEUE_URL: true,
  NURTURE_SEND_MAX_RECEIVES: true,
  NURTURE_SEND_INTERVAL_MS: true,
});

/** The function the stack runs after each deploy: the table, the first admin, how to mail them; no secrets. */
const firstAdminSchema = z.lazy(() =>
  awsFields
    .unwrap()
    .pick({ NURTURE_TABLE: true, NURTURE_PUBLIC_URL: true, NURTURE_FROM: true, NURTURE_BUSINESS_NAME: true })
    .extend({ NURTURE_ADMIN_EMAIL: adminEmail }),
);
/** The `webhooks` function delivers events: the table (endpoints, log) and its queue; no secrets. */
const webhookDeliverySchema = awsFieldsOf({ NURTURE_TABLE: true, NURTURE_WEBHOOK_QUEUE_URL: true });

export type LocalConfig = z.output<typeof localSchema>;
export type FirstAdminConfig = z.output<typeof firstAdminSchema>;
export type AwsConfig = z.output<typeof awsSchema>;
export type SweepConfig = z.output<typeof sweepSchema>;
export type DeliveryConfig = z.output<typeof deliverySchema>;
export type WebhookDeliveryConfig = z.output<typeof webhookDeliverySchema>;

/** @example const config = parseLocalConfig(process.env); */
export function parseLocalConfig(env: Record<string, string | undefined>): LocalConfig {
  return parseOrThrow(localSchema, env, 'environment');
}

export function parseAwsConfig(env: Record<string, string | undefined>): AwsConfig {
  return parseOrThrow(awsSchema, env, 'environment');
}

export function parseSweepConfig(env: Record<string, string | undefined>): SweepConfig {
  return parseOrThrow(sweepSchema, env, 'environment');
}

export function parseFirstAdminConfig(env: Record<string, string | undefined>): FirstAdminConfig {
  return parseOrThrow(firstAdminSchema, env, 'environment');
}

export function parseDeliveryConfig(env: Record<string, string | undefined>): DeliveryConfig {
  return parseOrThrow(deliverySchema, env, 'environment');
}

export function parseWebhookDeliveryConfig(env: Record<string, string | undefined>): WebhookDeliveryConfig {
  return parseOrThrow(webhookDeliverySchema, env, 'environment');
}

/**
 * The console password digests the environment gives: the hash(es) as set, and
 * the plain password hashed. Locally, with neither set, the printed default.
 */
export function consolePasswordHashes(
  config: {
    NURTURE_CONSOLE_PASSWORD?: string | undefined;
    NURTURE_CONSOLE_PASSWORD_HASH?: string | undefined;
  },
  fallbackPassword?: string,
): string[] {
  const plain =
    config.NURTURE_CONSOLE_PASSWORD ?? (config.NURTURE_CONSOLE_PASSWORD_HASH ? undefined : fallbackPassword);
  return [
    ...(config.NURTURE_CONSOLE_PASSWORD_HASH?.split(',') ?? []),
    ...(plain === undefined ? [] : [digestOf(plain)]),
  ];
}

/** The engine's settings from either world's config; links point at `publicUrl`. */
export function engineSettings(
  config: Omit<z.output<typeof sharedSchema>, 'NURTURE_WEBHOOK_SECRET'>,
  publicUrl: string,
  world: { allowLoopbackWebhooks: boolean } = { allowLoopbackWebhooks: false },
): EngineSettings {
  return {
    businessName: config.NURTURE_BUSINESS_NAME,
    fromAddress: config.NURTURE_FROM,
    inboundDomain: config.NURTURE_INBOUND_DOMAIN,
    signingKey: config.NURTURE_SIGNING_KEY,
    publicUrl,
    webhookUrls: { allowLoopbackHttp: world.allowLoopbackWebhooks },
  };
}
