import type { CfnElement } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDesign } from '../../functions/ports/store/dynamodb/table';
import { parseAwsConfig } from '../../functions/wiring/config';
import { SES_RECEIVING_REGIONS } from '../../infra/inbound-mail';
import { type NurtureStack, TABLE_ACTIONS } from '../../infra/nurture-stack';
import {
  actionsOf,
  awsKeysRead,
  dynamoCommandsInRuntime,
  engineFunctionIds,
  IAM_ACTIONS_FOR,
  type Json,
  propsFromContext,
  requiredAwsKeys,
  resolveEnv,
  STACK_NAME,
  type Statement,
  allStatements as statementsIn,
  synthesize,
} from './helpers';

let template: Template;
let resources: Record<string, Json>;
let stack: NurtureStack;

beforeAll(() => {
  ({ template, stack } = synthesize());
  resources = template.toJSON().Resources as Record<string, Json>;
});

/** Statements from every policy in the template, or in one resource. */
function allStatements(node: unknown = template.toJSON()) {
  return statementsIn(node);
}

function props(logicalId: string): Json {
  return resources[logicalId]?.Properties as Json;
}

function onlyLogicalId(type: string, properties: Json = {}): string {
  const found = Object.keys(template.findResources(type, { Properties: properties }));
  expect(found, `exactly one ${type} matching ${JSON.stringify(properties)}`).toHaveLength(1);
  return found[0]!;
}

function functionEnv(logicalId: string): Json {
  return (props(logicalId).Environment as { Variables: Json }).Variables;
}

describe('props', () => {
  it('refuses settings the runtime would reject at cold start', () => {
    const make = (extra: { sendingAddress?: string; publicUrl?: string }) => () => synthesize(extra);
    expect(make({ sendingAddress: 'Acme' })).toThrow(/sendingAddress/);
    expect(make({ publicUrl: 'nurture.acme.example' })).toThrow(/publicUrl/);
  });
});

describe('deploy settings', () => {
  const envOf = (t: Template) =>
    engineFunctionIds(t).map((id) => [
      id,
      ((t.toJSON().Resources[id] as Json).Properties as Json).Environment,
    ]);

  it("names the business in every engine function's environment: sendingAddress's display name by default", () => {
    const sweep = stack.getLogicalId(stack.sweep.function.node.defaultChild as CfnElement);
    for (const [id, environment] of envOf(template)) {
      const variables = (environment as { Variables: Json }).Variables;
      // The sweep renders nothing and runs with only what it reads (recovery.suite.ts).
      if (id === sweep) expect(variables, id).not.toHaveProperty('NURTURE_BUSINESS_NAME');
      else expect(variables.NURTURE_BUSINESS_NAME, id as string).toBe('Acme');
    }
  });

  it('takes the business name from context (-c businessName=...), as the runtime reads it', () => {
    const named = synthesize(propsFromContext({ businessName: 'Acme Plumbing & Heating' }));
    const readers = envOf(named.template).filter(([, environment]) =>
      JSON.stringify(environment).includes('NURTURE_BUSINESS_NAME'),
    );
    expect(readers).toHaveLength(engineFunctionIds(named.template).length - 1);
    for (const [, environment] of readers) {
      const variables = (environment as { Variables: Json }).Variables;
      expect(variables.NURTURE_BUSINESS_NAME).toBe('Acme Plumbing & Heating');
    }
    const api = named.stack.getLogicalId(named.stack.api.function.node.defaultChild as CfnElement);
    const apiEnv = (
      (named.template.toJSON().Resources[api] as Json).Properties as { Environment: { Variables: Json } }
    ).Environment.Variables;
    expect(
      parseAwsConfig(
        resolveEnv(apiEnv, named.template.toJSON().Resources, {
          [onlyLogicalId('AWS::SecretsManager::Secret')]:
            'arn:aws:secretsmanager:eu-west-1:123456789012:secret:n',
        }),
      ).NURTURE_BUSINESS_NAME,
    ).toBe('Acme Plumbing & Heating');
  });

  it('refuses to deploy with no business name to show, or one longer than the runtime takes', () => {
    expect(() => synthesize({ sendingAddress: 'hello@acme.example' })).toThrow(/businessName/);
    expect(() => synthesize({ businessName: 'x'.repeat(101) })).toThrow(/businessName must be at most 100/);
    expect(synthesize({ sendingAddress: 'hello@acme.example', businessName: 'Acme' }).template).toBeDefined();
  });

  it('refuses a region where SES does not receive email, since replies arrive by email', () => {
    for (const region of ['us-west-1', 'sa-east-1', 'ap-south-1']) {
      expect(() => synthesize({ env: { region } }), region).toThrow(
        `SES does not receive email in ${region}`,
      );
    }
    expect(SES_RECEIVING_REGIONS).toEqual(expect.arrayContaining(['us-east-1', 'us-west-2', 'eu-west-1']));
    expect(synthesize({ env: { region: 'us-east-1' } }).template).toBeDefined();
  });
});

describe('table', () => {
  it('matches the runtime table design: keys, TTL, on-demand, KEYS_ONLY indexes and the directory', () => {
    const attribute = (name: string) => ({ AttributeName: name, AttributeType: 'S' });
    const keys = (hash: string, range: string) => [
      { AttributeName: hash, KeyType: 'HASH' },
      { AttributeName: range, KeyType: 'RANGE' },
    ];
    expect(tableDesign.indexes.map((index) => index.name)).toEqual(['gsi1', 'gsi2', 'gsi3', 'gsi4']);
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: keys('pk', 'sk'),
      AttributeDefinitions: Match.arrayWith([attribute('pk'), attribute('sk')]),
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: tableDesign.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: keys(index.partitionKey, index.sortKey),
        Projection:
          index.name === 'gsi4'
            ? { ProjectionType: 'INCLUDE', NonKeyAttributes: ['dirProfile', 'dirState'] }
            : { ProjectionType: 'KEYS_ONLY' },
      })),
    });
  });

  it('is recoverable and survives the stack', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });
});

describe('functions', () => {
  it('runs every engine function on Node 22, arm64, with source maps and the bundled templates dir', () => {
    // api, fire, send, inbound-email, inbound-sms, delivery-events, sweep; the rest are CDK's custom-resource handlers.
    const engine = engineFunctionIds(template);
    expect(engine).toHaveLength(8);
    for (const id of engine) {
      expect(props(id)).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: {
          LogGroup: { Ref: expect.any(String) },
          LogFormat: 'JSON',
          ApplicationLogLevel: 'INFO',
          SystemLogLevel: 'WARN',
        },
        Environment: {
          Variables: expect.objectContaining({
            NODE_OPTIONS: '--enable-source-maps',
            NURTURE_TEMPLATES_DIR: 'templates',
          }),
        },
      });
    }
    // Waiting on I/O takes little memory; the API's cold start and MIME parsing get more.
    const memory = Object.fromEntries(engine.map((id) => [id, props(id).MemorySize]));
    const generous = [stack.api.function, stack.inboundEmail.function].map((fn) =>
      stack.getLogicalId(fn.node.defaultChild as CfnElement),
    );
    for (const id of engine) expect(memory[id], id).toBe(generous.includes(id) ? 512 : 256);
    // One per engine function, plus the HTTP API's access logs and one per CDK deploy-time helper
    // (the receipt-rule-set activation and the bucket notifications).
    template.resourceCountIs('AWS::Logs::LogGroup', engine.length + 1 + 2);
  });

  it("logs every function, CDK's helpers too, to a log group of the stack that expires and goes with it", () => {
    const functions = Object.entries(template.findResources('AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThan(engineFunctionIds(template).length);
    for (const [id, fn] of functions) {
      const logGroup = ((fn.Properties as Json).LoggingConfig as { LogGroup?: { Ref: string } } | undefined)
        ?.LogGroup?.Ref;
      expect(logGroup, id).toBeDefined();
      expect(resources[logGroup!], id).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        DeletionPolicy: 'Delete',
        Properties: { RetentionInDays: expect.any(Number) },
      });
    }
    // No retention custom resource (logRetention) either: it would be one more helper logging forever.
    template.resourceCountIs('Custom::LogRetention', 0);
  });

  it('gives each engine function its own role, writing only to its own log group, with no managed policy', () => {
    for (const id of engineFunctionIds(template)) {
      const roleId = (props(id).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      expect(props(roleId).ManagedPolicyArns).toBeUndefined();
      const logGroup = (props(id).LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      const logStatements = Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((policy) => JSON.stringify((policy.Properties as Json).Roles).includes(roleId))
        .flatMap((policy) => allStatements(policy))
        .filter((statement) => actionsOf(statement).some((action) => action.startsWith('logs:')));
      expect(logStatements).toHaveLength(1);
      expect(actionsOf(logStatements[0]!).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(logStatements[0]!.Resource).toEqual({ 'Fn::GetAtt': [logGroup, 'Arn'] });
    }
  });

  it('gives fire a fixed name, and its ARN to every engine function without a self-reference', () => {
    const fire = onlyLogicalId('AWS::Lambda::Function', { FunctionName: `${STACK_NAME}-fire` });
    const fireArn = functionEnv(fire).NURTURE_FIRE_ARN;
    expect(JSON.stringify(fireArn)).toContain(`:function:${STACK_NAME}-fire`);
    expect(JSON.stringify(fireArn)).not.toContain(fire);
    for (const id of engineFunctionIds(template)) {
      expect(functionEnv(id).NURTURE_FIRE_ARN).toEqual(fireArn);
    }
  });

  describe('environment', () => {
    const localOnlyDefaults = [
      'NURTURE_TABLE',
      'NURTURE_FROM',
      'NURTURE_INBOUND_DOMAIN',
      'NURTURE_TEMPLATES_DIR',
    ];
    let apiEnv: Json;
    beforeAll(() => {
      apiEnv = functionEnv(
        onlyLogicalId('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('HTTP API') }),
      );
    });

    it('sets every key the AWS config requires, plus those whose defaults only suit local runs', () => {
      // The schema itself says what is required: everything parseAwsConfig({}) complains about.
      const required = requiredAwsKeys();
      expect(required).toContain('NURTURE_FIRE_ARN');
      for (const key of [...required, ...localOnlyDefaults, 'NURTURE_SCHEDULER_DLQ_ARN']) {
        expect(apiEnv, key).toHaveProperty(key);
      }
    });

    it('sets no NURTURE_* key the runtime does not read (a typo would silently fall back)', () => {
      const known = awsKeysRead();
      const ours = Object.keys(apiEnv).filter((key) => key.startsWith('NURTURE_'));
      expect(ours.filter((key) => !known.has(key))).toEqual([]);
    });

    it('parses with the runtime schema once CloudFormation has filled in the references', () => {
      const secret = onlyLogicalId('AWS::SecretsManager::Secret');
      const refs = { [secret]: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:nurture-AbCdEf' };
      expect(parseAwsConfig(resolveEnv(apiEnv, resources, refs))).toMatchObject({
        NURTURE_SECRET_ARN: refs[secret],
      });
    });
  });
});

describe('scheduler', () => {
  it('has one named schedule group that the functions are told about', () => {
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: `${STACK_NAME}-alarms` });
    for (const id of engineFunctionIds(template)) {
      expect(functionEnv(id).NURTURE_SCHEDULE_GROUP).toBe(`${STACK_NAME}-alarms`);
    }
  });

  it('has a role only EventBridge Scheduler of this account can assume', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ],
      },
    });
  });

  it('lets that role invoke the fire function only, and dead-letter to its encrypted queue', () => {
    const role = schedulerRoleId();
    const fire = onlyLogicalId('AWS::Lambda::Function', { FunctionName: `${STACK_NAME}-fire` });
    const dlq = Object.keys(template.findResources('AWS::SQS::Queue')).find((id) =>
      id.startsWith('AlarmDeadLetters'),
    )!;
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify((policy.Properties as Json).Roles).includes(role))
      .flatMap((policy) => allStatements(policy));
    expect(statements).toEqual([
      expect.objectContaining({ Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [fire, 'Arn'] } }),
      expect.objectContaining({ Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [dlq, 'Arn'] } }),
    ]);
    expect(props(dlq).SqsManagedSseEnabled).toBe(true);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets the functions that arm alarms pass that role and no other; send arms none', () => {
    const passRole = allStatements().filter((s) => actionsOf(s).includes('iam:PassRole'));
    // Neither send nor webhooks arms an alarm.
    expect(passRole).toHaveLength(engineFunctionIds(template).length - 2);
    for (const statement of passRole) {
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [schedulerRoleId(), 'Arn'] });
    }
  });
});

describe('HTTP API', () => {
  it('sends every request to the api function through a throttled $default stage', () => {
    const api = onlyLogicalId('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('HTTP API') });
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [api, 'Arn'] },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    template.hasOutput('ApiUrl', {});
    template.hasOutput('TableName', {});
  });

  it('puts no route-wide limit on the console sign-in, which would let anyone lock everyone out', () => {
    // Guessing is held back per account and per client address by the api function (test/api/sign-in-throttle).
    const routes = template.findResources('AWS::ApiGatewayV2::Route');
    expect(Object.values(routes).map((r) => r.Properties.RouteKey)).toEqual(['$default']);
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stage!.Properties.RouteSettings).toBeUndefined();
  });
});

/**
 * Every wildcard action an Allow statement may carry, and why. Deny statements
 * may use wildcards (the SSL-only policies deny sqs:* and s3:*); only grants matter.
 */
const JUSTIFIED_WILDCARD_ACTIONS: Record<string, string> = {
  'kms:*':
    "the topic key's default statement for the account root, which hands the key's administration " +
    'to IAM as KMS expects of every key policy; it names no role or service',
};

/** Every action granted on Resource `*` outside key policies (where `*` means the key itself), and why. */
const JUSTIFIED_STAR_RESOURCES: Record<string, string> = {
  'sns:Publish': 'SMS is published straight to a phone number, which has no ARN',
  'ses:SetActiveReceiptRuleSet':
    'an account-wide SES setting with no resource type; only the rule-set activation custom resource holds it',
};

describe('least privilege', () => {
  const allows = () =>
    Object.entries(resources).flatMap(([id, resource]) =>
      allStatements(resource)
        .filter((statement) => statement.Effect === 'Allow')
        .map((statement) => ({ id, type: resource.Type as string, statement })),
    );

  it('allows wildcard actions only where justified: the key policy root statement', () => {
    const found = allows().flatMap(({ id, type, statement }) =>
      actionsOf(statement)
        .filter((action) => action.includes('*'))
        .map((action) => ({ id, type, action, statement })),
    );
    expect([...new Set(found.map((f) => f.action))].sort()).toEqual(
      Object.keys(JUSTIFIED_WILDCARD_ACTIONS).sort(),
    );
    for (const { type, statement } of found) {
      expect(type).toBe('AWS::KMS::Key');
      expect(JSON.stringify(statement.Principal)).toContain(':root');
    }
  });

  it('grants on Resource `*` only the actions that have no resource to name', () => {
    const isStar = (statement: Statement) => [statement.Resource].flat().includes('*');
    const starActions = allows()
      .filter(({ type, statement }) => type !== 'AWS::KMS::Key' && isStar(statement))
      .flatMap(({ statement }) => actionsOf(statement));
    expect([...new Set(starActions)].sort()).toEqual(Object.keys(JUSTIFIED_STAR_RESOURCES).sort());
  });

  it('never lets the functions scan the table', () => {
    const actions = allStatements().flatMap(actionsOf);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).toEqual(expect.arrayContaining([...TABLE_ACTIONS]));
  });

  it('grants every DynamoDB command the deployed runtime sends', () => {
    const granted = new Set<string>(TABLE_ACTIONS);
    const missing = dynamoCommandsInRuntime()
      .flatMap((command) => IAM_ACTIONS_FOR[command] ?? [command])
      .map((action) => `dynamodb:${action}`)
      .filter((action) => !granted.has(action));
    expect(missing, 'add these to TABLE_ACTIONS (or map the command in IAM_ACTIONS_FOR)').toEqual([]);
  });

  it('scopes scheduling to the group, and email to SES identities and the configuration set', () => {
    const resourceOf = (action: string) =>
      JSON.stringify(allStatements().find((s) => actionsOf(s).includes(action))?.Resource);
    expect(resourceOf('scheduler:CreateSchedule')).toContain(`:schedule/${STACK_NAME}-alarms/*`);
    const configurationSet = onlyLogicalId('AWS::SES::ConfigurationSet');
    // Only the send function talks to SES (see send-queue.suite.ts).
    const sendEmail = allStatements().filter((s) => actionsOf(s).includes('ses:SendRawEmail'));
    expect(sendEmail).toHaveLength(1);
    for (const statement of sendEmail) {
      const resource = JSON.stringify(statement.Resource);
      expect(resource).toContain(':identity/*');
      // SES authorises a send against the configuration set too once one is named.
      expect(resource).toContain(`":configuration-set/",{"Ref":"${configurationSet}"}`);
    }
  });
});

/** The role customer alarms run with (the sweep's schedule has its own). */
function schedulerRoleId(): string {
  return stack.getLogicalId(stack.schedulerRole.node.defaultChild as CfnElement);
}
