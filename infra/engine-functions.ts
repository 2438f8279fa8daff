import { Duration, type Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { CustomerAlarms } from './customer-alarms';
import { createEngineStatements, createSendStatements, TABLE_ACTIONS } from './engine-grants';
import { API_MEMORY_MB, NurtureFunction, type NurtureFunctionProps } from './nurture-function';
import { SEND_TIMEOUT, type SendQueue } from './send-queue';
import { WEBHOOK_TIMEOUT, type WebhookQueue } from './webhook-queue';

export interface EngineFunctionsProps {
  readonly table: dynamodb.TableV2;
  readonly secretArn: string;
  readonly alarms: CustomerAlarms;
  readonly sendQueue: SendQueue;
  /** Where every engine function (and `send`) emits events for integrators; `webhooks` drains it. */
  readonly webhookQueue: WebhookQueue;
  readonly configurationSetName: string;
  /** The From header of every email. */
  readonly sendingAddress: string;
  /** How messages name the business (`business.name` in templates). */
  readonly businessName: string;
  readonly inboundDomain: string;
  /** The base URL of links in messages (unsubscribe, tracking). */
  readonly publicUrl: string;
  /** The SMS origination identity `send` texts from; without it SNS picks one. */
  readonly smsOriginationNumber?: string;
}

/**
 * The functions that run the engine, and the one way to add another: every
 * one gets the same environment and item-level table access. The engine's
 * functions arm alarms and read the secret; `send` alone sends. Made here:
 * `api` (behind the HTTP API), `fire` (rung by customer alarms) and `send`
 * (draining the send queue at the account's rate).
 *
 * Its functions belong to the stack itself (construct ids `Api`, `Fire`,
 * `Send`, and those given to `add`), so their logical ids are those of the
 * stack as first deployed.
 *
 * @example const functions = new EngineFunctions(this, props); functions.add('InboundSms', { entry, ... });
 */
export class EngineFunctions {
  readonly api: NurtureFunction;
  readonly fire: NurtureFunction;
  readonly send: NurtureFunction;
  readonly webhooks: NurtureFunction;
  private readonly environment: Record<string, string>;
  private readonly made: NurtureFunction[] = [];

  constructor(
    private readonly stack: Stack,
    private readonly props: EngineFunctionsProps,
  ) {
    const { alarms, sendQueue, webhookQueue } = props;
    this.environment = {
      NURTURE_TABLE: props.table.tableName,
      NURTURE_FROM: props.sendingAddress,
      NURTURE_BUSINESS_NAME: props.businessName,
      NURTURE_INBOUND_DOMAIN: props.inboundDomain,
      NURTURE_SECRET_ARN: props.secretArn,
      NURTURE_SCHEDULE_GROUP: alarms.groupName,
      NURTURE_FIRE_ARN: alarms.fireArn,
      NURTURE_SCHEDULER_ROLE_ARN: alarms.role.roleArn,
      NURTURE_SCHEDULER_DLQ_ARN: alarms.deadLetters.queueArn,
      NURTURE_SES_CONFIGURATION_SET: props.configurationSetName,
      NURTURE_PUBLIC_URL: props.publicUrl,
      NURTURE_SEND_QUEUE_URL: sendQueue.queue.queueUrl,
      NURTURE_WEBHOOK_QUEUE_URL: webhookQueue.queue.queueUrl,
    };

    this.api = this.add('Api', {
      entry: 'functions/handlers/api.ts',
      description: 'Nurture HTTP API (Hono)',
      memorySize: API_MEMORY_MB,
      // Below API Gateway's 30 s integration limit, so a slow request ends in our logs, not a bare 503.
      timeout: Duration.seconds(25),
      statements: [sendQueue.enqueueStatement()],
      staticAssets: true,
    });

    this.fire = this.add('Fire', {
      entry: 'functions/handlers/fire.ts',
      description: "Rings one customer's alarm: decide, enqueue, re-arm",
      functionName: alarms.fireFunctionName,
      timeout: Duration.seconds(60),
      statements: [sendQueue.enqueueStatement()],
    });

    this.send = this.add(
      'Send',
      {
        entry: 'functions/handlers/send.ts',
        description: 'Drains the send queue: SES and SNS at the account rate, once per message',
        timeout: SEND_TIMEOUT,
        environment: {
          ...sendQueue.sendEnvironment(),
          ...(props.smsOriginationNumber
            ? { NURTURE_SMS_ORIGINATION_NUMBER: props.smsOriginationNumber }
            : {}),
        },
        ...(sendQueue.reservedConcurrency ? { reservedConcurrency: sendQueue.reservedConcurrency } : {}),
      },
      'send',
    );
    sendQueue.drainWith(this.send);

    this.webhooks = this.add(
      'Webhooks',
      {
        entry: 'functions/handlers/webhooks.ts',
        description:
          "Drains the webhook queue: signed event POSTs to integrators' endpoints, retried for a day",
        timeout: WEBHOOK_TIMEOUT,
      },
      'webhooks',
    );
    webhookQueue.drainWith(this.webhooks);
  }

  /**
   * A function running the engine, with the shared environment, table access and the grants of
   * its part: the engine's (alarms, the secret) or `send`'s (SES, SNS), both emitting events; or
   * `webhooks`, which only reads endpoints and writes their log.
   */
  add(
    id: string,
    fnProps: NurtureFunctionProps,
    part: 'engine' | 'send' | 'webhooks' = 'engine',
  ): NurtureFunction {
    const { stack, props } = this;
    const fn = new NurtureFunction(stack, id, {
      ...fnProps,
      environment: { ...this.environment, ...fnProps.environment },
      statements: [
        ...(part === 'send' ? createSendStatements(stack, props.configurationSetName) : []),
        ...(part === 'engine'
          ? createEngineStatements(stack, {
              scheduleGroupName: props.alarms.groupName,
              schedulerRole: props.alarms.role,
              secretArn: props.secretArn,
            })
          : []),
        ...(part === 'webhooks' ? [] : [props.webhookQueue.enqueueStatement()]),
        ...(fnProps.statements ?? []),
      ],
    });
    props.table.grant(fn, ...TABLE_ACTIONS);
    this.made.push(fn);
    return fn;
  }

  /** Tells every function made here (and any made later) about a resource made after them. */
  shareEnvironment(name: string, value: string): void {
    this.environment[name] = value;
    for (const fn of this.made) fn.function.addEnvironment(name, value);
  }
}
