import { ArnFormat, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

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

export interface EngineResources {
  readonly scheduleGroupName: string;
  readonly schedulerRole: iam.IRole;
  /** The one secret holding the engine's keys (signing key, webhook secret, API key hashes). */
  readonly secretArn?: string;
}

/** Setting alarms in the customers' schedule group (`sid`, `actions`), and handing them the scheduler role. */
function alarmStatements(
  stack: Stack,
  refs: Pick<EngineResources, 'scheduleGroupName' | 'schedulerRole'>,
  sid: string,
  actions: string[],
): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid,
      actions,
      resources: [
        stack.formatArn({
          service: 'scheduler',
          resource: 'schedule',
          resourceName: `${refs.scheduleGroupName}/*`,
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        }),
      ],
    }),
    new iam.PolicyStatement({
      sid: 'HandAlarmsTheSchedulerRole',
      actions: ['iam:PassRole'],
      resources: [refs.schedulerRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    }),
  ];
}

/**
 * What the engine's functions may do besides the table: arm alarms in their
 * schedule group, and hand those alarms the scheduler role. A fresh array per
 * call, since a statement belongs to one policy.
 *
 * @example new NurtureFunction(this, 'Fire', { entry, statements: createEngineStatements(this, resources) });
 */
export function createEngineStatements(stack: Stack, refs: EngineResources): iam.PolicyStatement[] {
  return [
    ...(refs.secretArn ? [createSecretReadStatement(refs.secretArn)] : []),
    ...alarmStatements(stack, refs, 'ArmAlarms', [
      'scheduler:CreateSchedule',
      'scheduler:UpdateSchedule',
      'scheduler:DeleteSchedule',
    ]),
  ];
}

/** Reading the engine's secret, once per container: its value only (no DescribeSecret, no other versions' management). */
export function createSecretReadStatement(secretArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'ReadEngineSecret',
    actions: ['secretsmanager:GetSecretValue'],
    resources: [secretArn],
  });
}

/**
 * What the recovery sweep may do, and nothing more: query the alarm index
 * (gsi3) and re-arm alarms (create or update, never delete), handing them the
 * scheduler role. No item reads or writes, no secret, no sending.
 * @example new NurtureFunction(this, 'Sweep', { entry, statements: createSweepStatements(this, { ...refs, tableArn }) });
 */
export function createSweepStatements(
  stack: Stack,
  refs: Pick<EngineResources, 'scheduleGroupName' | 'schedulerRole'> & { tableArn: string },
): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'QueryAlarmIndex',
      actions: ['dynamodb:Query'],
      resources: [`${refs.tableArn}/index/gsi3`],
    }),
    ...alarmStatements(stack, refs, 'RearmAlarms', ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule']),
  ];
}

/**
 * Sending raw email as any verified identity of this account and region (the
 * From is deploy-time config; in the SES sandbox each verified recipient is an
 * identity too), plus the configuration set when one is named on the send.
 */
function sendEmailStatement(stack: Stack, configurationSetName?: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'SendEmail',
    actions: ['ses:SendRawEmail'],
    resources: [
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' }),
      ...(configurationSetName
        ? [
            stack.formatArn({
              service: 'ses',
              resource: 'configuration-set',
              resourceName: configurationSetName,
            }),
          ]
        : []),
    ],
  });
}

/**
 * What the first admin's setup may do besides the table: email the setup
 * link (no configuration set: it is no customer's message). No secret, no alarms.
 * @example new NurtureFunction(this, 'FirstAdmin', { entry, statements: createSetupMailStatements(this) });
 */
export function createSetupMailStatements(stack: Stack): iam.PolicyStatement[] {
  return [sendEmailStatement(stack)];
}

/**
 * What only the `send` function may do: send email and SMS. Everything else
 * hands its messages to the send queue.
 *
 * @example new NurtureFunction(this, 'Send', { entry, statements: createSendStatements(this, configurationSetName) });
 */
export function createSendStatements(stack: Stack, configurationSetName: string): iam.PolicyStatement[] {
  return [
    // With a configuration set named on the send, SES authorises the set as a resource as well.
    sendEmailStatement(stack, configurationSetName),
    new iam.PolicyStatement({
      sid: 'SendSms',
      actions: ['sns:Publish'],
      // SMS goes straight to a phone number, which has no ARN: SNS only
      // accepts `*` for it. The stack's own topics are KMS-encrypted and no
      // function may use that key, so they cannot publish into them.
      resources: ['*'],
    }),
  ];
}
