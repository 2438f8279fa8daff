import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { parseAwsConfig } from '../../functions/wiring/config';
import { stackPropsFromContext } from '../../infra/context';
import { REPO_ROOT } from '../../infra/nurture-function';
import { NurtureStack, type NurtureStackProps } from '../../infra/nurture-stack';

export const STACK_NAME = 'NurtureStack';
export const INBOUND_DOMAIN = 'reply.acme.example';
export const SENDING_ADDRESS = 'Acme <hello@acme.example>';

/**
 * `make(config)` once per distinct config in this process, kept by the config's
 * JSON (keys sorted); a config that throws is not kept, so it throws again.
 * What it returns is shared by every caller: read it, never add to it.
 */
export function memoize<Config, Result>(make: (config?: Config) => Result): (config?: Config) => Result {
  const made = new Map<string, Result>();
  return (config) => {
    const key = stableJson(config);
    if (!made.has(key)) made.set(key, make(config));
    return made.get(key)!;
  };
}

function stableJson(value: unknown): string {
  return JSON.stringify(value ?? {}, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/** The stack's props as the tests deploy it, with `extra` on top. */
export function stackProps(extra: Partial<NurtureStackProps> = {}): NurtureStackProps {
  return { sendingAddress: SENDING_ADDRESS, inboundDomain: INBOUND_DOMAIN, ...extra };
}

/** An app as the tests make it: bundling off (these tests are about the template, and esbuild adds seconds per function). */
export function testApp(): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [] } });
}

/**
 * The stack as the tests see it, synthesized once per distinct configuration in a
 * run (infra.test.ts runs every suite in one process): shared, so never add
 * to it; a test that changes the stack makes its own.
 */
export function synthesize(extra?: Partial<NurtureStackProps>): { stack: NurtureStack; template: Template } {
  return synthesizeProps(stackProps(extra));
}

/** Kept by the whole props, so the same stack reached from other `extra` (or from context) is made once. */
const synthesizeProps = memoize((props?: NurtureStackProps) => {
  const stack = new NurtureStack(testApp(), STACK_NAME, props!);
  return { stack, template: Template.fromStack(stack) };
});

/** The stack's props as `cdk deploy -c key=value ...` gives them (app.ts), over the tests' addresses. */
export function propsFromContext(context: Record<string, string>): NurtureStackProps {
  const app = new App({
    context: { sendingAddress: SENDING_ADDRESS, inboundDomain: INBOUND_DOMAIN, ...context },
  });
  return stackPropsFromContext(app.node);
}

/** The functions that run the engine, told apart from CDK's own custom-resource handlers by their table setting. */
export function engineFunctionIds(template: Template): string[] {
  return Object.entries(template.findResources('AWS::Lambda::Function'))
    .filter(([, resource]) => JSON.stringify(resource).includes('"NURTURE_TABLE"'))
    .map(([logicalId]) => logicalId);
}

export type Json = Record<string, unknown>;
export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** Every policy document in the template (identity, trust, resource policies) yields its statements. */
export function allStatements(node: unknown): Statement[] {
  if (Array.isArray(node)) return node.flatMap((child) => allStatements(child));
  if (node === null || typeof node !== 'object') return [];
  const found = Array.isArray((node as Json).Statement) ? ((node as Json).Statement as Statement[]) : [];
  return [...found, ...Object.values(node).flatMap((child) => allStatements(child))];
}

export function actionsOf(statement: Statement): string[] {
  return [statement.Action].flat();
}

/** Document-client and low-level command names to the IAM actions DynamoDB authorises them by. */
export const IAM_ACTIONS_FOR: Record<string, string[]> = {
  Get: ['GetItem'],
  Put: ['PutItem'],
  Update: ['UpdateItem'],
  Delete: ['DeleteItem'],
  BatchGet: ['BatchGetItem'],
  BatchWrite: ['BatchWriteItem'],
  TransactGet: ['GetItem'],
  TransactWrite: ['PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'],
  TransactGetItems: ['GetItem'],
  TransactWriteItems: ['PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'],
};

/** `XCommand` imports from the DynamoDB SDK packages in runtime code; the local world is not deployed. */
export function dynamoCommandsInRuntime(): string[] {
  const root = path.join(REPO_ROOT, 'functions');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && !file.split(path.sep).some((part) => /^local(\.ts)?$/.test(part)),
  );
  const commands = new Set<string>();
  for (const file of files) {
    const source = readFileSync(path.join(root, file), 'utf8');
    for (const match of source.matchAll(
      /import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/(?:lib|client)-dynamodb'/g,
    )) {
      for (const specifier of match[1]!.split(',').map((part) => part.trim())) {
        const command = /^(\w+)Command$/.exec(specifier)?.[1];
        if (command) commands.add(command);
      }
    }
  }
  if (commands.size === 0) throw new Error('found no DynamoDB commands: has the store moved?');
  return [...commands];
}

export function requiredAwsKeys(): string[] {
  try {
    parseAwsConfig({});
  } catch (error) {
    return (error as { issues: { path: string }[] }).issues.map((issue) => issue.path);
  }
  throw new Error('parseAwsConfig({}) unexpectedly succeeded');
}

/** The keys the AWS schema looks at, recorded by handing it an environment that logs its reads. */
export function awsKeysRead(): Set<string> {
  const read = new Set<string>();
  const env = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get: (_target, key) => {
        if (typeof key === 'string') read.add(key);
        return undefined;
      },
    },
  );
  try {
    parseAwsConfig(env);
  } catch {
    // Missing values are expected; only the reads matter.
  }
  return read;
}

/**
 * Stands in for CloudFormation: pseudo parameters get deploy-like values,
 * references plausible ARNs and URLs (a queue's Ref is its URL, as
 * CloudFormation answers it); `refs` gives what a `Ref` resolves to where that
 * is not the logical id (a secret's ARN).
 */
export function resolveEnv(
  env: Json,
  resources: Record<string, Json> = {},
  refs: Record<string, string> = {},
): Record<string, string> {
  const parameters: Record<string, string> = {
    ...refs,
    'AWS::Partition': 'aws',
    'AWS::Region': 'eu-west-1',
    'AWS::AccountId': '123456789012',
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const resolve = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const node = value as Json;
    if ('Ref' in node) {
      const id = node.Ref as string;
      if (resources[id]?.Type === 'AWS::SQS::Queue')
        return `https://sqs.eu-west-1.amazonaws.com/123456789012/${id}`;
      return parameters[id] ?? id;
    }
    if ('Fn::GetAtt' in node) {
      const [id, attribute] = node['Fn::GetAtt'] as [string, string];
      return attribute === 'ApiEndpoint'
        ? `https://${id.toLowerCase()}.execute-api.eu-west-1.amazonaws.com`
        : `arn:aws:test:eu-west-1:123456789012:${id}`;
    }
    if ('Fn::Join' in node) {
      const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(separator);
    }
    throw new Error(`cannot resolve ${JSON.stringify(value)}`);
  };
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, resolve(value)]));
}

/** Each of `queueIds` has a queue policy denying any request not made over TLS. */
export function expectTlsOnly(template: Template, queueIds: readonly string[]): void {
  for (const queue of queueIds) {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queue }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  }
}
