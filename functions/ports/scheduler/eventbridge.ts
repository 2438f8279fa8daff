import { createHash } from 'node:crypto';
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import type { Clock } from '../clock/index';
import type { JobRef, Scheduler } from './index';

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

/**
 * A job's schedule name: `j-<kind>-<id>`, or hashed like a customer's. The
 * `j-` prefix is one no customer's name can have, so the two never collide.
 */
export function jobScheduleNameFor(job: JobRef): string {
  const name = `j-${job.kind}-${job.id}`;
  if (/^[\w.-]{1,64}$/.test(name)) return name;
  return `j-${job.kind}-h-${createHash('sha256').update(job.id).digest('hex').slice(0, 40)}`;
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
    return this.input(scheduleNameFor(customerId), { customerId }, at);
  }

  /** A job's schedule: the same target, with `{ "job": { kind, id } }` as its input. */
  jobScheduleInput(job: JobRef, at: Date): CreateScheduleCommandInput {
    return this.input(jobScheduleNameFor(job), { job: { kind: job.kind, id: job.id } }, at);
  }

  private input(name: string, payload: Record<string, unknown>, at: Date): CreateScheduleCommandInput {
    const earliest = this.clock.now().getTime() + MIN_LEAD_MS;
    const when = new Date(Math.max(at.getTime(), earliest));
    return {
      Name: name,
      GroupName: this.options.groupName,
      ScheduleExpression: atExpression(when),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: this.options.targetArn,
        RoleArn: this.options.roleArn,
        Input: JSON.stringify(payload),
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
        ...(this.options.deadLetterArn ? { DeadLetterConfig: { Arn: this.options.deadLetterArn } } : {}),
      },
    };
  }

  arm(customerId: string, at: Date): Promise<void> {
    return this.put(this.scheduleInput(customerId, at));
  }

  disarm(customerId: string): Promise<void> {
    return this.delete(scheduleNameFor(customerId));
  }

  armJob(job: JobRef, at: Date): Promise<void> {
    return this.put(this.jobScheduleInput(job, at));
  }

  disarmJob(job: JobRef): Promise<void> {
    return this.delete(jobScheduleNameFor(job));
  }

  private async put(input: CreateScheduleCommandInput): Promise<void> {
    try {
      await this.client.send(new CreateScheduleCommand(input));
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConflictException')) throw error;
      await this.client.send(new UpdateScheduleCommand(input));
    }
  }

  private async delete(name: string): Promise<void> {
    try {
      await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.options.groupName }));
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
    }
  }
}
