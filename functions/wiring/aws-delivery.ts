import { SESClient } from '@aws-sdk/client-ses';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { jsonLogger } from '../engine/log';
import type { SendJobDeps } from '../engine/send/send-job';
import { systemClock } from '../ports/clock/index';
import { SesMailer } from '../ports/mailer/ses';
import { createPowertoolsMetrics } from '../ports/metrics/powertools';
import { SqsSendQueue } from '../ports/send-queue/sqs';
import { SnsSms } from '../ports/sms/sns';
import { DynamoCampaignRepo } from '../ports/store/dynamodb/campaigns';
import { createDocumentClient } from '../ports/store/dynamodb/client';
import { DynamoStatsRepo } from '../ports/store/dynamodb/stats';
import { DynamoTimelineRepo } from '../ports/store/dynamodb/timeline';
import { DynamoWebhookRepo } from '../ports/store/dynamodb/webhooks';
import { awsWebhooks } from './aws-webhooks';
import type { DeliveryConfig } from './config';

/**
 * The composition root of the `send` function: the providers (SES, SNS), the
 * repositories it records outcomes in, and the queue itself, to put a throttled job
 * back for later. Apart from the engine's root (aws.ts) on purpose: jobs
 * arrive rendered, so no templates, rules or planner load here.
 */
export function createAwsDelivery(config: DeliveryConfig): { deps: SendJobDeps; queue: SqsSendQueue } {
  const clock = systemClock;
  // Only the repositories a delivery writes to: the whole store would load the customer,
  // campaign and sequence code (and their schemas) into a function that never reads them.
  const db = createDocumentClient();
  const store = {
    campaigns: new DynamoCampaignRepo(db, config.NURTURE_TABLE),
    stats: new DynamoStatsRepo(db, config.NURTURE_TABLE),
    timeline: new DynamoTimelineRepo(db, config.NURTURE_TABLE),
    webhooks: new DynamoWebhookRepo(db, config.NURTURE_TABLE),
  };
  const log = jsonLogger();
  const metrics = createPowertoolsMetrics();
  return {
    deps: {
      store,
      mailer: new SesMailer(
        new SESClient({}),
        clock,
        config.NURTURE_SES_CONFIGURATION_SET
          ? { configurationSet: config.NURTURE_SES_CONFIGURATION_SET }
          : {},
      ),
      sms: new SnsSms(
        new SNSClient({}),
        config.NURTURE_SMS_ORIGINATION_NUMBER
          ? { originationNumber: config.NURTURE_SMS_ORIGINATION_NUMBER }
          : {},
      ),
      clock,
      log,
      metrics,
      webhooks: awsWebhooks(config, { store, log, metrics }).webhooks,
    },
    queue: new SqsSendQueue(new SQSClient({}), { queueUrl: config.NURTURE_SEND_QUEUE_URL }),
  };
}
