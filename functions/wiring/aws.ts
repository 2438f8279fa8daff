import { randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'hono';
import { getConnInfo } from 'hono/aws-lambda';
import { createEngine } from '../engine/create-engine';
import type { EngineDeps } from '../engine/deps';
import { jsonLogger } from '../engine/log';
import type { AppOptions } from '../http/create-app';
import { systemClock } from '../ports/clock/index';
import { RAW_MAIL_PREFIX, S3MailArchive } from '../ports/mail-archive/s3';
import { createPowertoolsMetrics } from '../ports/metrics/powertools';
import { SqsSendQueue } from '../ports/send-queue/sqs';
import { createDocumentClient, createDynamoStore } from '../ports/store/dynamodb/index';
import { eventBridgeScheduler } from './aws-sweep';
import { awsWebhooks } from './aws-webhooks';
import { type AwsConfig, engineSettings } from './config';
import type { EngineSecrets } from './secrets';

/**
 * The composition root on AWS: SDK clients built once per container, from a
 * config parsed once and the secrets read once. Handlers only pick what they
 * need from here (through wiring/aws-runtime.ts). The engine hands every
 * message to the send queue; only `send` (aws-delivery.ts) talks to SES and SNS.
 */
export function createAwsDeps(config: AwsConfig, secrets: EngineSecrets): EngineDeps {
  const clock = systemClock;
  const store = createDynamoStore(createDocumentClient(), config.NURTURE_TABLE, () => clock.now());
  const log = jsonLogger();
  const metrics = createPowertoolsMetrics();
  return createEngine({
    ...awsWebhooks(config, { store, log, metrics }),
    store,
    scheduler: eventBridgeScheduler(config),
    sendQueue: new SqsSendQueue(new SQSClient({}), { queueUrl: config.NURTURE_SEND_QUEUE_URL }),
    clock,
    templatesDir: config.NURTURE_TEMPLATES_DIR,
    settings: engineSettings(
      { ...config, NURTURE_SIGNING_KEY: secrets.signingKey },
      config.NURTURE_PUBLIC_URL,
    ),
    log,
    metrics,
    mailArchive: new S3MailArchive({ bucket: config.NURTURE_INBOUND_MAIL_BUCKET, prefix: RAW_MAIL_PREFIX }),
  });
}

/** The caller's address as API Gateway saw it (`requestContext.http.sourceIp`), not a header the caller wrote. */
export function sourceIpOf(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

export function awsAppOptions(secrets: EngineSecrets): AppOptions {
  return {
    apiKeyHashes: secrets.apiKeyHashes,
    webhookSecret: secrets.webhookSecret,
    newId: randomUUID,
    consolePasswordHashes: secrets.consolePasswordHashes,
    clientAddress: sourceIpOf,
  };
}

/** The sweep's own narrow dependencies: the alarm index and the scheduler, nothing that sends. */
