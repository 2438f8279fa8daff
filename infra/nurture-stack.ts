import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { CustomerAlarms } from './customer-alarms';
import { Deliverability } from './deliverability';
import { createEngineSecret, createEngineTable } from './engine-data';
import { EngineFunctions } from './engine-functions';
import type { EventTopic } from './event-topic';
import { FirstAdmin } from './first-admin';
import { giveHelpersLogGroups } from './helper-logs';
import { HttpApiFront } from './http-api';
import type { InboundMail } from './inbound-mail';
import { acknowledgeNagFindings } from './nag-acknowledgements';
import type { NurtureFunction } from './nurture-function';
import { Observability } from './observability';
import { RecoverySweep } from './recovery-sweep';
import { Replies } from './replies';
import { SendQueue } from './send-queue';
import { businessNameOf, checkStackProps, corsOriginOf, type NurtureStackProps } from './stack-props';
import { WebhookQueue } from './webhook-queue';

export { TABLE_ACTIONS } from './engine-grants';
export type { NurtureStackProps } from './stack-props';

/**
 * Everything the nurture engine needs on AWS: the single table, one alarm per
 * customer in an EventBridge Scheduler group, the HTTP API in front of `api`,
 * `fire`, the send queue drained by `send` (the only function that talks to
 * SES and SNS), and the reply and deliverability paths: SES receipt rule ->
 * S3 -> `inbound-email`, two-way SMS topic -> `inbound-sms`, SES configuration
 * set events -> `delivery-events`.
 *
 * The parts it is composed of add their resources to the stack itself, under
 * the construct ids they always had: every logical id stays that of the stack
 * as first deployed, so a refactor never replaces the retained table, secret
 * or bucket.
 */
export class NurtureStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly api: NurtureFunction;
  readonly fire: NurtureFunction;
  readonly send: NurtureFunction;
  readonly sendQueue: SendQueue;
  readonly webhookQueue: WebhookQueue;
  readonly webhooks: NurtureFunction;
  readonly httpApi: apigw.HttpApi;
  readonly scheduleGroup: scheduler.ScheduleGroup;
  readonly schedulerRole: iam.Role;
  readonly schedulerDlq: sqs.Queue;
  readonly inboundEmail: NurtureFunction;
  readonly inboundSms: NurtureFunction;
  readonly deliveryEvents: NurtureFunction;
  readonly inboundMail: InboundMail;
  readonly inboundSmsTopic: EventTopic;
  readonly deliveryEventsRule: events.Rule;
  readonly configurationSet: ses.ConfigurationSet;
  readonly sendingIdentity: ses.EmailIdentity;
  readonly accessLogs: logs.LogGroup;
  readonly observability: Observability;
  readonly secret: secretsmanager.Secret;
  readonly recovery: RecoverySweep;
  readonly sweep: NurtureFunction;
  /** Present when the stack has an `adminEmail`. */
  readonly firstAdmin?: FirstAdmin;

  constructor(scope: Construct, id: string, props: NurtureStackProps) {
    super(scope, id, props);
    checkStackProps(props);

    this.secret = createEngineSecret(this);
    this.table = createEngineTable(this);

    const alarms = new CustomerAlarms(this);
    this.scheduleGroup = alarms.group;
    this.schedulerDlq = alarms.deadLetters;
    this.schedulerRole = alarms.role;

    // Every email the engine sends names the configuration set, so SES reports its fate (to delivery-events).
    const sending = new Deliverability(this, props);
    this.configurationSet = sending.configurationSet;
    this.sendingIdentity = sending.sendingIdentity;

    const front = new HttpApiFront(this, corsOriginOf(props));
    this.httpApi = front.httpApi;

    // Between deciding and sending: fire, api and inbound enqueue, `send` drains at the account's rate.
    this.sendQueue = new SendQueue(this, 'SendQueue', props);
    // Between the engine and integrators' endpoints: everything emits, `webhooks` delivers.
    this.webhookQueue = new WebhookQueue(this, 'WebhookQueue');

    const functions = new EngineFunctions(this, {
      table: this.table,
      secretArn: this.secret.secretArn,
      alarms,
      sendQueue: this.sendQueue,
      webhookQueue: this.webhookQueue,
      configurationSetName: sending.configurationSetName,
      sendingAddress: props.sendingAddress,
      businessName: businessNameOf(props),
      inboundDomain: props.inboundDomain,
      publicUrl: props.publicUrl ?? this.httpApi.apiEndpoint,
      ...(props.smsOriginationNumber ? { smsOriginationNumber: props.smsOriginationNumber } : {}),
    });
    this.api = functions.api;
    this.fire = functions.fire;
    this.send = functions.send;
    this.webhooks = functions.webhooks;

    const replies = new Replies(this, {
      inboundDomain: props.inboundDomain,
      functions,
      sendQueue: this.sendQueue,
    });
    this.inboundMail = replies.inboundMail;
    this.inboundEmail = replies.inboundEmail;
    this.inboundSmsTopic = replies.inboundSmsTopic;
    this.inboundSms = replies.inboundSms;
    // An erasure (in api) deletes the customer's raw mail; every engine function parses the same config.
    functions.shareEnvironment('NURTURE_INBOUND_MAIL_BUCKET', this.inboundMail.bucket.bucketName);
    this.api.function.addToRolePolicy(this.inboundMail.deleteStatement());

    const deliveryEvents = sending.deliverEventsTo(functions);
    this.deliveryEvents = deliveryEvents.function;
    this.deliveryEventsRule = deliveryEvents.rule;

    // Recovery: every 15 minutes the sweep re-arms alarms that should have rung.
    this.recovery = new RecoverySweep(this, 'Recovery', {
      table: this.table,
      scheduleGroupName: alarms.groupName,
      fireArn: alarms.fireArn,
      schedulerRole: this.schedulerRole,
      schedulerDlq: this.schedulerDlq,
    });
    this.sweep = this.recovery.function;

    alarms.allowRinging(this.fire);

    if (props.adminEmail) {
      this.firstAdmin = new FirstAdmin(this, {
        table: this.table,
        adminEmail: props.adminEmail,
        sendingAddress: props.sendingAddress,
        businessName: businessNameOf(props),
        publicUrl: props.publicUrl ?? this.httpApi.apiEndpoint,
      });
    }

    const routes = front.route(this.api);
    this.accessLogs = routes.accessLogs;

    this.observability = new Observability(this, 'Observability', {
      functions: {
        Api: this.api,
        Fire: this.fire,
        Send: this.send,
        InboundEmail: this.inboundEmail,
        InboundSms: this.inboundSms,
        DeliveryEvents: this.deliveryEvents,
        Sweep: this.sweep,
        ...(this.firstAdmin ? { FirstAdmin: this.firstAdmin.function } : {}),
        Webhooks: this.webhooks,
      },
      deadLetterQueues: {
        Alarm: this.schedulerDlq,
        Send: this.sendQueue.deadLetterQueue,
        InboundEmail: replies.inboundEmailDeadLetters,
        InboundSms: replies.inboundSmsDeadLetters,
        DeliveryEvents: deliveryEvents.deadLetters,
        Sweep: this.recovery.deadLetters,
        Webhooks: this.webhookQueue.deadLetterQueue,
      },
      scheduleGroups: { Alarm: this.scheduleGroup, Sweep: this.recovery.scheduleGroup },
      backlogs: { Send: this.sendQueue.queue },
      httpApi: this.httpApi,
      topicKey: replies.topicKey,
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });

    // CDK's deploy-time helpers log with a retention too, and go with the stack.
    giveHelpersLogGroups(this);

    acknowledgeNagFindings(this, {
      table: this.table,
      secret: this.secret,
      schedulerDlq: this.schedulerDlq,
      inboundMail: this.inboundMail,
      defaultRoute: routes.defaultRoute,
      api: this.api,
      fire: this.fire,
      inboundEmail: this.inboundEmail,
      inboundSms: this.inboundSms,
      deliveryEvents: this.deliveryEvents,
      send: this.send,
      sweep: this.sweep,
      ...(this.firstAdmin ? { firstAdmin: this.firstAdmin.function } : {}),
      webhooks: this.webhooks,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint, description: 'HTTP API endpoint' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'ScheduleGroupName', { value: alarms.groupName });
    new CfnOutput(this, 'AlarmDeadLetterQueueUrl', { value: this.schedulerDlq.queueUrl });
    new CfnOutput(this, 'SendQueueArn', { value: this.sendQueue.queue.queueArn });
    new CfnOutput(this, 'SendDeadLetterQueueArn', {
      value: this.sendQueue.deadLetterQueue.queueArn,
      description: 'Sends that kept failing; redrive them to SendQueueArn (aws sqs start-message-move-task)',
    });
    new CfnOutput(this, 'WebhookDeadLetterQueueArn', {
      value: this.webhookQueue.deadLetterQueue.queueArn,
      description:
        'Webhook jobs whose consumer kept failing (not a receiver: those are in each endpoint’s dead letters)',
    });
    new CfnOutput(this, 'InboundSmsTopicArn', {
      value: this.inboundSmsTopic.topicArn,
      description: "Point the phone number's two-way SMS channel at this topic",
    });
    new CfnOutput(this, 'SesConfigurationSetName', { value: sending.configurationSetName });
    for (const [i, record] of this.sendingIdentity.dkimRecords.entries()) {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        value: Fn.join(' ', [record.name, 'CNAME', record.value]),
        description: `DKIM record ${i + 1} of 3 to publish for ${sending.sendingDomain}`,
      });
    }
    new CfnOutput(this, 'InboundMailBucketName', { value: this.inboundMail.bucket.bucketName });
    new CfnOutput(this, 'ReceiptRuleSetName', { value: this.inboundMail.ruleSet.receiptRuleSetName });
    new CfnOutput(this, 'SecretArn', {
      value: this.secret.secretArn,
      description:
        'Put webhookSecret and apiKeySha256 in this secret after the first deploy (README, Secrets)',
    });
    new CfnOutput(this, 'SweepFunctionName', { value: this.sweep.functionName });
    new CfnOutput(this, 'SweepDeadLetterQueueUrl', { value: this.recovery.deadLetters.queueUrl });
    if (this.firstAdmin) {
      new CfnOutput(this, 'FirstAdminFunctionName', {
        value: this.firstAdmin.function.functionName,
        description: 'Invoke it (aws lambda invoke) to email the first admin a fresh setup link',
      });
    }
  }
}
