import { type CfnElement, type Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The constructs whose findings are acknowledged here, and nothing else of the stack. */
export interface NagSubjects {
  readonly table: IConstruct;
  readonly secret: IConstruct;
  /** The customer alarms' dead-letter queue. */
  readonly schedulerDlq: IConstruct;
  readonly inboundMail: { readonly bucket: IConstruct; readonly activation: IConstruct };
  /** The HTTP API's `$default` route. */
  readonly defaultRoute: IConstruct;
  /** The functions running the engine. */
  readonly api: IConstruct;
  readonly fire: IConstruct;
  readonly inboundEmail: IConstruct;
  readonly inboundSms: IConstruct;
  readonly deliveryEvents: IConstruct;
  readonly send: IConstruct;
  readonly sweep: IConstruct;
  /** The first admin's setup, when the stack has an admin email. */
  readonly firstAdmin?: IConstruct;
  readonly webhooks: IConstruct;
}

/**
 * The cdk-nag AwsSolutions findings this stack keeps on purpose, each on the
 * construct it concerns and, for IAM5, on the exact wildcard resource, with
 * why. Anything not listed here fails `npm run synth` and the infra tests.
 *
 * cdk-nag 3 reports through CDK's policy validation, so findings are
 * acknowledged with `Validations.of(construct).acknowledge`, one finding id at
 * a time (`AwsSolutions::<rule>[<finding>]`); there is no rule-wide form.
 */
export function acknowledgeNagFindings(stack: Stack, subjects: NagSubjects): void {
  const ack = (scope: IConstruct, rule: string, reason: string) =>
    Validations.of(scope).acknowledge({ id: `AwsSolutions::${rule}`, reason });

  ack(
    subjects.schedulerDlq,
    'AwsSolutions-SQS3',
    'It is a dead-letter queue: EventBridge Scheduler targets it in each schedule (DeadLetterConfig set ' +
      'at runtime), which cdk-nag cannot see; a DLQ of a DLQ would only move the problem.',
  );

  ack(
    subjects.secret,
    'AwsSolutions-SMG4',
    'Not rotated automatically on purpose: the signing key signs the unsubscribe links and reply addresses in ' +
      'every email already sent, which a rotation would break; the webhook secret and API key hashes are ' +
      'shared with the backend and change only together with it (README, Secrets, says how).',
  );

  ack(
    subjects.inboundMail.bucket,
    'AwsSolutions-S1',
    'Only SES writes here and only inbound-email reads (both scoped by the bucket policy and IAM); ' +
      'server access logs would need a second bucket holding the same personal-data object keys; ' +
      'an object-level audit trail, if one is required, belongs in CloudTrail S3 data events.',
  );

  ack(
    subjects.defaultRoute,
    'AwsSolutions-APIG4',
    'Authorization is in the api function, for every route: bearer API keys checked against their ' +
      'SHA-256 digests, console sessions held in the table, Standard Webhooks signatures on backend ' +
      'posts, and signed tokens on the public unsubscribe and tracking links (which must work without ' +
      'credentials); the console sign-in, where credentials are presented, is held back per account ' +
      'and per client address.',
  );

  const logicalId = (scope: IConstruct) =>
    stack.resolve(stack.getLogicalId(scope.node.defaultChild as CfnElement));
  // How cdk-nag prints an ARN part: the pseudo parameter, or its value once the stack has an environment.
  const part = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
  const arnPrefix = (service: string) =>
    `arn:${part(stack.partition, 'Partition')}:${service}:${part(stack.region, 'Region')}:${part(stack.account, 'AccountId')}`;
  const tableArn = `<${logicalId(subjects.table)}.Arn>`;
  const tableIndexes: Record<string, string> = {
    [`Resource::${tableArn}/index/*`]:
      'Queries on the table’s KEYS_ONLY global secondary indexes (gsi1, gsi2), whose ARNs are the table’s.',
  };
  const engineWildcards: Record<string, string> = {
    ...tableIndexes,
    [`Resource::${arnPrefix('scheduler')}:schedule/${stack.stackName}-alarms/*`]:
      'One schedule per customer alarm, named at runtime; scoped to this stack’s own schedule group.',
  };
  const sendWildcards: Record<string, string> = {
    ...tableIndexes,
    [`Resource::${arnPrefix('ses')}:identity/*`]:
      'ses:SendRawEmail on any verified identity of this account and region: the From address is ' +
      'deploy-time config, and in the SES sandbox each verified recipient is an identity too.',
    'Resource::*': 'sns:Publish for SMS, which goes to a phone number; phone numbers have no ARN.',
  };
  const setupMailWildcards: Record<string, string> = {
    ...tableIndexes,
    [`Resource::${arnPrefix('ses')}:identity/*`]: sendWildcards[`Resource::${arnPrefix('ses')}:identity/*`]!,
  };
  const engineFunctions = [
    ...[subjects.api, subjects.fire, subjects.inboundEmail, subjects.inboundSms, subjects.deliveryEvents].map(
      (fn) => [fn, engineWildcards] as const,
    ),
    [subjects.send, sendWildcards] as const,
    ...(subjects.firstAdmin ? [[subjects.firstAdmin, setupMailWildcards] as const] : []),
    [subjects.webhooks, tableIndexes] as const,
  ];
  for (const [fn, wildcards] of engineFunctions) {
    for (const [finding, reason] of Object.entries(wildcards)) {
      ack(fn, `AwsSolutions-IAM5[${finding}]`, reason);
    }
    ack(
      fn,
      'AwsSolutions-L1',
      'Pinned to nodejs22.x on purpose: the bundle targets node22 and leans on that runtime shipping the ' +
        'SDK credential providers it leaves out; moving runtimes is a tested change, not a drive-by.',
    );
  }
  ack(
    subjects.sweep,
    `AwsSolutions-IAM5[Resource::${arnPrefix('scheduler')}:schedule/${stack.stackName}-alarms/*]`,
    engineWildcards[`Resource::${arnPrefix('scheduler')}:schedule/${stack.stackName}-alarms/*`]!,
  );
  ack(
    subjects.sweep,
    'AwsSolutions-L1',
    'Pinned to nodejs22.x like every engine function: the bundle targets node22; moving runtimes is a tested change.',
  );

  ack(
    subjects.inboundEmail,
    `AwsSolutions-IAM5[Resource::<${logicalId(subjects.inboundMail.bucket)}.Arn>/inbound/*]`,
    'Reads each stored email by key; the prefix is where SES writes them, and nothing else in the bucket is readable.',
  );
  ack(
    subjects.api,
    `AwsSolutions-IAM5[Resource::<${logicalId(subjects.inboundMail.bucket)}.Arn>/inbound/*]`,
    "Deletes a customer's stored emails by key when the customer is erased; only under SES's prefix.",
  );

  ack(
    subjects.inboundMail.activation,
    'AwsSolutions-IAM5[Resource::*]',
    'ses:SetActiveReceiptRuleSet is an account-wide setting with no resource type, so IAM only accepts `*`.',
  );

  // CDK's own singleton handlers, whose roles CDK creates with the Lambda basic execution policy.
  const basicExecution =
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';
  for (const [id, what] of [
    [
      'AWS679f53fac002430cb0da5b7982bd2287',
      'the AwsCustomResource handler that activates the receipt rule set',
    ],
    [
      'BucketNotificationsHandler050a0587b7544547bf325f094a3db834',
      'the handler that sets the bucket notifications',
    ],
  ] as const) {
    ack(
      singleton(stack, id),
      basicExecution,
      `CDK creates ${what} with this role and policy; it runs only during deploys, and that policy grants nothing but writing CloudWatch Logs.`,
    );
  }
}

function singleton(stack: Stack, id: string): IConstruct {
  const found = stack.node.tryFindChild(id);
  if (!found) throw new Error(`CDK's ${id} singleton is gone: review the nag acknowledgements`);
  return found;
}
