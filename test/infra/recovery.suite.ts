import type { CfnElement } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { parseSweepConfig } from '../../functions/wiring/config';
import { actionsOf, allStatements, type Json, resolveEnv, STACK_NAME, synthesize } from './helpers';

const { stack, template } = synthesize();
const resources = template.toJSON().Resources as Record<string, Json>;
const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);
const props = (id: string) => resources[id]!.Properties as Json;

const sweepFn = idOf(stack.sweep.function);
const sweepRole = idOf(stack.sweep.function.role!);
const sweepDlq = idOf(stack.recovery.deadLetters);
const table = idOf(stack.table);

/** Every Allow statement in the policies attached to `roleId`. */
function grantsOf(roleId: string) {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify((policy.Properties as Json).Roles).includes(`"${roleId}"`))
    .flatMap((policy) => allStatements(policy))
    .filter((statement) => statement.Effect === 'Allow');
}

describe('the recovery sweep', () => {
  it('runs with only what it reads: the table, the schedule group, the fire target and its role', () => {
    const env = (props(sweepFn).Environment as { Variables: Json }).Variables;
    expect(Object.keys(env).sort()).toEqual([
      'NODE_OPTIONS',
      'NURTURE_FIRE_ARN',
      'NURTURE_SCHEDULER_DLQ_ARN',
      'NURTURE_SCHEDULER_ROLE_ARN',
      'NURTURE_SCHEDULE_GROUP',
      'NURTURE_TABLE',
      'NURTURE_TEMPLATES_DIR',
    ]);
    expect(() => parseSweepConfig(resolveEnv(env))).not.toThrow();
    expect(props(sweepFn)).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Timeout: 300 });
  });

  it('may query the alarm index and set alarms, and nothing else: no item access, no secret, no sending', () => {
    const grants = grantsOf(sweepRole).map((s) => ({ actions: actionsOf(s).sort(), resource: s.Resource }));
    expect(grants).toEqual([
      expect.objectContaining({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
      { actions: ['sqs:SendMessage'], resource: { 'Fn::GetAtt': [sweepDlq, 'Arn'] } },
      {
        actions: ['dynamodb:Query'],
        resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [table, 'Arn'] }, '/index/gsi3']] },
      },
      {
        actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule'],
        resource: expect.objectContaining({
          'Fn::Join': ['', expect.arrayContaining([`:schedule/${STACK_NAME}-alarms/*`])],
        }),
      },
      {
        actions: ['iam:PassRole'],
        resource: { 'Fn::GetAtt': [idOf(stack.schedulerRole), 'Arn'] },
      },
    ]);
  });

  it('is scheduled every 15 minutes, with retries and a dead-letter queue', () => {
    const schedules = template.findResources('AWS::Scheduler::Schedule');
    expect(Object.values(schedules).map((s) => s.Properties)).toEqual([
      {
        Name: `${STACK_NAME}-sweep`,
        Description: expect.any(String),
        ScheduleExpression: 'rate(15 minutes)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: {
          Arn: { 'Fn::GetAtt': [sweepFn, 'Arn'] },
          RoleArn: { 'Fn::GetAtt': [idOf(stack.recovery.scheduleRole), 'Arn'] },
          Input: '{}',
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 900 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [sweepDlq, 'Arn'] } },
        },
      },
    ]);
    // Failures after Lambda's own retries (the scheduler invokes asynchronously) land in the same queue.
    expect(props(sweepFn).DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [sweepDlq, 'Arn'] } });
    expect(props(sweepDlq)).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it('starts through a role only its own schedule may assume, allowed to invoke the sweep and dead-letter', () => {
    const role = props(idOf(stack.recovery.scheduleRole));
    const trust = allStatements(role.AssumeRolePolicyDocument)[0]!;
    expect(trust).toMatchObject({
      Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    // Scheduler sends the ARN of the schedule's group, not the schedule's; the sweep's is in `default`.
    expect(resolveEnv({ arn: trust.Condition?.ArnLike?.['aws:SourceArn'] as Json }).arn).toBe(
      'arn:aws:scheduler:eu-west-1:123456789012:schedule-group/default',
    );
    const grants = grantsOf(idOf(stack.recovery.scheduleRole)).map((s) => ({
      action: s.Action,
      resource: s.Resource,
    }));
    expect(grants).toEqual([
      { action: 'lambda:InvokeFunction', resource: { 'Fn::GetAtt': [sweepFn, 'Arn'] } },
      { action: 'sqs:SendMessage', resource: { 'Fn::GetAtt': [sweepDlq, 'Arn'] } },
    ]);
  });

  it('has every Scheduler role name a schedule group in its confused-deputy condition, the form Scheduler sends', () => {
    // EventBridge Scheduler User Guide, "Confused deputy prevention": aws:SourceArn must be a schedule
    // group's ARN, arn:aws:scheduler:REGION:ACCOUNT:schedule-group/GROUP, never a schedule's or a prefix.
    const documented = /^arn:aws:scheduler:[a-z0-9-]+:\d{12}:schedule-group\/[0-9a-zA-Z_.-]+$/;
    const trusts = Object.entries(template.findResources('AWS::IAM::Role'))
      .map(([id, role]) => ({
        id,
        trust: allStatements((role.Properties as Json).AssumeRolePolicyDocument)[0]!,
      }))
      .filter(({ trust }) => JSON.stringify(trust.Principal).includes('scheduler.amazonaws.com'));
    expect(trusts.map(({ id }) => id).sort()).toEqual(
      [idOf(stack.schedulerRole), idOf(stack.recovery.scheduleRole)].sort(),
    );
    for (const { id, trust } of trusts) {
      const sourceArn = trust.Condition?.ArnLike?.['aws:SourceArn'] as Json;
      if (id === idOf(stack.schedulerRole)) {
        // The customer alarms' group, whose Arn attribute CloudFormation answers in that form.
        expect(sourceArn).toEqual({ 'Fn::GetAtt': [idOf(stack.scheduleGroup), 'Arn'] });
      } else {
        expect(resolveEnv({ arn: sourceArn }).arn).toMatch(documented);
      }
      expect(JSON.stringify(sourceArn)).not.toContain(':schedule/');
    }
    const deployed = synthesize({ env: { account: '123456789012', region: 'eu-west-1' } });
    const sweepTrust = allStatements(
      (deployed.template.toJSON().Resources as Record<string, Json>)[
        deployed.stack.getLogicalId(deployed.stack.recovery.scheduleRole.node.defaultChild as CfnElement)
      ]!.Properties,
    )[0]!;
    expect(resolveEnv({ arn: sweepTrust.Condition?.ArnLike?.['aws:SourceArn'] as Json }).arn).toMatch(
      documented,
    );
  });

  it('is told about in the outputs, for a manual run and a redrive', () => {
    template.hasOutput('SweepFunctionName', {});
    template.hasOutput('SweepDeadLetterQueueUrl', {});
    template.hasOutput('AlarmDeadLetterQueueUrl', {});
  });
});
