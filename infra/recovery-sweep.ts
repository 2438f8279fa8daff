import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createDeadLetterQueue } from './dead-letters';
import { createSweepStatements } from './engine-grants';
import { NurtureFunction } from './nurture-function';

export interface RecoverySweepProps {
  readonly table: dynamodb.ITableV2;
  /** Where customer alarms live, and what they ring: the sweep re-arms them as the engine does. */
  readonly scheduleGroupName: string;
  readonly fireArn: string;
  readonly schedulerRole: iam.IRole;
  readonly schedulerDlq: sqs.IQueue;
}

/**
 * The recovery sweep: every 15 minutes, `sweep` re-arms the customer alarms
 * that should have rung and did not (a fire that failed past Lambda's
 * retries, a schedule lost). It reads only the alarm index and sets
 * schedules: no secret, no sending, no item access. Its schedule has its own
 * role, and both the schedule and the function dead-letter to one queue.
 *
 * @example const recovery = new RecoverySweep(this, 'Recovery', { table, scheduleGroupName, fireArn, schedulerRole, schedulerDlq });
 */
export class RecoverySweep extends Construct {
  readonly function: NurtureFunction;
  readonly deadLetters: sqs.Queue;
  readonly scheduleRole: iam.Role;
  readonly schedule: scheduler.CfnSchedule;
  /** The group the sweep's schedule runs in: the account's `default` one. */
  readonly scheduleGroup: scheduler.IScheduleGroup;

  constructor(scope: Construct, id: string, props: RecoverySweepProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.deadLetters = createDeadLetterQueue(this, 'SweepDeadLetters');
    this.function = new NurtureFunction(this, 'Sweep', {
      entry: 'functions/handlers/sweep.ts',
      description: 'Recovery sweep: re-arms customer alarms that should have rung and did not',
      environment: {
        NURTURE_TABLE: props.table.tableName,
        NURTURE_SCHEDULE_GROUP: props.scheduleGroupName,
        NURTURE_FIRE_ARN: props.fireArn,
        NURTURE_SCHEDULER_ROLE_ARN: props.schedulerRole.roleArn,
        NURTURE_SCHEDULER_DLQ_ARN: props.schedulerDlq.queueArn,
      },
      // A mass re-arm after an outage goes at the scheduler API's pace.
      timeout: Duration.minutes(5),
      statements: createSweepStatements(stack, {
        scheduleGroupName: props.scheduleGroupName,
        schedulerRole: props.schedulerRole,
        tableArn: props.table.tableArn,
      }),
      // The scheduler invokes asynchronously: a sweep that keeps failing lands here after Lambda's retries.
      deadLetterQueue: this.deadLetters,
    });

    const scheduleName = `${stack.stackName}-sweep`;
    // A schedule that names no group is in the account's `default` group.
    this.scheduleGroup = scheduler.ScheduleGroup.fromDefaultScheduleGroup(this, 'SweepScheduleGroup');
    this.scheduleRole = new iam.Role(this, 'SweepScheduleRole', {
      description:
        'Assumed by EventBridge Scheduler to start the recovery sweep (invoke sweep, dead-letter failures).',
      // Confused-deputy guard, in the form Scheduler sends: aws:SourceArn is the ARN of the schedule's
      // GROUP (arn:aws:scheduler:REGION:ACCOUNT:schedule-group/GROUP), never of the schedule itself
      // (EventBridge Scheduler User Guide, "Confused deputy prevention"). A schedule ARN would never
      // match, and the sweep would fail to start on every tick.
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': this.scheduleGroup.scheduleGroupArn },
      }),
    });
    // The function itself, not its versions (the L2 target's grantInvoke would add `:*`).
    this.scheduleRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'StartSweep',
        actions: ['lambda:InvokeFunction'],
        resources: [this.function.functionArn],
      }),
    );
    this.scheduleRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'DeadLetter',
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetters.queueArn],
      }),
    );
    this.schedule = new scheduler.CfnSchedule(this, 'SweepSchedule', {
      name: scheduleName,
      description: 'Nurture recovery sweep: re-arm customer alarms that should have rung',
      scheduleExpression: 'rate(15 minutes)',
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: this.function.functionArn,
        roleArn: this.scheduleRole.roleArn,
        input: '{}',
        // Each sweep re-reads the last day: a late one is still useful, a missed one is covered by the next.
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 15 * 60 },
        deadLetterConfig: { arn: this.deadLetters.queueArn },
      },
    });
  }
}
