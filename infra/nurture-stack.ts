import {
  ArnFormat,
  CfnOutput,
  CfnParameter,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { tableDesign } from '../functions/ports/store/dynamodb/table';
import { NurtureFunction } from './nurture-function';

/**
 * The item-level DynamoDB actions the engine may use: what the store issues
 * (Get/Put/Update/Delete/Query) plus the batch and transaction forms of the
 * same. No Scan, by the house rule, and no stream or control-plane actions
 * (grantReadWriteData would add Scan, DescribeTable and stream reads).
 */
export const TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

export interface NurtureStackProps extends StackProps {
  /** The From header of every email, e.g. `Acme <hello@acme.example>`; its identity must be verified in SES. */
  readonly sendingAddress: string;
  /** The domain SES receives replies on; reply-to routing addresses are minted under it. */
  readonly inboundDomain: string;
  /** The public base URL for links (unsubscribe, tracking); defaults to the HTTP API's own endpoint. */
  readonly publicUrl?: string;
}

/**
 * Everything the nurture engine needs on AWS: the single table, one alarm per
 * customer in an EventBridge Scheduler group, the `api` and `fire` functions
 * and the HTTP API in front of `api`.
 */
export class NurtureStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly api: NurtureFunction;
  readonly fire: NurtureFunction;
  readonly httpApi: apigw.HttpApi;
  readonly scheduleGroup: scheduler.ScheduleGroup;
  readonly schedulerRole: iam.Role;
  readonly schedulerDlq: sqs.Queue;

  constructor(scope: Construct, id: string, props: NurtureStackProps) {
    super(scope, id, props);
    // The runtime would only reject these at cold start, after a deploy that looked fine.
    if (!props.sendingAddress.includes('@')) {
      throw new Error(`sendingAddress must contain an email address, got "${props.sendingAddress}"`);
    }
    if (props.publicUrl !== undefined && !URL.canParse(props.publicUrl)) {
      throw new Error(`publicUrl must be an absolute URL, got "${props.publicUrl}"`);
    }

    // Secrets arrive as NoEcho stack parameters. NoEcho keeps them out of the
    // console and the template, but they remain readable in the functions'
    // environment to anyone allowed lambda:GetFunctionConfiguration.
    const webhookSecret = new CfnParameter(this, 'WebhookSecret', {
      type: 'String',
      noEcho: true,
      allowedPattern: '^whsec_.+$',
      description:
        'Standard Webhooks secret (whsec_<base64>) the backend signs customer and deal posts with.',
    });
    const signingKey = new CfnParameter(this, 'SigningKey', {
      type: 'String',
      noEcho: true,
      minLength: 16,
      description: 'Key that signs unsubscribe and tracking tokens (at least 16 characters).',
    });
    const apiKeySha256 = new CfnParameter(this, 'ApiKeySha256', {
      type: 'String',
      noEcho: true,
      allowedPattern: '^[0-9a-f]{64}(,[0-9a-f]{64})*$',
      description:
        'Comma-separated SHA-256 hex digests of the API keys (the keys themselves never leave the caller).',
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
        projectionType: dynamodb.ProjectionType.KEYS_ONLY,
      })),
    });

    // Named, so the runtime and the IAM scoping can refer to it before it exists.
    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'Alarms', {
      scheduleGroupName: `${this.stackName}-alarms`,
      // Alarms only point at this stack's fire function; the retained table is what they are re-armed from.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const scheduleGroupName = this.scheduleGroup.scheduleGroupName;

    this.schedulerDlq = new sqs.Queue(this, 'AlarmDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: a missed alarm is worth investigating days later.
      retentionPeriod: Duration.days(14),
    });

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

    const environment: Record<string, string> = {
      NURTURE_TABLE: this.table.tableName,
      NURTURE_FROM: props.sendingAddress,
      NURTURE_INBOUND_DOMAIN: props.inboundDomain,
      NURTURE_WEBHOOK_SECRET: webhookSecret.valueAsString,
      NURTURE_SIGNING_KEY: signingKey.valueAsString,
      NURTURE_API_KEY_SHA256: apiKeySha256.valueAsString,
      NURTURE_SCHEDULE_GROUP: scheduleGroupName,
      NURTURE_FIRE_ARN: fireArn,
      NURTURE_SCHEDULER_ROLE_ARN: this.schedulerRole.roleArn,
      NURTURE_SCHEDULER_DLQ_ARN: this.schedulerDlq.queueArn,
    };

    // Both functions run the engine (plan, arm, send), so both get the same grants.
    const engineStatements = (): iam.PolicyStatement[] => [
      new iam.PolicyStatement({
        sid: 'SendEmail',
        actions: ['ses:SendRawEmail'],
        // Any verified identity of this account and region: the From domain is
        // deploy-time config, and in the SES sandbox the verified recipients
        // are authorised as identities too.
        resources: [this.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
      }),
      new iam.PolicyStatement({
        sid: 'SendSms',
        actions: ['sns:Publish'],
        // SMS goes straight to a phone number, which has no ARN: SNS only
        // accepts `*` for it. Topics are not used, so nothing else is reachable.
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'ArmAlarms',
        actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
        resources: [
          this.formatArn({
            service: 'scheduler',
            resource: 'schedule',
            resourceName: `${scheduleGroupName}/*`,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ],
      }),
      new iam.PolicyStatement({
        sid: 'HandAlarmsTheSchedulerRole',
        actions: ['iam:PassRole'],
        resources: [this.schedulerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    ];

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Nurture engine: customers, deals, templates, previews and webhooks.',
      // The default stage is declared below, with throttling the implicit one cannot take.
      createDefaultStage: false,
    });
    const publicUrl = props.publicUrl ?? this.httpApi.apiEndpoint;

    this.api = new NurtureFunction(this, 'Api', {
      entry: 'functions/handlers/api.ts',
      description: 'Nurture HTTP API (Hono)',
      // Below API Gateway's 30 s integration limit, so a slow request ends in our logs, not a bare 503.
      timeout: Duration.seconds(25),
      environment: { ...environment, NURTURE_PUBLIC_URL: publicUrl },
      statements: engineStatements(),
    });

    this.fire = new NurtureFunction(this, 'Fire', {
      entry: 'functions/handlers/fire.ts',
      description: "Rings one customer's alarm: decide, send, re-arm",
      functionName: fireFunctionName,
      timeout: Duration.seconds(60),
      environment: { ...environment, NURTURE_PUBLIC_URL: publicUrl },
      statements: engineStatements(),
    });

    for (const fn of [this.api, this.fire]) this.table.grant(fn, ...TABLE_ACTIONS);

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
    new apigw.HttpRoute(this, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('ApiIntegration', this.api.function),
    });
    this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // A ceiling against runaway callers; the backend posts in small bursts.
      throttle: { rateLimit: 50, burstLimit: 100 },
    });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint, description: 'HTTP API endpoint' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'ScheduleGroupName', { value: scheduleGroupName });
    new CfnOutput(this, 'AlarmDeadLetterQueueUrl', { value: this.schedulerDlq.queueUrl });
  }
}
