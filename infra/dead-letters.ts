import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * A dead-letter queue as every path in the stack wants one: SQS-managed
 * encryption (no key for AWS services to be granted), TLS only, and the
 * longest retention SQS allows, because a lost alarm or reply is worth
 * investigating days later.
 *
 * @example const dlq = createDeadLetterQueue(this, 'AlarmDeadLetters');
 */
export function createDeadLetterQueue(scope: Construct, id: string): sqs.Queue {
  return new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
}
