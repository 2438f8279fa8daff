import { ArnFormat, Duration, type Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { createDeadLetterQueue } from './dead-letters';
import type { EngineFunctions } from './engine-functions';
import { createTopicKey, EventTopic, type TopicPublisher } from './event-topic';
import { InboundMail } from './inbound-mail';
import { API_MEMORY_MB, type NurtureFunction } from './nurture-function';
import { alarmPublisher } from './observability';
import type { SendQueue } from './send-queue';

export interface RepliesProps {
  /** The domain SES receives replies on. */
  readonly inboundDomain: string;
  readonly functions: EngineFunctions;
  readonly sendQueue: SendQueue;
}

/**
 * The two reply paths that stop the chase. By email: SES receipt rule -> raw
 * MIME in S3 -> `inbound-email` (matches the routing token, stops the chase,
 * acknowledges, alerts the owner). By SMS: the phone number's two-way channel
 * -> an encrypted topic -> `inbound-sms`. Each function dead-letters what it
 * keeps failing on. The topic key is the stack's, shared with the alarm topic.
 *
 * Its resources belong to the stack itself (construct ids `InboundMail`,
 * `InboundEmail`, `TopicKey`, `InboundSmsTopic`, `InboundSms` and their
 * dead-letter queues), so their logical ids are those of the stack as first deployed.
 *
 * @example const replies = new Replies(this, { inboundDomain, functions, sendQueue });
 */
export class Replies {
  readonly inboundMail: InboundMail;
  readonly inboundEmail: NurtureFunction;
  readonly inboundEmailDeadLetters: sqs.Queue;
  readonly topicKey: kms.Key;
  readonly inboundSmsTopic: EventTopic;
  readonly inboundSms: NurtureFunction;
  readonly inboundSmsDeadLetters: sqs.Queue;

  constructor(stack: Stack, props: RepliesProps) {
    const { functions, sendQueue } = props;

    this.inboundMail = new InboundMail(stack, 'InboundMail', { domain: props.inboundDomain });
    this.inboundEmailDeadLetters = createDeadLetterQueue(stack, 'InboundEmailDeadLetters');
    this.inboundEmail = functions.add('InboundEmail', {
      entry: 'functions/handlers/inbound-email.ts',
      description: 'Reads a reply SES stored in S3: match, record, stop the chase, acknowledge',
      memorySize: API_MEMORY_MB,
      timeout: Duration.seconds(60),
      statements: [this.inboundMail.readStatement(), sendQueue.enqueueStatement()],
      // S3 invokes asynchronously; the raw mail stays in the bucket, the queue says which key to replay.
      deadLetterQueue: this.inboundEmailDeadLetters,
    });
    this.inboundMail.notify(this.inboundEmail.function);

    // Two-way SMS (AWS End User Messaging) publishes to our topic itself, so the key must name it.
    const twoWaySms: TopicPublisher = {
      service: 'sms-voice.amazonaws.com',
      // Any phone number or pool of this account and region.
      sourceArn: stack.formatArn({
        service: 'sms-voice',
        resource: '*',
        arnFormat: ArnFormat.NO_RESOURCE_NAME,
      }),
    };
    this.topicKey = createTopicKey(stack, 'TopicKey', [twoWaySms, alarmPublisher(stack)]);

    this.inboundSmsTopic = new EventTopic(stack, 'InboundSmsTopic', {
      masterKey: this.topicKey,
      displayName: 'Nurture two-way SMS',
    });
    this.inboundSmsTopic.allowPublishFrom(twoWaySms);
    this.inboundSmsDeadLetters = createDeadLetterQueue(stack, 'InboundSmsDeadLetters');
    this.inboundSms = functions.add('InboundSms', {
      entry: 'functions/handlers/inbound-sms.ts',
      description: 'Handles a customer text from two-way SMS: match, record, STOP/HELP, acknowledge',
      statements: [sendQueue.enqueueStatement()],
      // One queue per path for both failure points (SNS could not invoke, or the handler kept failing).
      deadLetterQueue: this.inboundSmsDeadLetters,
    });
    this.inboundSmsTopic.subscribe(this.inboundSms.function, this.inboundSmsDeadLetters);
  }
}
