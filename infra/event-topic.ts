import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** An AWS service that publishes to our topics, with the confused-deputy conditions it sends. */
export interface TopicPublisher {
  /** e.g. `ses.amazonaws.com` */
  readonly service: string;
  /** `aws:SourceArn` pattern (ArnLike); omitted where the service's requests carry none we can rely on. */
  readonly sourceArn?: string;
}

/**
 * The customer managed key for the stack's topics. A CMK because the topics'
 * publishers are AWS services (SES event publishing, two-way SMS), and the
 * AWS managed `alias/aws/sns` key's policy cannot be edited to let a service
 * principal encrypt with it: their messages would be dropped.
 *
 * @example const key = createTopicKey(this, 'TopicKey', [{ service: 'ses.amazonaws.com' }]);
 */
export function createTopicKey(scope: Construct, id: string, publishers: TopicPublisher[]): kms.Key {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, id, {
    description: 'Encrypts the nurture engine topics (inbound SMS, alarms)',
    enableKeyRotation: true,
    // Only messages in flight are encrypted with it (SNS decrypts before
    // delivering, the dead-letter queues use SQS-managed keys), so nothing at
    // rest depends on the key once the topics are gone.
    removalPolicy: RemovalPolicy.DESTROY,
  });
  for (const publisher of publishers) {
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `EncryptFor${sidOf(publisher.service)}`,
        principals: [new iam.ServicePrincipal(publisher.service)],
        // What SNS needs from the publisher's side to encrypt a message: a data key, and Decrypt to reuse it.
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        // In a key policy `*` means this key.
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ...(publisher.sourceArn ? { ArnLike: { 'aws:SourceArn': publisher.sourceArn } } : {}),
        },
      }),
    );
  }
  return key;
}

export interface EventTopicProps {
  readonly masterKey: kms.IKey;
  readonly displayName: string;
}

/**
 * An encrypted, TLS-only topic whose Lambda subscribers each get a
 * dead-letter queue for deliveries SNS gives up on.
 *
 * @example new EventTopic(this, 'InboundSms', { masterKey, displayName: 'Two-way SMS' }).subscribe(fn, deadLetters);
 */
export class EventTopic extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: EventTopicProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: props.displayName,
      masterKey: props.masterKey,
      enforceSSL: true,
    });
  }

  /**
   * Subscribes `fn`. Messages SNS cannot hand to it (throttled past its
   * retries, function missing) go to `deadLetterQueue`, which CDK lets this
   * topic, and only this topic, write to.
   */
  subscribe(fn: lambda.IFunction, deadLetterQueue: sqs.IQueue): void {
    this.topic.addSubscription(new subscriptions.LambdaSubscription(fn, { deadLetterQueue }));
  }

  /** Lets an AWS service publish here on behalf of this account (and, given one, resources matching `sourceArn`). */
  allowPublishFrom(publisher: TopicPublisher): void {
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `PublishFrom${sidOf(publisher.service)}`,
        principals: [new iam.ServicePrincipal(publisher.service)],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ...(publisher.sourceArn ? { ArnLike: { 'aws:SourceArn': publisher.sourceArn } } : {}),
        },
      }),
    );
  }

  get topicArn(): string {
    return this.topic.topicArn;
  }
}

/** `sms-voice.amazonaws.com` -> `SmsVoice`, for statement ids. */
function sidOf(service: string): string {
  return service
    .replace(/\.amazonaws\.com$/, '')
    .split(/[^a-z0-9]+/i)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
