import { ArnFormat, CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { projectedAttributes, tableDesign } from '../functions/ports/store/dynamodb/table';
import { createDeadLetterQueue } from './dead-letters';
import { createEngineStatements, createSendStatements, TABLE_ACTIONS } from './engine-grants';
import { createTopicKey, EventTopic } from './event-topic';
import { InboundMail } from './inbound-mail';
import { acknowledgeNagFindings } from './nag-acknowledgements';
import { API_MEMORY_MB, NurtureFunction, type NurtureFunctionProps } from './nurture-function';
import { alarmPublisher, Observability } from './observability';
import { RecoverySweep } from './recovery-sweep';
import { SEND_TIMEOUT, SendQueue, type SendRateProps } from './send-queue';

/** The console's sign-in, throttled on its own (a few password guesses a second at most). */
export const CONSOLE_SIGN_IN_PATH = '/console/api/session';
export const CONSOLE_SIGN_IN_THROTTLE = { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 10 } as const;
export { TABLE_ACTIONS } from './engine-grants';

export interface NurtureStackProps extends StackProps, SendRateProps {
  /** The From header of every email, e.g. `Acme <hello@acme.example>`; its identity must be verified in SES. */
  readonly sendingAddress: string;
  /** The domain SES receives replies on; reply-to routing addresses are minted under it. */
  readonly inboundDomain: string;
  /** The public base URL for links (unsubscribe, tracking); defaults to the HTTP API's own endpoint. */
  readonly publicUrl?: string;
  /**
   * The origin (`https://console.acme.example`) a browser console calls the API
   * from, allowed by CORS. A console served by the API itself is same-origin
   * and needs none; without this, the origin of `publicUrl` is allowed.
   */
  readonly consoleOrigin?: string;
  /** Where CloudWatch alarms are emailed (an SNS email subscription, confirmed by its recipient). */
  readonly alarmEmail?: string;
  /**
   * The SMS origination identity (an E.164 number, a sender ID or its ARN in
   * End User Messaging SMS) texts go out from; without it SNS picks one.
   */
  readonly smsOriginationNumber?: string;
}

/** The domain of the address in `Name <local@domain>` or `local@domain`. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return address
    .slice(at + 1)
    .replace(/>.*$/, '')
    .trim()
    .toLowerCase();
}

/** Every field of one HTTP API access log line: who called what, and how it went. Never bodies or headers. */
export const ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
} as const;

/**
 * The SES events the `delivery-events` function maps to suppressions and the
 * timeline. Not `Send`: the engine records its own sends, and each event is a
 * publish and an invocation paid for every email.
 */
export const DELIVERY_EVENT_TYPES = [
  ses.EmailSendingEvent.DELIVERY,
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.OPEN,
  ses.EmailSendingEvent.CLICK,
  ses.EmailSendingEvent.RENDERING_FAILURE,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.DELIVERY_DELAY,
] as const;

/**
 * Everything the nurture engine needs on AWS: the single table, one alarm per
 * customer in an EventBridge Scheduler group, the HTTP API in front of `api`,
 * `fire`, the send queue drained by `send` (the only function that talks to
 * SES and SNS), and the reply and deliverability paths: SES receipt rule ->
 * S3 -> `inbound-email`, two-way SMS topic -> `inbound-sms`, SES configuration
 * set events -> `delivery-events`.
 */
export class NurtureStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly api: NurtureFunction;
  readonly fire: NurtureFunction;
  readonly send: NurtureFunction;
  readonly sendQueue: SendQueue;
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

  constructor(scope: Construct, id: string, props: NurtureStackProps) {
    super(scope, id, props);
    // The runtime would only reject these at cold start, after a deploy that looked fine.
    if (!props.sendingAddress.includes('@')) {
      throw new Error(`sendingAddress must contain an email address, got "${props.sendingAddress}"`);
    }
    if (props.publicUrl !== undefined && !URL.canParse(props.publicUrl)) {
      throw new Error(`publicUrl must be an absolute URL, got "${props.publicUrl}"`);
    }
    if (props.consoleOrigin !== undefined && originOf(props.consoleOrigin) !== props.consoleOrigin) {
      throw new Error(
        `consoleOrigin must be an origin like https://console.example.com, got "${props.consoleOrigin}"`,
      );
    }
    if (props.alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+$/.test(props.alarmEmail)) {
      throw new Error(`alarmEmail must be an email address, got "${props.alarmEmail}"`);
    }
    // The API's own endpoint cannot appear in its own CORS settings (CloudFormation
    // rejects the self-reference), and a console it serves is same-origin anyway.
    const consoleOrigin = props.consoleOrigin ?? (props.publicUrl ? originOf(props.publicUrl) : undefined);

    // The engine's keys live in one Secrets Manager secret, read once per container:
    // never in the template or in the functions' environment. Secrets Manager
    // generates the signing key; the operator puts the webhook secret and the API
    // key hashes in (README, "Secrets"). Retained: the signing key signs the
    // unsubscribe links in every email already sent.
    this.secret = new secretsmanager.Secret(this, 'Secrets', {
      description:
        'Nurture engine keys (JSON): signingKey (generated), webhookSecret and apiKeySha256 (set by the operator)',
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'signingKey',
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: tableDesign.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: tableDesign.sortKey, type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: tableDesign.ttlAttribute,
      // Customer files are the product: recoverable to the second, and never deleted with the stack.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // From the runtime's own table design, so the two cannot drift apart.
      globalSecondaryIndexes: tableDesign.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        ...(projectedAttributes(index).length
          ? {
              projectionType: dynamodb.ProjectionType.INCLUDE,
              nonKeyAttributes: [...projectedAttributes(index)],
            }
          : { projectionType: dynamodb.ProjectionType.KEYS_ONLY }),
      })),
    });

    // Named, so the runtime and the IAM scoping can refer to it before it exists.
    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'Alarms', {
      scheduleGroupName: `${this.stackName}-alarms`,
      // Alarms only point at this stack's fire function; the retained table is what they are re-armed from.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const scheduleGroupName = this.scheduleGroup.scheduleGroupName;

    this.schedulerDlq = createDeadLetterQueue(this, 'AlarmDeadLetters');

    // The fire function's ARN is built from a fixed name: its own environment
    // carries it (alarms re-arm themselves), and a GetAtt there would be circular.
    const fireFunctionName = `${this.stackName}-fire`;
    const fireArn = this.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: fireFunctionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    this.schedulerRole = new iam.Role(this, 'SchedulerRole', {
      description:
        'Assumed by EventBridge Scheduler to ring customer alarms (invoke fire, dead-letter failures).',
      // Confused-deputy guard: only schedules of this account, in this group, may use the role.
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': this.account },
        ArnLike: { 'aws:SourceArn': this.scheduleGroup.scheduleGroupArn },
      }),
    });

    // Every email the engine sends names this set, so SES reports its fate (below, to delivery-events).
    this.configurationSet = new ses.ConfigurationSet(this, 'Deliverability', { reputationMetrics: true });
    const configurationSetName = this.configurationSet.configurationSetName;

    // The sending domain, signed with Easy DKIM (2048-bit); its CNAMEs are outputs to publish.
    // SES verifies it once they resolve. The inbound domain needs its own only when it is
    // not the sending domain or under it.
    const sendingDomain = domainOf(props.sendingAddress);
    this.sendingIdentity = new ses.EmailIdentity(this, 'SendingIdentity', {
      identity: ses.Identity.domain(sendingDomain),
      configurationSet: this.configurationSet,
      dkimSigning: true,
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
    });
    const inboundDomain = props.inboundDomain.toLowerCase();
    if (inboundDomain !== sendingDomain && !inboundDomain.endsWith(`.${sendingDomain}`)) {
      new ses.EmailIdentity(this, 'InboundIdentity', { identity: ses.Identity.domain(inboundDomain) });
    }

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Nurture engine: customers, deals, templates, previews and webhooks.',
      // The default stage is declared below, with throttling the implicit one cannot take.
      createDefaultStage: false,
      ...(consoleOrigin
        ? {
            corsPreflight: {
              allowOrigins: [consoleOrigin],
              allowMethods: [
                apigw.CorsHttpMethod.GET,
                apigw.CorsHttpMethod.POST,
                apigw.CorsHttpMethod.PUT,
                apigw.CorsHttpMethod.PATCH,
                apigw.CorsHttpMethod.DELETE,
              ],
              allowHeaders: ['authorization', 'content-type'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });

    // Between deciding and sending: fire, api and inbound enqueue, `send` drains at the account's rate.
    this.sendQueue = new SendQueue(this, 'SendQueue', props);

    const environment: Record<string, string> = {
      NURTURE_TABLE: this.table.tableName,
      NURTURE_FROM: props.sendingAddress,
      NURTURE_INBOUND_DOMAIN: props.inboundDomain,
      NURTURE_SECRET_ARN: this.secret.secretArn,
      NURTURE_SCHEDULE_GROUP: scheduleGroupName,
      NURTURE_FIRE_ARN: fireArn,
      NURTURE_SCHEDULER_ROLE_ARN: this.schedulerRole.roleArn,
      NURTURE_SCHEDULER_DLQ_ARN: this.schedulerDlq.queueArn,
      NURTURE_SES_CONFIGURATION_SET: configurationSetName,
      NURTURE_PUBLIC_URL: props.publicUrl ?? this.httpApi.apiEndpoint,
      NURTURE_SEND_QUEUE_URL: this.sendQueue.queue.queueUrl,
    };

    const engineResources = {
      scheduleGroupName,
      schedulerRole: this.schedulerRole,
      secretArn: this.secret.secretArn,
    };
    // Every function runs the engine: the same environment and item-level table
    // access for all. The engine's functions arm alarms and read the secret;
    // `send` alone sends.
    const engineFunction = (
      id: string,
      fnProps: NurtureFunctionProps,
      part: 'engine' | 'send' = 'engine',
    ) => {
      const fn = new NurtureFunction(this, id, {
        ...fnProps,
        environment: { ...environment, ...fnProps.environment },
        statements: [
          ...(part === 'send'
            ? createSendStatements(this, configurationSetName)
            : createEngineStatements(this, engineResources)),
          ...(fnProps.statements ?? []),
        ],
      });
      this.table.grant(fn, ...TABLE_ACTIONS);
      return fn;
    };

    this.api = engineFunction('Api', {
      entry: 'functions/handlers/api.ts',
      description: 'Nurture HTTP API (Hono)',
      memorySize: API_MEMORY_MB,
      // Below API Gateway's 30 s integration limit, so a slow request ends in our logs, not a bare 503.
      timeout: Duration.seconds(25),
      statements: [this.sendQueue.enqueueStatement()],
      staticAssets: true,
    });

    this.fire = engineFunction('Fire', {
      entry: 'functions/handlers/fire.ts',
      description: "Rings one customer's alarm: decide, enqueue, re-arm",
      functionName: fireFunctionName,
      timeout: Duration.seconds(60),
      statements: [this.sendQueue.enqueueStatement()],
    });

    this.send = engineFunction(
      'Send',
      {
        entry: 'functions/handlers/send.ts',
        description: 'Drains the send queue: SES and SNS at the account rate, once per message',
        timeout: SEND_TIMEOUT,
        environment: {
          ...this.sendQueue.sendEnvironment(),
          ...(props.smsOriginationNumber
            ? { NURTURE_SMS_ORIGINATION_NUMBER: props.smsOriginationNumber }
            : {}),
        },
        ...(this.sendQueue.reservedConcurrency
          ? { reservedConcurrency: this.sendQueue.reservedConcurrency }
          : {}),
      },
      'send',
    );
    this.sendQueue.drainWith(this.send);

    // Replies by email: SES receipt rule -> raw MIME in S3 -> inbound-email
    // (matches the routing token, stops the chase, acknowledges, alerts the owner).
    this.inboundMail = new InboundMail(this, 'InboundMail', { domain: props.inboundDomain });
    const inboundEmailDlq = createDeadLetterQueue(this, 'InboundEmailDeadLetters');
    this.inboundEmail = engineFunction('InboundEmail', {
      entry: 'functions/handlers/inbound-email.ts',
      description: 'Reads a reply SES stored in S3: match, record, stop the chase, acknowledge',
      memorySize: API_MEMORY_MB,
      timeout: Duration.seconds(60),
      statements: [this.inboundMail.readStatement(), this.sendQueue.enqueueStatement()],
      // S3 invokes asynchronously; the raw mail stays in the bucket, the queue says which key to replay.
      deadLetterQueue: inboundEmailDlq,
    });
    this.inboundMail.notify(this.inboundEmail.function);

    // Two-way SMS (AWS End User Messaging) publishes to our topic itself, so the key must name it.
    const twoWaySms = {
      service: 'sms-voice.amazonaws.com',
      // Any phone number or pool of this account and region.
      sourceArn: this.formatArn({
        service: 'sms-voice',
        resource: '*',
        arnFormat: ArnFormat.NO_RESOURCE_NAME,
      }),
    };
    const topicKey = createTopicKey(this, 'TopicKey', [twoWaySms, alarmPublisher(this)]);

    // Replies by SMS: the phone number's two-way channel -> this topic -> inbound-sms.
    this.inboundSmsTopic = new EventTopic(this, 'InboundSmsTopic', {
      masterKey: topicKey,
      displayName: 'Nurture two-way SMS',
    });
    this.inboundSmsTopic.allowPublishFrom(twoWaySms);
    const inboundSmsDlq = createDeadLetterQueue(this, 'InboundSmsDeadLetters');
    this.inboundSms = engineFunction('InboundSms', {
      entry: 'functions/handlers/inbound-sms.ts',
      description: 'Handles a customer text from two-way SMS: match, record, STOP/HELP, acknowledge',
      statements: [this.sendQueue.enqueueStatement()],
      // One queue per path for both failure points (SNS could not invoke, or the handler kept failing).
      deadLetterQueue: inboundSmsDlq,
    });
    this.inboundSmsTopic.subscribe(this.inboundSms.function, inboundSmsDlq);

    // Deliverability: every event of the configuration set -> the account's default event bus
    // -> delivery-events (suppressions, timeline). AWS services' events on the default bus, and
    // a rule invoking a function, cost nothing: SNS would charge a publish per email event.
    this.configurationSet.addEventDestination('ToDeliveryEvents', {
      destination: ses.EventDestination.eventBus(
        events.EventBus.fromEventBusName(this, 'DefaultBus', 'default'),
      ),
      events: [...DELIVERY_EVENT_TYPES],
    });
    const deliveryEventsDlq = createDeadLetterQueue(this, 'DeliveryEventsDeadLetters');
    this.deliveryEvents = engineFunction('DeliveryEvents', {
      entry: 'functions/handlers/delivery-events.ts',
      description: 'Maps SES delivery events to suppressions and the timeline',
      deadLetterQueue: deliveryEventsDlq,
    });
    this.deliveryEventsRule = new events.Rule(this, 'DeliveryEventsRule', {
      description: "This stack's SES configuration set events, to delivery-events",
      eventPattern: {
        source: ['aws.ses'],
        detail: { mail: { tags: { 'ses:configuration-set': [configurationSetName] } } },
      },
      targets: [
        new eventTargets.LambdaFunction(this.deliveryEvents.function, {
          // Retried for a day, then kept with its reason in the dead-letter queue.
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
          deadLetterQueue: deliveryEventsDlq,
        }),
      ],
    });

    // Recovery: every 15 minutes the sweep re-arms alarms that should have rung.
    this.recovery = new RecoverySweep(this, 'Recovery', {
      table: this.table,
      scheduleGroupName,
      fireArn,
      schedulerRole: this.schedulerRole,
      schedulerDlq: this.schedulerDlq,
    });
    this.sweep = this.recovery.function;

    // The scheduler role can ring the fire function and dead-letter, nothing else.
    this.schedulerRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RingAlarm',
        actions: ['lambda:InvokeFunction'],
        resources: [this.fire.functionArn],
      }),
    );
    this.schedulerRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'DeadLetter',
        actions: ['sqs:SendMessage'],
        resources: [this.schedulerDlq.queueArn],
      }),
    );

    // `$default` catches every method and path: Hono does the routing, API Gateway only fronts it.
    const apiIntegration = new HttpLambdaIntegration('ApiIntegration', this.api.function);
    new apigw.HttpRoute(this, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: apiIntegration,
    });
    // The console's sign-in has a route of its own only so that it can be throttled on its own:
    // guessing the console password is held to a few tries a second for everyone together.
    new apigw.HttpRoute(this, 'ConsoleSignInRoute', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.with(CONSOLE_SIGN_IN_PATH, apigw.HttpMethod.POST),
      integration: apiIntegration,
    });
    this.accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      // Caller IPs are personal data: kept long enough to investigate abuse, no longer.
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const defaultStage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // A ceiling against runaway callers; the backend posts in small bursts.
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FORMAT)),
      },
    });
    (defaultStage.node.defaultChild as apigw.CfnStage).addPropertyOverride('RouteSettings', {
      [`POST ${CONSOLE_SIGN_IN_PATH}`]: CONSOLE_SIGN_IN_THROTTLE,
    });

    this.observability = new Observability(this, 'Observability', {
      functions: {
        Api: this.api,
        Fire: this.fire,
        Send: this.send,
        InboundEmail: this.inboundEmail,
        InboundSms: this.inboundSms,
        DeliveryEvents: this.deliveryEvents,
        Sweep: this.sweep,
      },
      deadLetterQueues: {
        Alarm: this.schedulerDlq,
        Send: this.sendQueue.deadLetterQueue,
        InboundEmail: inboundEmailDlq,
        InboundSms: inboundSmsDlq,
        DeliveryEvents: deliveryEventsDlq,
        Sweep: this.recovery.deadLetters,
      },
      backlogs: { Send: this.sendQueue.queue },
      httpApi: this.httpApi,
      topicKey,
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });

    acknowledgeNagFindings(this);

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint, description: 'HTTP API endpoint' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'ScheduleGroupName', { value: scheduleGroupName });
    new CfnOutput(this, 'AlarmDeadLetterQueueUrl', { value: this.schedulerDlq.queueUrl });
    new CfnOutput(this, 'SendQueueArn', { value: this.sendQueue.queue.queueArn });
    new CfnOutput(this, 'SendDeadLetterQueueArn', {
      value: this.sendQueue.deadLetterQueue.queueArn,
      description: 'Sends that kept failing; redrive them to SendQueueArn (aws sqs start-message-move-task)',
    });
    new CfnOutput(this, 'InboundSmsTopicArn', {
      value: this.inboundSmsTopic.topicArn,
      description: "Point the phone number's two-way SMS channel at this topic",
    });
    new CfnOutput(this, 'SesConfigurationSetName', { value: configurationSetName });
    for (const [i, record] of this.sendingIdentity.dkimRecords.entries()) {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        value: Fn.join(' ', [record.name, 'CNAME', record.value]),
        description: `DKIM record ${i + 1} of 3 to publish for ${sendingDomain}`,
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
  }
}

/** `https://x.example/path` -> `https://x.example`; undefined for anything that is not an http(s) URL. */
function originOf(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return /^https?:$/.test(parsed.protocol) ? parsed.origin : undefined;
}
