import { ArnFormat, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { createDeadLetterQueue } from './dead-letters';
import type { NurtureFunction } from './nurture-function';

/**
 * Where customer alarms live and what they ring with: one EventBridge
 * Scheduler schedule per customer in a named group, the role the schedules
 * assume to invoke `fire`, and the dead-letter queue they fall back to.
 *
 * Its resources belong to the stack itself (construct ids `Alarms`,
 * `AlarmDeadLetters`, `SchedulerRole`), so their logical ids are those of
 * the stack as first deployed.
 *
 * @example const alarms = new CustomerAlarms(this); ...; alarms.allowRinging(fire);
 */
export class CustomerAlarms {
  readonly group: scheduler.ScheduleGroup;
  readonly groupName: string;
  readonly deadLetters: sqs.Queue;
  /** The fire function's fixed name and the ARN built from it, known before the function exists. */
  readonly fireFunctionName: string;
  readonly fireArn: string;
  readonly role: iam.Role;

  constructor(stack: Stack) {
    // Named, so the runtime and the IAM scoping can refer to it before it exists.
    this.group = new scheduler.ScheduleGroup(stack, 'Alarms', {
      scheduleGroupName: `${stack.stackName}-alarms`,
      // Alarms only point at this stack's fire function; the retained table is what they are re-armed from.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.groupName = this.group.scheduleGroupName;

    this.deadLetters = createDeadLetterQueue(stack, 'AlarmDeadLetters');

    // The fire function's ARN is built from a fixed name: its own environment
    // carries it (alarms re-arm themselves), and a GetAtt there would be circular.
    this.fireFunctionName = `${stack.stackName}-fire`;
    this.fireArn = stack.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: this.fireFunctionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    this.role = new iam.Role(stack, 'SchedulerRole', {
      description:
        'Assumed by EventBridge Scheduler to ring customer alarms (invoke fire, dead-letter failures).',
      // Confused-deputy guard: only schedules of this account, in this group, may use the role.
      // Scheduler sends the group's ARN as aws:SourceArn (arn:aws:scheduler:REGION:ACCOUNT:schedule-group/NAME).
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': this.group.scheduleGroupArn },
      }),
    });
  }

  /** The scheduler role can ring the fire function and dead-letter, nothing else. */
  allowRinging(fire: NurtureFunction): void {
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RingAlarm',
        actions: ['lambda:InvokeFunction'],
        resources: [fire.functionArn],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'DeadLetter',
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetters.queueArn],
      }),
    );
  }
}
