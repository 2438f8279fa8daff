import type { CfnResource } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SENDING_LEASE_MS } from '../../functions/engine/send/send-job';
import { SQS_MAX_BODY_BYTES } from '../../functions/ports/send-queue/job';
import type { NurtureFunction } from '../../infra/nurture-function';
import { SEND_TIMEOUT } from '../../infra/send-queue';
import {
  actionsOf,
  allStatements,
  expectTlsOnly,
  type Json,
  propsFromContext,
  type Statement,
  synthesize,
} from './helpers';

const { stack, template } = synthesize();
const resources = template.toJSON().Resources as Record<string, Json>;
const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnResource);
const props = (logicalId: string) => resources[logicalId]?.Properties as Json;
const queueId = idOf(stack.sendQueue.queue);
const dlqId = idOf(stack.sendQueue.deadLetterQueue);
const sendId = idOf(stack.send.function);
const queueArn = { 'Fn::GetAtt': [queueId, 'Arn'] };

function roleStatements(fn: NurtureFunction, from = resources): Statement[] {
  const role = stack.getLogicalId(fn.function.role!.node.defaultChild as CfnResource);
  return Object.values(from)
    .filter(
      (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify((r.Properties as Json).Roles).includes(role),
    )
    .flatMap((policy) => allStatements(policy));
}

const onQueue = (statement: Statement) => JSON.stringify(statement.Resource) === JSON.stringify(queueArn);

describe('the send queue', () => {
  it('is encrypted, TLS-only, sized as the enqueueing adapter expects, and dead-letters after 8 tries', () => {
    expect(props(queueId)).toMatchObject({
      SqsManagedSseEnabled: true,
      MaximumMessageSize: SQS_MAX_BODY_BYTES,
      // Six times the send function's timeout, as Lambda advises for an SQS source.
      VisibilityTimeout: 180,
      MessageRetentionPeriod: 4 * 86_400,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 8 },
    });
    expect(props(dlqId)).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    expectTlsOnly(template, [queueId, dlqId]);
  });

  it('is drained by send in batches of 10, reporting failed items, at most 2 instances at once', () => {
    // The send queue's, and the webhook queue's (test/infra/webhook-queue.suite.ts).
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: queueArn,
      FunctionName: { Ref: sendId },
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('paces send to SES’s default 14 emails a second, reserving no concurrency unless asked', () => {
    const send = props(sendId);
    // A new account's quota of 10 concurrent executions allows no reservation: off by default.
    expect(send).toMatchObject({ Timeout: 30 });
    expect(send.ReservedConcurrentExecutions).toBeUndefined();
    expect((send.Environment as { Variables: Json }).Variables).toMatchObject({
      NURTURE_SEND_QUEUE_URL: { Ref: queueId },
      NURTURE_SEND_MAX_RECEIVES: '8',
      // 2 instances, each one call per 143 ms: 13.99 calls a second together.
      NURTURE_SEND_INTERVAL_MS: '143',
    });
    // An attempt still "sending" after the lease is known dead only if no send can run that long.
    expect(SEND_TIMEOUT.toMilliseconds()).toBeLessThan(SENDING_LEASE_MS);
  });

  it('tells every engine function where to enqueue', () => {
    for (const fn of [stack.api, stack.fire, stack.inboundEmail, stack.inboundSms, stack.deliveryEvents]) {
      const env = (props(idOf(fn.function)).Environment as { Variables: Json }).Variables;
      expect(env.NURTURE_SEND_QUEUE_URL).toEqual({ Ref: queueId });
    }
  });

  it('reserves concurrency for send when asked, by prop or by context (-c sendReservedConcurrency=2)', () => {
    for (const asked of [
      synthesize({ sendReservedConcurrency: 2 }),
      synthesize(propsFromContext({ sendReservedConcurrency: '2' })),
    ]) {
      const fn = asked.template.toJSON().Resources[
        asked.stack.getLogicalId(asked.stack.send.function.node.defaultChild as CfnResource)
      ] as Json;
      expect((fn.Properties as Json).ReservedConcurrentExecutions).toBe(2);
    }
    expect(propsFromContext({ sendReservedConcurrency: '2' }).sendReservedConcurrency).toBe(2);
  });

  it('takes its rate, concurrency, batch, reservation and tries from props', () => {
    const custom = synthesize({
      sendRatePerSecond: 50,
      sendConcurrency: 5,
      sendBatchSize: 25,
      sendReservedConcurrency: 0,
      sendMaxReceives: 12,
    });
    const customResources = custom.template.toJSON().Resources as Record<string, Json>;
    const fn = customResources[
      custom.stack.getLogicalId(custom.stack.send.function.node.defaultChild as CfnResource)
    ]!.Properties as Json;
    expect(fn.ReservedConcurrentExecutions).toBeUndefined();
    expect((fn.Environment as { Variables: Json }).Variables).toMatchObject({
      NURTURE_SEND_MAX_RECEIVES: '12',
      NURTURE_SEND_INTERVAL_MS: '100',
    });
    custom.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 25,
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    custom.template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 12 }),
    });
  });

  it('refuses settings the event source or the timeout could not honour', () => {
    expect(() => synthesize({ sendConcurrency: 1 })).toThrow(/sendConcurrency must be a whole number from 2/);
    expect(() => synthesize({ sendRatePerSecond: 0 })).toThrow(/sendRatePerSecond/);
    expect(() => synthesize({ sendMaxReceives: 2.5 })).toThrow(/sendMaxReceives/);
    // 1 email a second (the SES sandbox) over 2 instances: 2 s apart, so 20 jobs would take 40 s.
    expect(() => synthesize({ sendRatePerSecond: 1, sendBatchSize: 20 })).toThrow(
      /too close to send's 30 s timeout/,
    );
  });
});

describe('who may send', () => {
  it('lets only send call SES and SNS, and consume the queue; send arms no alarms and enqueues nothing', () => {
    const send = roleStatements(stack.send);
    const actions = send.flatMap(actionsOf);
    expect(actions).toEqual(expect.arrayContaining(['ses:SendRawEmail', 'sns:Publish']));
    expect(send.filter(onQueue).flatMap(actionsOf).sort()).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ]);
    expect(actions.filter((a) => a.startsWith('scheduler:') || a === 'iam:PassRole')).toEqual([]);
  });

  it('lets api, fire and the inbound functions only put jobs on the queue, and delivery-events not even that', () => {
    for (const fn of [stack.api, stack.fire, stack.inboundEmail, stack.inboundSms]) {
      const statements = roleStatements(fn);
      expect(statements.filter(onQueue)).toEqual([
        expect.objectContaining({ Sid: 'EnqueueSends', Effect: 'Allow', Action: 'sqs:SendMessage' }),
      ]);
      expect(
        statements.flatMap(actionsOf).filter((a) => a.startsWith('ses:Send') || a === 'sns:Publish'),
      ).toEqual([]);
    }
    const deliveryEvents = roleStatements(stack.deliveryEvents);
    expect(deliveryEvents.filter(onQueue)).toEqual([]);
    expect(deliveryEvents.flatMap(actionsOf)).not.toContain('ses:SendRawEmail');
  });
});
