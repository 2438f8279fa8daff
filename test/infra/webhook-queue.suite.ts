import type { CfnResource } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS } from '../../functions/core/webhooks/retry';
import { RECEIVER_TIMEOUT_MS } from '../../functions/ports/webhook-receiver/fetch';
import type { NurtureFunction } from '../../infra/nurture-function';
import { actionsOf, allStatements, expectTlsOnly, type Json, type Statement, synthesize } from './helpers';

const { stack, template } = synthesize();
const resources = template.toJSON().Resources as Record<string, Json>;
const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnResource);
const props = (logicalId: string) => resources[logicalId]?.Properties as Json;
const queueId = idOf(stack.webhookQueue.queue);
const dlqId = idOf(stack.webhookQueue.deadLetterQueue);
const webhooksId = idOf(stack.webhooks.function);
const queueArn = { 'Fn::GetAtt': [queueId, 'Arn'] };
const env = (fn: NurtureFunction) => (props(idOf(fn.function)).Environment as { Variables: Json }).Variables;

function roleStatements(fn: NurtureFunction): Statement[] {
  const role = stack.getLogicalId(fn.function.role!.node.defaultChild as CfnResource);
  return Object.values(resources)
    .filter(
      (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify((r.Properties as Json).Roles).includes(role),
    )
    .flatMap((policy) => allStatements(policy));
}
const onQueue = (statement: Statement) => JSON.stringify(statement.Resource) === JSON.stringify(queueArn);

describe('the webhook queue', () => {
  it('is encrypted, TLS-only, keeps jobs past the whole retry schedule, and sets aside a job its consumer keeps failing on', () => {
    const schedule = RETRY_DELAYS_SECONDS.reduce((sum, s) => sum + s, 0);
    expect(props(queueId)).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 4 * 86_400,
      // Six times the function's timeout, as Lambda advises for an SQS source.
      VisibilityTimeout: 360,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
        maxReceiveCount: MAX_ATTEMPTS + 4,
      },
    });
    expect(props(queueId).MessageRetentionPeriod as number).toBeGreaterThan(schedule * 2);
    expect(props(dlqId)).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    expectTlsOnly(template, [queueId, dlqId]);
  });

  it('is drained by webhooks in batches of 10, reporting failed items, within a timeout that outlasts a receiver', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: queueArn,
      FunctionName: { Ref: webhooksId },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    expect(props(webhooksId).Timeout as number).toBeGreaterThan((RECEIVER_TIMEOUT_MS / 1000) * 2);
  });

  it('tells every emitting function where to enqueue, and lets it only put jobs there', () => {
    for (const fn of [
      stack.api,
      stack.fire,
      stack.send,
      stack.inboundEmail,
      stack.inboundSms,
      stack.deliveryEvents,
    ]) {
      expect(env(fn).NURTURE_WEBHOOK_QUEUE_URL).toEqual({ Ref: queueId });
      expect(roleStatements(fn).filter(onQueue)).toEqual([
        expect.objectContaining({ Sid: 'EnqueueWebhooks', Effect: 'Allow', Action: 'sqs:SendMessage' }),
      ]);
    }
  });

  it('lets webhooks read the table and drain its queue: no secret, no alarms, no SES or SNS', () => {
    const actions = roleStatements(stack.webhooks).flatMap(actionsOf);
    expect(
      actions.filter(
        (a) =>
          /^(secretsmanager|scheduler|ses|sns):/.test(a) || a === 'iam:PassRole' || a === 'sqs:SendMessage',
      ),
    ).toEqual([]);
    expect(roleStatements(stack.webhooks).filter(onQueue).flatMap(actionsOf).sort()).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ]);
  });

  it('rings on its dead letters, and names them in an output', () => {
    template.hasOutput('WebhookDeadLetterQueueArn', { Value: { 'Fn::GetAtt': [dlqId, 'Arn'] } });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties as Json,
    );
    expect(alarms.some((a) => JSON.stringify(a.Dimensions).includes(`"${dlqId}"`))).toBe(true);
  });
});
