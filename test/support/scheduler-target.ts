/** Where the EventBridge Scheduler adapter tests point their schedules (the adapter's config). */
export const GROUP = 'nurture-alarms';
export const TARGET_ARN = 'arn:aws:lambda:ap-east-1:123456789012:function:nurture-fire';
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/nurture-scheduler';
export const DLQ_ARN = 'arn:aws:sqs:ap-east-1:123456789012:nurture-fire-dlq';

/**
 * A service exception's options as the SDK's deserializer fills them.
 * @example scheduler.on(GetScheduleCommand).rejects(new ResourceNotFoundException(failure('gone')));
 */
export function failure(message: string) {
  return { message, Message: message, $metadata: {} };
}
