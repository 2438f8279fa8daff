import { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SweepDeps } from '../engine/fire/sweep';
import { jsonLogger } from '../engine/log';
import { systemClock } from '../ports/clock/index';
import { createPowertoolsMetrics } from '../ports/metrics/powertools';
import { EventBridgeScheduler } from '../ports/scheduler/eventbridge';
import { DynamoAlarmIndex } from '../ports/store/dynamodb/alarm-index';
import { createDocumentClient } from '../ports/store/dynamodb/client';
import type { SweepConfig } from './config';

/** The customer alarms on EventBridge Scheduler, as every function that arms one builds them. */
export function eventBridgeScheduler(config: SweepConfig): EventBridgeScheduler {
  return new EventBridgeScheduler(
    new SchedulerClient({}),
    {
      groupName: config.NURTURE_SCHEDULE_GROUP,
      targetArn: config.NURTURE_FIRE_ARN,
      roleArn: config.NURTURE_SCHEDULER_ROLE_ARN,
      ...(config.NURTURE_SCHEDULER_DLQ_ARN ? { deadLetterArn: config.NURTURE_SCHEDULER_DLQ_ARN } : {}),
    },
    systemClock,
  );
}

/**
 * The recovery sweep's own composition root: the alarm index, the scheduler,
 * the clock, logs and metrics, and nothing of the engine it does not run
 * (templates, rules, phone numbers), so its cold start stays small.
 */
export function createSweepDeps(config: SweepConfig): SweepDeps {
  return {
    store: { alarms: new DynamoAlarmIndex(createDocumentClient(), config.NURTURE_TABLE) },
    scheduler: eventBridgeScheduler(config),
    clock: systemClock,
    log: jsonLogger(),
    metrics: createPowertoolsMetrics(),
  };
}
