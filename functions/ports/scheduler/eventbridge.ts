import { createHash } from 'node:crypto';
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import type { Clock } from '../clock/index';
import type { Scheduler } from './index';

export interface EventBridgeSchedulerOptions {
  groupName: string;
  /** The `fire` function. */
  targetArn: string;
  /** The role EventBridge Scheduler assumes to invoke the target. */
  roleArn: string;
  deadLetterArn?: string;
}

/** Schedule names allow [0-9a-zA-Z-_.]{1,64}: readable ids stay readable, others are hashed. */
export function scheduleNameFor(customerId: string): string {
  if (/^[\w.-]{1,62}$/.test(customerId)) return `c-${customerId}`;
  return `h-${createHash('sha256').update(customerId).digest('hex').slice(0, 40)}`;
}

/** `at()` takes a wall time without zone or fraction; the zone is given separately. */
function atExpression(at: Date): string {
  return `at(${at.toISOString().slice(0, 19)})`;
}

/** A schedule cannot be set in the past; a late alarm rings a minute from now. */
const MIN_LEAD_MS = 60_000;

/**
 * One one-time `at()` schedule per customer in a schedule group, deleted by
 * EventBridge after it fires and re-armed by the engine after every fire.
 */
export class EventBridgeScheduler implements Scheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly options: EventBridgeSchedulerOptions,
    private readonly clock: Clock,
  ) {}

  scheduleInput(customerId: string, at: Date): CreateScheduleCommandInput {
    const earliest = this.clock.now().getTime() + MIN_LEAD_MS;
    const when = new Date(Math.max(at.getTime(), earliest));
    return {
      Name: scheduleNameFor(customerId),
      GroupName: this.options.groupName,
      ScheduleExpression: atExpression(when),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: this.options.targetArn,
        RoleArn: this.options.roleArn,
        Input: JSON.stringify({ customerId }),
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
        ...(this.options.deadLetterArn ? { DeadLetterConfig: { Arn: this.options.deadLetterArn } } : {}),
      },
    };
  }

  async arm(customerId: string, at: Date): Promise<void> {
    const input = this.scheduleInput(customerId, at);
    try {
      await this.client.send(new CreateScheduleCommand(input));
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConflictException')) throw error;
      await this.client.send(new UpdateScheduleCommand(input));
    }
  }

  async disarm(customerId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteScheduleCommand({ Name: scheduleNameFor(customerId), GroupName: this.options.groupName }),
      );
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
    }
  }
}
