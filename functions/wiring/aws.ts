import { randomUUID } from 'node:crypto';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESClient } from '@aws-sdk/client-ses';
import { SNSClient } from '@aws-sdk/client-sns';
import { CampaignBook } from '../engine/campaign-book';
import type { EngineDeps } from '../engine/deps';
import { jsonLogger } from '../engine/log';
import { loadContent } from '../engine/rules';
import { TierBook } from '../engine/tiers';
import type { AppOptions } from '../http/create-app';
import { systemClock } from '../ports/clock/index';
import { SesMailer } from '../ports/mailer/ses';
import { EventBridgeScheduler } from '../ports/scheduler/eventbridge';
import { SnsSms } from '../ports/sms/sns';
import { createDocumentClient, createDynamoStore } from '../ports/store/dynamodb/index';
import { type AwsConfig, engineSettings } from './config';

/**
 * The composition root on AWS: SDK clients built once per container, from a
 * config parsed once. Handlers only pick what they need from here.
 */
export function createAwsDeps(config: AwsConfig): EngineDeps {
  const clock = systemClock;
  const store = createDynamoStore(createDocumentClient(), config.NURTURE_TABLE, () => clock.now());
  return {
    store,
    tiers: new TierBook(store, clock),
    campaignBook: new CampaignBook(store, clock),
    scheduler: new EventBridgeScheduler(
      new SchedulerClient({}),
      {
        groupName: config.NURTURE_SCHEDULE_GROUP,
        targetArn: config.NURTURE_FIRE_ARN,
        roleArn: config.NURTURE_SCHEDULER_ROLE_ARN,
        ...(config.NURTURE_SCHEDULER_DLQ_ARN ? { deadLetterArn: config.NURTURE_SCHEDULER_DLQ_ARN } : {}),
      },
      clock,
    ),
    mailer: new SesMailer(
      new SESClient({}),
      clock,
      config.NURTURE_SES_CONFIGURATION_SET ? { configurationSet: config.NURTURE_SES_CONFIGURATION_SET } : {},
    ),
    sms: new SnsSms(
      new SNSClient({}),
      config.NURTURE_SMS_ORIGINATION_NUMBER
        ? { originationNumber: config.NURTURE_SMS_ORIGINATION_NUMBER }
        : {},
    ),
    clock,
    ...loadContent(config.NURTURE_TEMPLATES_DIR),
    settings: engineSettings(config, config.NURTURE_PUBLIC_URL),
    log: jsonLogger(),
  };
}

export function awsAppOptions(config: AwsConfig): AppOptions {
  return {
    apiKeyHashes: config.NURTURE_API_KEY_SHA256.split(','),
    webhookSecret: config.NURTURE_WEBHOOK_SECRET,
    newId: randomUUID,
  };
}
