import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../functions/ports/metrics/index';
import { EventTopic } from './event-topic';
import type { NurtureFunction } from './nurture-function';
import { SEND_BACKLOG_ALARM_SECONDS } from './send-queue';

/**
 * SES puts an account under review at a 5% bounce rate and a 0.1% complaint
 * rate; these alarms ring early enough to act before that.
 */
export const SES_BOUNCE_RATE_ALARM = 0.04;
export const SES_COMPLAINT_RATE_ALARM = 0.0008;

/** The alarm topic's publisher: CloudWatch alarms of this account and region. */
export function alarmPublisher(stack: Stack): { service: string; sourceArn: string } {
  return {
    service: 'cloudwatch.amazonaws.com',
    sourceArn: stack.formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: '*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }),
  };
}

export interface ObservabilityProps {
  /** Every engine function, by a short name used in alarm and widget titles. */
  readonly functions: Record<string, NurtureFunction>;
  /** Every dead-letter queue, by the path it catches failures of. */
  readonly deadLetterQueues: Record<string, sqs.IQueue>;
  /** The EventBridge Scheduler groups the stack's schedules run in, by the schedules' name. */
  readonly scheduleGroups?: Record<string, scheduler.IScheduleGroup>;
  /** Work queues whose oldest message must not wait longer than `SEND_BACKLOG_ALARM_SECONDS`. */
  readonly backlogs?: Record<string, sqs.IQueue>;
  readonly httpApi: apigw.HttpApi;
  /** The stack's topic key; its policy must let `alarmPublisher` encrypt. */
  readonly topicKey: kms.IKey;
  /** Where alarm notifications are emailed; none subscribes nobody (subscribe later in SNS). */
  readonly alarmEmail?: string;
}

/**
 * Alarms on everything that means lost or failing work (a dead letter, a
 * function error or throttle, an API 5xx, a backlog that is not draining) and on the SES reputation rates
 * that get an account's sending paused, all to one encrypted topic; and one
 * dashboard of sends, errors, dead letters and reputation.
 *
 * @example new Observability(this, 'Observability', { functions, deadLetterQueues, httpApi, topicKey });
 */
export class Observability extends Construct {
  readonly alarmTopic: EventTopic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.alarmTopic = new EventTopic(this, 'AlarmTopic', {
      masterKey: props.topicKey,
      displayName: 'Nurture engine alarms',
    });
    // The topic policy is ours (TLS-only), so CloudWatch must be allowed explicitly.
    this.alarmTopic.allowPublishFrom(alarmPublisher(stack));
    if (props.alarmEmail) {
      this.alarmTopic.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
    const notify = new actions.SnsAction(this.alarmTopic.topic);

    // Alarm metrics carry no label (a label would turn them into metric math); the dashboard's do.
    const alarm = (alarmId: string, metric: cloudwatch.Metric, threshold: number, description: string) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No data means nothing failed (no dead letters, no invocations).
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      this.alarms.push(created);
      return created;
    };

    const fiveMinutes = Duration.minutes(5);
    const dlqDepths = Object.entries(props.deadLetterQueues).map(([name, queue]) => {
      const depth = queue.metricApproximateNumberOfMessagesVisible({
        statistic: cloudwatch.Stats.MAXIMUM,
        period: fiveMinutes,
      });
      alarm(
        `${name}DeadLettersAlarm`,
        depth,
        1,
        `${name}: a message is in the dead-letter queue; inspect and redrive it.`,
      );
      return depth.with({ label: name });
    });

    const backlogAges = Object.entries(props.backlogs ?? {}).map(([name, queue]) => {
      const age = queue.metricApproximateAgeOfOldestMessage({
        statistic: cloudwatch.Stats.MAXIMUM,
        period: fiveMinutes,
      });
      alarm(
        `${name}BacklogAlarm`,
        age,
        SEND_BACKLOG_ALARM_SECONDS,
        `${name}: a message has waited an hour in the queue; it is not keeping up, or its consumer is failing.`,
      );
      return age.with({ label: `${name} oldest message (s)` });
    });

    const errors: cloudwatch.IMetric[] = [];
    const invocations: cloudwatch.IMetric[] = [];
    for (const [name, fn] of Object.entries(props.functions)) {
      const fnErrors = fn.function.metricErrors({ period: fiveMinutes });
      errors.push(fnErrors.with({ label: name }));
      invocations.push(fn.function.metricInvocations({ period: fiveMinutes, label: name }));
      alarm(`${name}ErrorsAlarm`, fnErrors, 1, `${name}: the function failed at least once.`);
      alarm(
        `${name}ThrottlesAlarm`,
        fn.function.metricThrottles({ period: fiveMinutes }),
        1,
        `${name}: invocations were throttled (concurrency limit reached).`,
      );
    }

    // EventBridge Scheduler's own view (namespace AWS/Scheduler, dimension ScheduleGroup): a target call
    // that failed (permissions, throttling, the function missing), and an invocation given up on with
    // no dead-letter queue, or whose dead letter could not be written: both are alarms that never rang.
    for (const [name, group] of Object.entries(props.scheduleGroups ?? {})) {
      const shared =
        group.scheduleGroupName === 'default' ? ' (the default group: any schedule naming none)' : '';
      alarm(
        `${name}ScheduleTargetErrorsAlarm`,
        group.metricTargetErrors({ period: fiveMinutes }),
        1,
        `${name} schedules${shared}: Scheduler could not invoke the target; it retries, then dead-letters.`,
      );
      alarm(
        `${name}ScheduleDroppedAlarm`,
        group.metricDropped({ period: fiveMinutes }),
        1,
        `${name} schedules${shared}: Scheduler gave up on an invocation and had no dead-letter queue for it.`,
      );
      alarm(
        `${name}ScheduleDeadLetterFailedAlarm`,
        group.metricFailedToBeSentToDLQ(undefined, { period: fiveMinutes }),
        1,
        `${name} schedules${shared}: Scheduler gave up on an invocation and could not dead-letter it: lost.`,
      );
    }

    const api5xx = props.httpApi.metricServerError({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM });
    alarm('HttpApi5xxAlarm', api5xx, 1, 'HTTP API: at least one 5xx response.');
    errors.push(api5xx.with({ label: 'HTTP API 5xx' }));

    // Account-wide, as SES's review thresholds are; published once the account sends.
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.hours(1),
      });
    const bounceRate = reputation('Reputation.BounceRate');
    const complaintRate = reputation('Reputation.ComplaintRate');
    alarm(
      'SesBounceRateAlarm',
      bounceRate,
      SES_BOUNCE_RATE_ALARM,
      'SES bounce rate is at 4%; SES reviews the account at 5%. Clean the list before sending more.',
    );
    alarm(
      'SesComplaintRateAlarm',
      complaintRate,
      SES_COMPLAINT_RATE_ALARM,
      'SES complaint rate is at 0.08%; SES reviews the account at 0.1%. Check what was sent and to whom.',
    );

    const sesCount = (metricName: string, label: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        statistic: cloudwatch.Stats.SUM,
        period: fiveMinutes,
        label,
      });

    // The engine's own counts, as the handlers write them (EMF through functions/ports/metrics).
    const engineMetric = (metricName: string, dimensions: Record<string, string> = {}, label?: string) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: METRICS_SERVICE, ...dimensions },
        statistic: cloudwatch.Stats.SUM,
        period: fiveMinutes,
        ...(label ? { label } : {}),
      });
    // Every series of a metric, whatever its dimension's values (reply kinds, event types).
    const everySeries = (metricName: string, dimension: string, label: string) =>
      new cloudwatch.MathExpression({
        expression: `SEARCH('{${METRICS_NAMESPACE},service,${dimension}} MetricName="${metricName}"', 'Sum', 300)`,
        label,
        period: fiveMinutes,
      });
    // The sweep runs every 15 minutes; any alarm it had to set again was lost.
    alarm(
      'AlarmsLostAlarm',
      engineMetric('SweepRearms').with({ period: Duration.minutes(15) }),
      1,
      'The recovery sweep re-armed customer alarms that never rang: fires are failing past their retries ' +
        'or schedules are being lost. Check the Fire errors and the alarm dead-letter queue.',
    );

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${stack.stackName}-nurture`,
      defaultInterval: Duration.days(1),
    });
    const wide = { width: 12, height: 6 };
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        ...wide,
        title: 'Sends',
        left: [sesCount('Send', 'Email sent'), sesCount('Delivery', 'Email delivered')],
        right: invocations,
        rightYAxis: { label: 'invocations', showUnits: false },
      }),
      new cloudwatch.GraphWidget({ ...wide, title: 'Errors', left: errors }),
      new cloudwatch.GraphWidget({ ...wide, title: 'Dead-letter queue depth', left: dlqDepths }),
      new cloudwatch.GraphWidget({
        ...wide,
        title: 'Send queue',
        left: Object.values(props.backlogs ?? {}).map((queue) =>
          queue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, label: 'Waiting' }),
        ),
        right: backlogAges,
        rightAnnotations: [{ value: SEND_BACKLOG_ALARM_SECONDS, label: 'backlog alarm' }],
      }),
      new cloudwatch.GraphWidget({
        ...wide,
        title: 'SES reputation (review at 5% bounces, 0.1% complaints)',
        left: [bounceRate.with({ label: 'Bounce rate' })],
        right: [complaintRate.with({ label: 'Complaint rate' })],
        leftAnnotations: [{ value: SES_BOUNCE_RATE_ALARM, label: 'bounce alarm' }],
        rightAnnotations: [{ value: SES_COMPLAINT_RATE_ALARM, label: 'complaint alarm' }],
      }),
      new cloudwatch.AlarmStatusWidget({ width: 24, height: 4, title: 'Alarms', alarms: this.alarms }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        ...wide,
        title: 'Messages by channel (engine)',
        left: ['email', 'sms'].map((channel) => engineMetric('MessagesSent', { channel }, `Sent ${channel}`)),
        right: ['email', 'sms'].map((channel) =>
          engineMetric('MessagesFailed', { channel }, `Failed ${channel}`),
        ),
      }),
      new cloudwatch.GraphWidget({
        ...wide,
        title: 'Replies and delivery events',
        left: [everySeries('Replies', 'kind', 'Replies')],
        right: [everySeries('DeliveryEvents', 'event', 'Events')],
      }),
      new cloudwatch.GraphWidget({
        ...wide,
        title: 'Customer alarms: rung and re-armed by the sweep',
        left: [engineMetric('Fires', {}, 'Fires')],
        right: [engineMetric('SweepRearms', {}, 'Re-armed by the sweep')],
      }),
      new cloudwatch.GraphWidget({
        ...wide,
        title: 'Inbound mail held, and owners answering',
        left: [everySeries('RepliesHeld', 'reason', 'Held')],
        right: [
          everySeries('OwnerAnswers', 'channel', 'Owner answers'),
          engineMetric('OwnerAlertsDigested', {}, 'Alerts folded into a digest'),
        ],
      }),
    );
  }
}
