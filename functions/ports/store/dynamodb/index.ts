import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../index';
import { DynamoAlarmIndex } from './alarm-index';
import { DynamoAuditRepo } from './audit';
import { DynamoCampaignRepo } from './campaigns';
import { DynamoContactRepo } from './contacts';
import { DynamoContentRepo } from './content';
import { DynamoCustomerRepo } from './customers';
import { DynamoDealRepo } from './deals';
import { DynamoDirectoryRepo } from './directory';
import { DynamoErasureRepo } from './erasures';
import { DynamoFireReadRepo } from './fire-reads';
import { DynamoInboxRepo } from './inbox';
import { DynamoReceiptRepo } from './receipts';
import { DynamoSegmentRepo } from './segments';
import { DynamoSessionRepo } from './sessions';
import { DynamoSignInAttemptRepo } from './sign-in-attempts';
import { DynamoStatsRepo } from './stats';
import { DynamoSuppressionRepo } from './suppressions';
import { DynamoTaskBoardRepo } from './task-board';
import { DynamoTimelineRepo } from './timeline';
import { DynamoUserRepo } from './users';
import { DynamoWebhookRepo } from './webhooks';

/**
 * The store on one DynamoDB table. The same code runs against DynamoDB on AWS
 * and against the embedded server locally and in tests.
 * @example const store = createDynamoStore(createDocumentClient({ endpoint }), 'nurture', clock.now);
 */
export function createDynamoStore(db: DynamoDBDocumentClient, tableName: string, now: () => Date): Store {
  return {
    customers: new DynamoCustomerRepo(db, tableName),
    contacts: new DynamoContactRepo(db, tableName),
    timeline: new DynamoTimelineRepo(db, tableName),
    deals: new DynamoDealRepo(db, tableName),
    receipts: new DynamoReceiptRepo(db, tableName, now),
    stats: new DynamoStatsRepo(db, tableName),
    inbox: new DynamoInboxRepo(db, tableName),
    taskBoard: new DynamoTaskBoardRepo(db, tableName),
    suppressions: new DynamoSuppressionRepo(db, tableName),
    alarms: new DynamoAlarmIndex(db, tableName),
    directory: new DynamoDirectoryRepo(db, tableName),
    segments: new DynamoSegmentRepo(db, tableName),
    campaigns: new DynamoCampaignRepo(db, tableName),
    content: new DynamoContentRepo(db, tableName),
    users: new DynamoUserRepo(db, tableName),
    sessions: new DynamoSessionRepo(db, tableName),
    signInAttempts: new DynamoSignInAttemptRepo(db, tableName),
    audit: new DynamoAuditRepo(db, tableName),
    webhooks: new DynamoWebhookRepo(db, tableName),
    erasures: new DynamoErasureRepo(db, tableName),
    fireReads: new DynamoFireReadRepo(db, tableName),
  };
}

export { DynamoAlarmIndex } from './alarm-index';
export { createDocumentClient } from './client';
export { createTableInput, tableDesign } from './table';
