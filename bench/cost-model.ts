/**
 * What the engine costs to run on AWS, priced from usage measured on the local
 * engine. Pure: usage in, dollars out. The prices are us-east-1 list prices
 * (pay-as-you-go, no free tier, Arm Lambda, DynamoDB on-demand, standard SQS,
 * HTTP API), each with the page it comes from.
 */
export const PRICES = {
  /** https://aws.amazon.com/ses/pricing/ — outbound email, per message. */
  sesEmail: 0.1 / 1000,
  /** https://aws.amazon.com/lambda/pricing/ — Arm, per GB-second of billed duration. */
  lambdaGbSecond: 0.0000133334,
  /** https://aws.amazon.com/lambda/pricing/ — per invocation. */
  lambdaRequest: 0.2 / 1e6,
  /** https://aws.amazon.com/dynamodb/pricing/on-demand/ — per write request unit. */
  dynamoWriteUnit: 0.625 / 1e6,
  /** https://aws.amazon.com/dynamodb/pricing/on-demand/ — per read request unit. */
  dynamoReadUnit: 0.125 / 1e6,
  /** https://aws.amazon.com/dynamodb/pricing/on-demand/ — table storage, per GB-month. */
  dynamoStorageGbMonth: 0.25,
  /** https://aws.amazon.com/dynamodb/pricing/on-demand/ — continuous backups (PITR), per GB-month. */
  dynamoPitrGbMonth: 0.2,
  /** https://aws.amazon.com/eventbridge/pricing/ — Scheduler, per scheduled invocation (after 14M free a month). */
  schedulerInvocation: 1 / 1e6,
  /** https://aws.amazon.com/sqs/pricing/ — standard queue, per request (each 64 KB chunk). */
  sqsRequest: 0.4 / 1e6,
  /** https://aws.amazon.com/api-gateway/pricing/ — HTTP API, per request (first 300M a month). */
  httpApiRequest: 1 / 1e6,
  /** https://aws.amazon.com/sns/pricing/ — standard topic publish (SES events); deliveries to Lambda and SQS are free. */
  snsPublish: 0.5 / 1e6,
  /** https://aws.amazon.com/cloudwatch/pricing/ — Logs ingestion (standard class), per GB. */
  logsIngestGb: 0.5,
  /** https://aws.amazon.com/kms/pricing/ — a customer managed key, per month. */
  kmsKeyMonth: 1,
  /** https://aws.amazon.com/secrets-manager/pricing/ — a secret, per month. */
  secretMonth: 0.4,
  /** https://aws.amazon.com/cloudwatch/pricing/ — a standard-resolution metric alarm, per month. */
  alarmMonth: 0.1,
  /** https://aws.amazon.com/cloudwatch/pricing/ — a dashboard, per month (beyond the free three). */
  dashboardMonth: 3,
  /** https://aws.amazon.com/cloudwatch/pricing/ — a custom metric (name + dimensions), per month. */
  customMetricMonth: 0.3,
} as const;

export type Prices = typeof PRICES;

/** One Lambda's work for a flow: how often it runs per unit and for how long. */
export interface LambdaUse {
  invocations: number;
  /** Billed duration per invocation, ms (Lambda bills by the millisecond). */
  durationMs: number;
  memoryMb: number;
}

/** Everything one unit of work (a delivered email, a customer-month) makes AWS count. */
export interface Usage {
  lambdas: Record<string, LambdaUse>;
  dynamoReadUnits: number;
  dynamoWriteUnits: number;
  schedulerInvocations: number;
  sqsRequests: number;
  apiRequests: number;
  snsPublishes: number;
  logBytes: number;
  /** GB-months of table storage (with PITR on the same bytes). */
  storageGbMonths: number;
}

export type CostLine = keyof Omit<Usage, 'lambdas'> | 'lambdaRequests' | 'lambdaDuration';

export const emptyUsage = (): Usage => ({
  lambdas: {},
  dynamoReadUnits: 0,
  dynamoWriteUnits: 0,
  schedulerInvocations: 0,
  sqsRequests: 0,
  apiRequests: 0,
  snsPublishes: 0,
  logBytes: 0,
  storageGbMonths: 0,
});

/** The dollars of each line of `usage`, and their total. */
export function priceUsage(
  usage: Usage,
  prices: Prices = PRICES,
): { lines: Record<CostLine, number>; total: number } {
  let lambdaRequests = 0;
  let lambdaDuration = 0;
  for (const use of Object.values(usage.lambdas)) {
    lambdaRequests += use.invocations * prices.lambdaRequest;
    lambdaDuration +=
      use.invocations * (use.durationMs / 1000) * (use.memoryMb / 1024) * prices.lambdaGbSecond;
  }
  const lines: Record<CostLine, number> = {
    lambdaRequests,
    lambdaDuration,
    dynamoReadUnits: usage.dynamoReadUnits * prices.dynamoReadUnit,
    dynamoWriteUnits: usage.dynamoWriteUnits * prices.dynamoWriteUnit,
    schedulerInvocations: usage.schedulerInvocations * prices.schedulerInvocation,
    sqsRequests: usage.sqsRequests * prices.sqsRequest,
    apiRequests: usage.apiRequests * prices.httpApiRequest,
    snsPublishes: usage.snsPublishes * prices.snsPublish,
    logBytes: (usage.logBytes / 1024 ** 3) * prices.logsIngestGb,
    storageGbMonths: usage.storageGbMonths * (prices.dynamoStorageGbMonth + prices.dynamoPitrGbMonth),
  };
  const total = Object.values(lines).reduce((sum, dollars) => sum + dollars, 0);
  return { lines, total };
}

/** `a + b`, line by line (Lambdas of the same name add their invocations; durations are per invocation). */
export function addUsage(a: Usage, b: Usage): Usage {
  const lambdas: Record<string, LambdaUse> = { ...a.lambdas };
  for (const [name, use] of Object.entries(b.lambdas)) {
    const before = lambdas[name];
    if (!before) {
      lambdas[name] = use;
      continue;
    }
    const invocations = before.invocations + use.invocations;
    lambdas[name] = {
      invocations,
      durationMs: invocations
        ? (before.invocations * before.durationMs + use.invocations * use.durationMs) / invocations
        : 0,
      memoryMb: Math.max(before.memoryMb, use.memoryMb),
    };
  }
  return {
    lambdas,
    dynamoReadUnits: a.dynamoReadUnits + b.dynamoReadUnits,
    dynamoWriteUnits: a.dynamoWriteUnits + b.dynamoWriteUnits,
    schedulerInvocations: a.schedulerInvocations + b.schedulerInvocations,
    sqsRequests: a.sqsRequests + b.sqsRequests,
    apiRequests: a.apiRequests + b.apiRequests,
    snsPublishes: a.snsPublishes + b.snsPublishes,
    logBytes: a.logBytes + b.logBytes,
    storageGbMonths: a.storageGbMonths + b.storageGbMonths,
  };
}

/** `usage` times `factor`: per-message usage to per-1,000, per-month usage to per-customer… */
export function scaleUsage(usage: Usage, factor: number): Usage {
  const lambdas: Record<string, LambdaUse> = {};
  for (const [name, use] of Object.entries(usage.lambdas)) {
    lambdas[name] = { ...use, invocations: use.invocations * factor };
  }
  return {
    lambdas,
    dynamoReadUnits: usage.dynamoReadUnits * factor,
    dynamoWriteUnits: usage.dynamoWriteUnits * factor,
    schedulerInvocations: usage.schedulerInvocations * factor,
    sqsRequests: usage.sqsRequests * factor,
    apiRequests: usage.apiRequests * factor,
    snsPublishes: usage.snsPublishes * factor,
    logBytes: usage.logBytes * factor,
    storageGbMonths: usage.storageGbMonths * factor,
  };
}
