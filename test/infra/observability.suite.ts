import type { CfnResource } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SES_BOUNCE_RATE_ALARM, SES_COMPLAINT_RATE_ALARM } from '../../infra/observability';
import { allStatements, engineFunctionIds, type Json, synthesize } from './helpers';

const { stack, template } = synthesize();
const resources = template.toJSON().Resources as Record<string, Json>;
const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnResource);
const alarms = () =>
  Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties as Json);
const alarmTopic = () => idOf(stack.observability.alarmTopic.topic);
const dimensionOf = (alarm: Json) => JSON.stringify(alarm.Dimensions);

describe('alarm topic', () => {
  it('is encrypted with the stack topic key, TLS-only, and lets CloudWatch alarms of this account publish', () => {
    const key = idOf(stack.node.findChild('TopicKey') as never);
    expect((resources[alarmTopic()]!.Properties as Json).KmsMasterKeyId).toEqual({
      'Fn::GetAtt': [key, 'Arn'],
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: alarmTopic() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
    const cloudwatchKeyGrant = allStatements(resources[key]).find((s) =>
      JSON.stringify(s.Principal).includes('cloudwatch.amazonaws.com'),
    );
    expect(JSON.stringify(cloudwatchKeyGrant?.Condition?.ArnLike)).toContain(':alarm:*"');
  });

  it('emails the alarm address from context, and nobody without one', () => {
    // Without an address the only subscription is inbound SMS -> inbound-sms.
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    synthesize({ alarmEmail: 'ops@acme.example' }).template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@acme.example',
      TopicArn: { Ref: alarmTopic() },
    });
    expect(() => synthesize({ alarmEmail: 'ops' })).toThrow(/alarmEmail/);
  });
});

describe('alarms', () => {
  it('all notify the alarm topic, on alarm and on recovery', () => {
    expect(alarms().length).toBeGreaterThan(0);
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions).toEqual([{ Ref: alarmTopic() }]);
      expect(alarm.OKActions).toEqual([{ Ref: alarmTopic() }]);
    }
  });

  it('ring on the first message in every dead-letter queue', () => {
    // Every queue but the send and webhook queues themselves is a dead-letter queue: alarms, send,
    // inbound email, inbound SMS, delivery events, the sweep and webhooks.
    const workQueues = [idOf(stack.sendQueue.queue), idOf(stack.webhookQueue.queue)];
    const queues = Object.keys(template.findResources('AWS::SQS::Queue')).filter(
      (id) => !workQueues.includes(id),
    );
    expect(queues).toHaveLength(7);
    const dlqAlarms = alarms().filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(dlqAlarms).toHaveLength(queues.length);
    for (const queue of queues) {
      const alarm = dlqAlarms.find((a) => dimensionOf(a).includes(`"${queue}"`));
      expect(alarm, queue).toMatchObject({
        Namespace: 'AWS/SQS',
        Statistic: 'Maximum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
      });
    }
  });

  it("ring on each engine function's first error and first throttle", () => {
    const functions = engineFunctionIds(template);
    expect(functions).toHaveLength(8);
    for (const metric of ['Errors', 'Throttles']) {
      for (const fn of functions) {
        const alarm = alarms().find((a) => a.MetricName === metric && dimensionOf(a).includes(`"${fn}"`));
        expect(alarm, `${metric} ${fn}`).toMatchObject({
          Namespace: 'AWS/Lambda',
          Statistic: 'Sum',
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
        });
      }
    }
  });

  it('ring on an HTTP API 5xx', () => {
    const api = idOf(stack.httpApi);
    const alarm = alarms().find((a) => a.MetricName === '5xx');
    expect(alarm).toMatchObject({ Namespace: 'AWS/ApiGateway', Statistic: 'Sum', Threshold: 1 });
    expect(dimensionOf(alarm!)).toContain(`"${api}"`);
  });

  it('ring on SES reputation before SES reviews the account (5% bounces, 0.1% complaints)', () => {
    expect(SES_BOUNCE_RATE_ALARM).toBe(0.04);
    expect(SES_COMPLAINT_RATE_ALARM).toBe(0.0008);
    for (const [metric, threshold] of [
      ['Reputation.BounceRate', 0.04],
      ['Reputation.ComplaintRate', 0.0008],
    ] as const) {
      const alarm = alarms().find((a) => a.MetricName === metric);
      expect(alarm, metric).toMatchObject({
        Namespace: 'AWS/SES',
        Statistic: 'Maximum',
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      // Account-wide, as SES's own thresholds are.
      expect(alarm!.Dimensions).toBeUndefined();
    }
  });

  it('ring when the recovery sweep had to re-arm a lost customer alarm', () => {
    const lost = alarms().filter((a) => a.Namespace === 'Nurture');
    expect(lost).toEqual([
      expect.objectContaining({
        MetricName: 'SweepRearms',
        Dimensions: [{ Name: 'service', Value: 'nurture' }],
        Statistic: 'Sum',
        // The sweep's own cadence: one period per sweep.
        Period: 900,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      }),
    ]);
    expect(String(lost[0]!.AlarmDescription)).toMatch(/never rang/);
  });

  it('ring when a send has waited an hour in the send queue', () => {
    const alarm = alarms().find((a) => a.MetricName === 'ApproximateAgeOfOldestMessage');
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      Statistic: 'Maximum',
      Threshold: 3600,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(dimensionOf(alarm!)).toContain(`"${idOf(stack.sendQueue.queue)}"`);
  });

  it('ring when Scheduler cannot invoke, drops or cannot dead-letter a customer alarm or a sweep', () => {
    const groups = [
      `${stack.stackName}-alarms`, // the customer alarms' group, named
      'default', // the sweep's schedule names none
    ];
    for (const group of groups) {
      for (const metric of [
        'TargetErrorCount',
        'InvocationDroppedCount',
        'InvocationsFailedToBeSentToDeadLetterCount',
      ]) {
        const found = alarms().filter(
          (a) =>
            a.MetricName === metric &&
            JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'ScheduleGroup', Value: group }]),
        );
        expect(found, `${metric} ${JSON.stringify(group)}`).toEqual([
          expect.objectContaining({
            Namespace: 'AWS/Scheduler',
            Statistic: 'Sum',
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            TreatMissingData: 'notBreaching',
            AlarmActions: [{ Ref: alarmTopic() }],
          }),
        ]);
      }
    }
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: `${stack.stackName}-alarms` });
  });

  it('are exactly these: 7 dead-letter, 8 x 2 function, 1 API, 2 reputation, 1 lost-alarm, 1 backlog and 2 x 3 scheduler alarms', () => {
    expect(alarms()).toHaveLength(7 + 16 + 1 + 2 + 1 + 1 + 6);
  });
});

describe('dashboard', () => {
  const dashboardBody = () =>
    JSON.stringify(
      (Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties as Json)
        .DashboardBody,
    );

  it('is one dashboard of sends, errors, dead-letter depths and reputation rates', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = dashboardBody();
    for (const text of [
      'Sends',
      '\\"AWS/SES\\",\\"Send\\"',
      '\\"AWS/Lambda\\",\\"Invocations\\"',
      '\\"AWS/Lambda\\",\\"Errors\\"',
      'ApproximateNumberOfMessagesVisible',
      'ApproximateAgeOfOldestMessage',
      'Send queue',
      'Reputation.BounceRate',
      'Reputation.ComplaintRate',
    ]) {
      expect(body).toContain(text);
    }
  });

  it('graphs the engine’s own metrics: sends and failures by channel, replies, delivery events, fires, re-arms', () => {
    const body = dashboardBody();
    for (const text of [
      '\\"Nurture\\",\\"MessagesSent\\",\\"channel\\",\\"email\\",\\"service\\",\\"nurture\\"',
      '\\"Nurture\\",\\"MessagesFailed\\",\\"channel\\",\\"sms\\",\\"service\\",\\"nurture\\"',
      'SEARCH(',
      'MetricName=\\\\\\"Replies\\\\\\"',
      'MetricName=\\\\\\"DeliveryEvents\\\\\\"',
      '\\"Nurture\\",\\"Fires\\",\\"service\\",\\"nurture\\"',
      '\\"Nurture\\",\\"SweepRearms\\",\\"service\\",\\"nurture\\"',
    ]) {
      expect(body).toContain(text);
    }
  });
});
