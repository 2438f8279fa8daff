import type { CfnResource } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_EVENT_TYPES } from '../../infra/deliverability';
import type { NurtureFunction } from '../../infra/nurture-function';
import { type NurtureStack, TABLE_ACTIONS } from '../../infra/nurture-stack';
import { actionsOf, allStatements, INBOUND_DOMAIN, type Json, type Statement, synthesize } from './helpers';

let stack: NurtureStack;
let template: Template;
let resources: Record<string, Json>;

beforeAll(() => {
  ({ stack, template } = synthesize());
  resources = template.toJSON().Resources as Record<string, Json>;
});

const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnResource);
const functionId = (fn: NurtureFunction) => idOf(fn.function);
const props = (logicalId: string) => resources[logicalId]?.Properties as Json;
const ref = (logicalId: string) => ({ Ref: logicalId });
const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

/** The statements of the identity policies attached to one function's role. */
function roleStatements(fn: NurtureFunction): Statement[] {
  const role = idOf(fn.function.role as never);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify((policy.Properties as Json).Roles).includes(role))
    .flatMap((policy) => allStatements(policy));
}

describe('inbound email', () => {
  let bucket: string;
  let bucketPolicy: Statement[];
  beforeAll(() => {
    bucket = idOf(stack.inboundMail.bucket);
    bucketPolicy = allStatements(props(idOf(stack.inboundMail.bucket.policy!)));
  });

  it('keeps raw mail in a private, encrypted bucket that expires it after 90 days and survives the stack', () => {
    expect(props(bucket)).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: expect.stringMatching(/^(AES256|aws:kms)$/) } },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [expect.objectContaining({ ExpirationInDays: 90, Status: 'Enabled' })],
      },
    });
    expect(resources[bucket]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  it('refuses plain HTTP, and lets only SES of this account, through this rule set, write mail', () => {
    expect(bucketPolicy).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    const allows = bucketPolicy.filter((statement) => statement.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Action: 's3:PutObject',
        Principal: { Service: 'ses.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    ]);
    expect(JSON.stringify(allows[0]!.Resource)).toContain('"/inbound/*"');
    const ruleSetGuard = bucketPolicy.find(
      (statement) => statement.Effect === 'Deny' && actionsOf(statement).includes('s3:PutObject'),
    );
    expect(ruleSetGuard?.Principal).toEqual({ Service: 'ses.amazonaws.com' });
    const sourceArn = JSON.stringify(ruleSetGuard?.Condition?.ArnNotLike?.['aws:SourceArn']);
    expect(sourceArn).toContain(
      `":receipt-rule-set/",{"Ref":"${idOf(stack.inboundMail.ruleSet)}"},":receipt-rule/*"`,
    );
  });

  it('has a receipt rule for the inbound domain that stores each email under inbound/, once SES may write', () => {
    const rule = idOf(stack.inboundMail.rule);
    expect(resources[rule]).toMatchObject({
      Properties: {
        RuleSetName: ref(idOf(stack.inboundMail.ruleSet)),
        Rule: {
          Enabled: true,
          Recipients: [INBOUND_DOMAIN],
          Actions: [{ S3Action: { BucketName: ref(bucket), ObjectKeyPrefix: 'inbound/' } }],
        },
      },
      DependsOn: expect.arrayContaining([idOf(stack.inboundMail.bucket.policy!)]),
    });
  });

  it('activates the rule set after the rule exists, and deactivates it on delete, with that one action', () => {
    const [id, activation] = Object.entries(template.findResources('Custom::AWS'))[0]!;
    const call = (phase: string) => JSON.stringify((activation.Properties as Json)[phase]);
    for (const phase of ['Create', 'Update']) {
      expect(call(phase)).toContain('\\"action\\":\\"setActiveReceiptRuleSet\\"');
      expect(call(phase)).toContain(`{"Ref":"${idOf(stack.inboundMail.ruleSet)}"}`);
    }
    expect(JSON.parse((activation.Properties as Json).Delete as string)).toEqual({
      service: 'SES',
      action: 'setActiveReceiptRuleSet',
      parameters: {},
    });
    expect(activation.DependsOn).toContain(idOf(stack.inboundMail.rule));
    // Its policy holds that one action and nothing else, and is in place before the call.
    const [policyId, policy] = Object.entries(template.findResources('AWS::IAM::Policy')).find(([, p]) =>
      allStatements(p).some((statement) => actionsOf(statement).includes('ses:SetActiveReceiptRuleSet')),
    )!;
    expect(allStatements(policy)).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 'ses:SetActiveReceiptRuleSet', Resource: '*' }),
    ]);
    expect(activation.DependsOn).toContain(policyId);
    expect(id).toMatch(/^InboundMail/);
  });

  it('notifies inbound-email of new objects under inbound/ only, and lets it read just those', () => {
    const fn = functionId(stack.inboundEmail);
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: ref(bucket),
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'inbound/' }] } },
            LambdaFunctionArn: arnOf(fn),
          },
        ],
      },
    });
    const s3Statements = roleStatements(stack.inboundEmail).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('s3:')),
    );
    expect(s3Statements).toEqual([expect.objectContaining({ Action: 's3:GetObject' })]);
    expect(JSON.stringify(s3Statements[0]!.Resource)).toContain(
      `[{"Fn::GetAtt":["${bucket}","Arn"]},"/inbound/*"]`,
    );
  });
});

describe('topics', () => {
  it('encrypts every topic with the rotated stack key that two-way SMS and CloudWatch alarms may use', () => {
    const key = idOf(stack.node.findChild('TopicKey') as never);
    expect(props(key).EnableKeyRotation).toBe(true);
    const topics = template.findResources('AWS::SNS::Topic');
    // inbound SMS and alarms (SES events go to the event bus)
    expect(Object.keys(topics)).toHaveLength(2);
    for (const topic of Object.values(topics)) {
      expect((topic.Properties as Json).KmsMasterKeyId).toEqual(arnOf(key));
    }
    const services = allStatements(props(key))
      .filter((statement) => JSON.stringify(statement.Principal).includes('Service'))
      .map((statement) => {
        expect(actionsOf(statement).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
        expect(statement.Condition?.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
        return (statement.Principal as { Service: string }).Service;
      });
    expect(services.sort()).toEqual(['cloudwatch.amazonaws.com', 'sms-voice.amazonaws.com']);
  });

  it('gives every subscription an encrypted, TLS-only dead-letter queue', () => {
    const subscriptions = template.findResources('AWS::SNS::Subscription');
    expect(Object.keys(subscriptions)).toHaveLength(1);
    for (const subscription of Object.values(subscriptions)) {
      const target = (subscription.Properties as { RedrivePolicy?: { deadLetterTargetArn: unknown } })
        .RedrivePolicy?.deadLetterTargetArn as { 'Fn::GetAtt': [string, string] };
      const queue = target['Fn::GetAtt'][0];
      expect(props(queue).SqsManagedSseEnabled).toBe(true);
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref(queue)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({ Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage' }),
          ]),
        },
      });
    }
  });

  it('routes two-way SMS to inbound-sms, and outputs the topic for the phone number', () => {
    const topic = idOf(stack.inboundSmsTopic.topic);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      TopicArn: ref(topic),
      Protocol: 'lambda',
      Endpoint: arnOf(functionId(stack.inboundSms)),
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [ref(topic)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'sms-voice.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
    template.hasOutput('InboundSmsTopicArn', { Value: ref(topic) });
  });

  it('publishes the configuration set events to the default event bus, and a rule hands them to delivery-events', () => {
    const configurationSet = idOf(stack.configurationSet);
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: ref(configurationSet),
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: [
          'delivery',
          'bounce',
          'complaint',
          'open',
          'click',
          'renderingFailure',
          'reject',
          'deliveryDelay',
        ],
        EventBridgeDestination: { EventBusArn: Match.anyValue() },
      },
    });
    expect(DELIVERY_EVENT_TYPES).toHaveLength(8);
    expect(JSON.stringify(template.findResources('AWS::SES::ConfigurationSetEventDestination'))).toContain(
      ':event-bus/default',
    );
    // Only this stack's configuration set, so another stack's SES events never arrive here.
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        detail: { mail: { tags: { 'ses:configuration-set': [ref(configurationSet)] } } },
      },
      Targets: [
        Match.objectLike({
          Arn: arnOf(functionId(stack.deliveryEvents)),
          RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
    // No topic in between: SNS would charge a publish for every email event.
    expect(JSON.stringify(template.findResources('AWS::SNS::Topic'))).not.toContain('delivery events');
    template.hasOutput('SesConfigurationSetName', { Value: ref(configurationSet) });
  });
});

describe('reply and delivery functions', () => {
  const newFunctions = () => [stack.inboundEmail, stack.inboundSms, stack.deliveryEvents];

  it('run on Node 22 arm64, name the configuration set, and dead-letter what they keep failing on', () => {
    const configurationSet = ref(idOf(stack.configurationSet));
    for (const fn of newFunctions()) {
      const properties = props(functionId(fn)) as {
        Environment: { Variables: Json };
        DeadLetterConfig?: { TargetArn: { 'Fn::GetAtt': [string, string] } };
      };
      expect(properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
      expect(properties.Environment.Variables.NURTURE_SES_CONFIGURATION_SET).toEqual(configurationSet);
      const queue = properties.DeadLetterConfig?.TargetArn['Fn::GetAtt'][0] ?? '';
      expect(props(queue)?.SqsManagedSseEnabled).toBe(true);
    }
    for (const fn of [stack.api, stack.fire]) {
      expect(
        (props(functionId(fn)).Environment as { Variables: Json }).Variables.NURTURE_SES_CONFIGURATION_SET,
      ).toEqual(configurationSet);
    }
  });

  it('share the environment and engine grants of api and fire', () => {
    const engineActions = (fn: NurtureFunction) =>
      new Set(roleStatements(fn).flatMap((statement) => actionsOf(statement)));
    const apiEnv = (props(functionId(stack.api)).Environment as { Variables: Json }).Variables;
    for (const fn of newFunctions()) {
      expect((props(functionId(fn)).Environment as { Variables: Json }).Variables).toEqual(apiEnv);
      const actions = engineActions(fn);
      for (const action of [...TABLE_ACTIONS, ...engineActions(stack.fire)])
        expect(actions).toContain(action);
    }
  });
});

describe('the sending identity and SMS origination', () => {
  it('creates the sending domain with Easy DKIM (2048-bit) and the configuration set, and prints its DKIM records', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'acme.example',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: idOf(stack.configurationSet) } },
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
    });
    const outputs = Object.keys(template.findOutputs('*')).filter((name) => name.startsWith('DkimRecord'));
    expect(outputs.sort()).toEqual(['DkimRecord1', 'DkimRecord2', 'DkimRecord3']);
  });

  it('verifies the inbound domain on its own only when it is not under the sending domain', () => {
    // reply.acme.example is under acme.example: one identity.
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    const apart = synthesize({ inboundDomain: 'replies.other.example' }).template;
    apart.resourceCountIs('AWS::SES::EmailIdentity', 2);
    apart.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'replies.other.example' });
  });

  it('hands the SMS origination identity to send, and only when one is given', () => {
    const sendEnv = (t: Template) =>
      JSON.stringify(
        Object.values(t.findResources('AWS::Lambda::Function')).filter((r) =>
          JSON.stringify(r).includes('NURTURE_SEND_MAX_RECEIVES'),
        ),
      );
    expect(sendEnv(template)).not.toContain('NURTURE_SMS_ORIGINATION_NUMBER');
    const withNumber = synthesize({ smsOriginationNumber: '+18005550123' }).template;
    expect(sendEnv(withNumber)).toContain('"NURTURE_SMS_ORIGINATION_NUMBER":"+18005550123"');
  });
});
