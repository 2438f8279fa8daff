import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type App, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { NurtureStack, type NurtureStackProps } from '../../infra/nurture-stack';
import { memoize, STACK_NAME, stackProps, testApp } from './helpers';

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

/** The app as `npm run synth` builds it (AwsSolutions checks on), bundling off. */
function newCheckedApp(extra: Partial<NurtureStackProps> = {}): { app: App; stack: NurtureStack } {
  const app = testApp();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new NurtureStack(app, STACK_NAME, stackProps(extra));
  return { app, stack };
}

/** One checked app per distinct `extra` in a run: shared, so a test that adds to the stack makes its own. */
const checkedApp = memoize(newCheckedApp);

/** Every unacknowledged finding, errors and warnings alike, as `rule construct-path`. */
function findings(app: App): string[] {
  try {
    app.synth();
  } catch (error) {
    const reportFile = path.join(app.outdir, 'validation-report.json');
    if (!existsSync(reportFile)) throw error;
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ValidationReport;
    return report.pluginReports.flatMap((plugin) =>
      plugin.violations.flatMap((violation) =>
        violation.violatingConstructs.map(
          (construct) => `${violation.severity} ${violation.ruleName} ${construct.constructPath}`,
        ),
      ),
    );
  }
  return [];
}

/** Every acknowledgement in the tree: rule id and reason. */
function acknowledgements(root: IConstruct): { id: string; reason: string }[] {
  return root.node
    .findAll()
    .flatMap((construct) => construct.node.metadata)
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
    .map(([id, reason]) => ({ id, reason }));
}

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['environment-agnostic, no context', {}],
    ['deployed to an account and region', { env: { account: '123456789012', region: 'eu-west-1' } }],
    [
      'with a console origin and an alarm email',
      { consoleOrigin: 'https://console.acme.example', alarmEmail: 'ops@acme.example' },
    ],
    ['with a first admin', { adminEmail: 'boss@acme.example' }],
    [
      'with a first admin, in an account and region',
      { adminEmail: 'boss@acme.example', env: { account: '123456789012', region: 'eu-west-1' } },
    ],
  ] as const)('has no unacknowledged findings: %s', (_name, extra) => {
    expect(findings(checkedApp(extra).app)).toEqual([]);
  });

  it('is really checking: a plain queue added to the stack is reported', () => {
    const { app, stack } = newCheckedApp();
    new sqs.Queue(stack, 'PlainQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const found = findings(app);
    expect(found).toContainEqual(expect.stringMatching(/AwsSolutions-SQS3 .*PlainQueue/));
    expect(found).toContainEqual(expect.stringMatching(/AwsSolutions-SQS4 .*PlainQueue/));
  });

  it('acknowledges only these rules, each finding by its own id, with a reason', () => {
    const { stack } = checkedApp();
    const acks = acknowledgements(stack);
    const rules = new Set(acks.map((ack) => /^AwsSolutions::(AwsSolutions-[A-Z]+\d+)/.exec(ack.id)?.[1]));
    expect([...rules].sort()).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-IAM4',
      'AwsSolutions-IAM5',
      'AwsSolutions-L1',
      'AwsSolutions-S1',
      'AwsSolutions-SMG4',
      'AwsSolutions-SQS3',
    ]);
    for (const ack of acks) {
      expect(ack.reason.length, ack.id).toBeGreaterThan(40);
      // IAM4 and IAM5 are acknowledged per policy or resource, never rule-wide.
      if (/-IAM[45]/.test(ack.id)) expect(ack.id).toMatch(/\[(Policy|Resource)::.+\]$/);
    }
    // 5 engine functions x (table indexes, schedules, L1), send x (table indexes, SES identities,
    // SNS, L1), inbound mail read, rule-set activation, 2 CDK handler roles, the bucket, the
    // scheduler DLQ and the $default route; the sweep's schedule group wildcard and L1; the secret's
    // rotation; webhooks x (table indexes, L1); the api's deletes of raw mail (an erasure).
    expect(acks).toHaveLength(5 * 3 + 4 + 1 + 1 + 2 + 3 + 2 + 1 + 2 + 1);
    // The first admin's function adds its own: table indexes, SES identities, L1.
    expect(acknowledgements(checkedApp({ adminEmail: 'boss@acme.example' }).stack)).toHaveLength(
      acks.length + 3,
    );
  });
});
