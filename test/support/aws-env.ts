import { createHash } from 'node:crypto';
import { TEMPLATES_DIR } from './local-engine';

export const SEND_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/nurture-send';
export const INBOUND_MAIL_BUCKET = 'nurture-inbound-mail';
export const WEBHOOK_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/nurture-webhooks';
export const TEST_API_KEY = 'test-api-key';

/**
 * The environment the AWS-wired handlers parse at import, with the SDK's
 * service endpoints pointed at the local servers (DynamoDB, SES). Queues,
 * schedules and SMS stay on AWS's endpoints, where the tests mock the clients.
 */
export function awsTestEnvironment(options: {
  table: string;
  dynamoEndpoint: string;
  sesEndpoint?: string;
}): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    // The SDK's service-specific endpoint variables point the real clients at the local servers.
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
    ...(options.sesEndpoint ? { AWS_ENDPOINT_URL_SES: options.sesEndpoint } : {}),
    NURTURE_TABLE: options.table,
    NURTURE_TEMPLATES_DIR: TEMPLATES_DIR,
    NURTURE_WEBHOOK_SECRET: 'whsec_bG9jYWwtbnVydHVyZS13ZWJob29rLXNlY3JldA==',
    NURTURE_SIGNING_KEY: 'a-signing-key-for-the-tests',
    NURTURE_API_KEY_SHA256: createHash('sha256').update(TEST_API_KEY).digest('hex'),
    NURTURE_PUBLIC_URL: 'https://api.example.com',
    NURTURE_SCHEDULE_GROUP: 'nurture',
    NURTURE_FIRE_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:nurture-fire',
    NURTURE_SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/nurture-scheduler',
    NURTURE_SEND_QUEUE_URL: SEND_QUEUE_URL,
    NURTURE_WEBHOOK_QUEUE_URL: WEBHOOK_QUEUE_URL,
    NURTURE_INBOUND_MAIL_BUCKET: INBOUND_MAIL_BUCKET,
  };
}

/** An SQS event record as the `send` Lambda receives it from its event source mapping. */
export function sqsRecord(body: string, options: { messageId: string; receiveCount?: number }) {
  const receiveCount = options.receiveCount ?? 1;
  return {
    messageId: options.messageId,
    receiptHandle: `AQEB${Buffer.from(`${options.messageId}:${receiveCount}`).toString('base64')}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '1801620000000',
      SenderId: 'AROAEXAMPLEROLEID:nurture-fire',
      ApproximateFirstReceiveTimestamp: '1801620000100',
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:nurture-send',
    awsRegion: 'us-east-1',
  };
}

/** An API Gateway HTTP API (payload 2.0) event, as the `api` Lambda receives it. */
export function httpApiEvent(method: string, path: string, key: string, body?: unknown) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', host: 'api.example.com' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'r1',
      routeKey: '$default',
      stage: '$default',
      time: '06/Feb/2027:02:00:00 +0000',
      timeEpoch: 1801620000000,
    },
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

/**
 * The engine as the AWS composition root builds it, from the environment the
 * test set (every secret in it, nothing read from Secrets Manager). Imported
 * late, as a handler would be, once the environment is in place.
 */
export async function awsEngineDeps(): Promise<import('../../functions/engine/deps').EngineDeps> {
  const { createAwsDeps } = await import('../../functions/wiring/aws');
  const { parseAwsConfig } = await import('../../functions/wiring/config');
  const config = parseAwsConfig(process.env);
  return createAwsDeps(config, {
    webhookSecret: config.NURTURE_WEBHOOK_SECRET!,
    signingKey: config.NURTURE_SIGNING_KEY!,
    apiKeyHashes: [config.NURTURE_API_KEY_SHA256!],
    consolePasswordHashes: [],
  });
}
