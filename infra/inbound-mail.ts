import { ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { RAW_MAIL_PREFIX } from '../functions/ports/mail-archive/s3';

/** Where SES drops each received email; the `inbound-email` function is notified for this prefix only. */
export const INBOUND_MAIL_PREFIX = RAW_MAIL_PREFIX;

/** How long raw inbound mail is kept: the reply is on the timeline by then, and the MIME holds personal data. */
export const INBOUND_MAIL_RETENTION = Duration.days(90);

/**
 * The regions where SES receives email (receipt rules, `inbound-smtp.<region>.amazonaws.com`):
 * the "Email receiving" section of the SES Developer Guide ("Regions and Amazon SES") and
 * the email receiving endpoints of "Amazon Simple Email Service endpoints and quotas" in the
 * AWS General Reference. SES names every other region as not supporting it: a receipt rule
 * set there fails to create. Add a region here once SES lists it.
 */
export const SES_RECEIVING_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-central-1',
  'ap-northeast-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
] as const;

export interface InboundMailProps {
  /** The domain replies arrive on (`reply+<token>@<domain>`); every address under it is received. */
  readonly domain: string;
}

/**
 * Replies by email: an SES receipt rule for the inbound domain stores the raw
 * MIME in a private bucket, and the rule set is made the account's active one.
 *
 * @example
 * const mail = new InboundMail(this, 'InboundMail', { domain: 'reply.acme.example' });
 * mail.notify(inboundEmail.function);
 */
export class InboundMail extends Construct {
  readonly bucket: s3.Bucket;
  readonly ruleSet: ses.ReceiptRuleSet;
  readonly rule: ses.ReceiptRule;
  /** Makes the rule set the account's active one (CloudFormation cannot). */
  readonly activation: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: InboundMailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // An environment-agnostic stack (no region at synth) is checked when it is given one.
    if (
      !Token.isUnresolved(stack.region) &&
      !(SES_RECEIVING_REGIONS as readonly string[]).includes(stack.region)
    ) {
      throw new Error(
        `SES does not receive email in ${stack.region}, and replies by email need it: deploy to one of ` +
          `${SES_RECEIVING_REGIONS.join(', ')} (-c region=...)`,
      );
    }

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [
        {
          id: 'expire-raw-mail',
          expiration: INBOUND_MAIL_RETENTION,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // Retained, and never emptied by CloudFormation: the raw mail is the only
      // copy of what customers wrote (the timeline keeps a parsed, trimmed
      // reply), including complaints. A stack deletion, or a replacement caused
      // by a refactor, must not erase it; the lifecycle rule above still
      // expires it, so a retained bucket empties itself within 90 days.
      removalPolicy: RemovalPolicy.RETAIN,
      autoDeleteObjects: false,
    });

    this.ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet');

    // Confused-deputy guard beyond the S3 action's own grant (which only checks
    // aws:SourceAccount): SES may write here only on behalf of this rule set.
    // Scoped to the rule set, not the exact rule: the rule waits on this policy
    // (SES test-writes the bucket when the rule is created), so a reference to
    // the rule would be circular; a fixed rule name would not be, but aws-cdk
    // shipped and then reverted an exact-rule condition (aws/aws-cdk#29833,
    // #30375) after such rules failed to create with "Could not write to bucket".
    // The set is this stack's own, so only its rules can write here.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyThisRuleSetMayDeliver',
        effect: iam.Effect.DENY,
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: {
          ArnNotLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'ses',
              resource: 'receipt-rule-set',
              resourceName: `${this.ruleSet.receiptRuleSetName}:receipt-rule/*`,
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          },
        },
      }),
    );

    this.rule = this.ruleSet.addRule('Replies', {
      // A bare domain matches every address under it: each reply+<token>@ routing address.
      recipients: [props.domain],
      // Spam and virus verdicts land in the stored headers for the handler to read.
      scanEnabled: true,
      // The S3 action grants ses.amazonaws.com PutObject on the prefix (with
      // aws:SourceAccount) and makes the rule wait for that bucket policy.
      actions: [new sesActions.S3({ bucket: this.bucket, objectKeyPrefix: INBOUND_MAIL_PREFIX })],
    });

    // CloudFormation can create a rule set but not activate it. There is one
    // active rule set per account and region: deploying replaces whichever was
    // active, and deleting the stack leaves none active.
    const activate: cr.AwsSdkCall = {
      service: 'SES',
      action: 'setActiveReceiptRuleSet',
      parameters: { RuleSetName: this.ruleSet.receiptRuleSetName },
      // Fixed, so a renamed rule set is an update (activate the new one), not a
      // replacement whose clean-up would then deactivate it.
      physicalResourceId: cr.PhysicalResourceId.of('active-receipt-rule-set'),
    };
    this.activation = new cr.AwsCustomResource(this, 'ActivateRuleSet', {
      onCreate: activate,
      onUpdate: activate,
      // No name deactivates: the rule set cannot be deleted while it is active.
      onDelete: { service: 'SES', action: 'setActiveReceiptRuleSet', parameters: {} },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['ses:SetActiveReceiptRuleSet'],
          // SES defines no resource type for this action (it is an account-wide
          // setting), so IAM accepts only `*` here; the action is the scope.
          resources: ['*'],
        }),
      ]),
      // The runtime's SDK has this 2010 API; fetching a newer one at deploy time buys nothing.
      installLatestAwsSdk: false,
    });
    // Activated once the rule is in place, and on delete deactivated before the rule and set go.
    this.activation.node.addDependency(this.rule);
  }

  /** Calls `fn` for each email stored under the inbound prefix. */
  notify(fn: lambda.IFunction): void {
    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn), {
      prefix: INBOUND_MAIL_PREFIX,
    });
  }

  /** Reading the stored mail, and nothing else in the bucket (no listing, no other prefixes). */
  readStatement(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      sid: 'ReadInboundMail',
      actions: ['s3:GetObject'],
      resources: [this.bucket.arnForObjects(`${INBOUND_MAIL_PREFIX}*`)],
    });
  }

  /** Deleting stored emails by key (an erasure deletes a customer's), under SES's prefix only. */
  deleteStatement(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      sid: 'EraseInboundMail',
      actions: ['s3:DeleteObject'],
      resources: [this.bucket.arnForObjects(`${INBOUND_MAIL_PREFIX}*`)],
    });
  }
}
