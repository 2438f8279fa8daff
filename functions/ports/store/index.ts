export * from './alarm-index';
export * from './campaigns';
export * from './content';
export * from './customers';
export * from './deals';
export * from './directory';
export * from './erasures';
export * from './inbox';
export * from './receipts';
export * from './segments';
export * from './stats';
export * from './suppressions';
export * from './task-board';
export * from './timeline';
export * from './webhooks';

import type { AlarmIndexRepo } from './alarm-index';
import type { CampaignRepo } from './campaigns';
import type { ContentRepo } from './content';
import type { CustomerRepo } from './customers';
import type { DealRepo } from './deals';
import type { DirectoryRepo } from './directory';
import type { ErasureRepo } from './erasures';
import type { InboxRepo } from './inbox';
import type { ReceiptRepo } from './receipts';
import type { SegmentRepo } from './segments';
import type { StatsRepo } from './stats';
import type { SuppressionRepo } from './suppressions';
import type { TaskBoardRepo } from './task-board';
import type { TimelineRepo } from './timeline';
import type { WebhookRepo } from './webhooks';

/** The store: one DynamoDB table, seen through one small repository per kind of item. */
export interface Store {
  stats: StatsRepo;
  inbox: InboxRepo;
  taskBoard: TaskBoardRepo;
  customers: CustomerRepo;
  timeline: TimelineRepo;
  deals: DealRepo;
  receipts: ReceiptRepo;
  suppressions: SuppressionRepo;
  alarms: AlarmIndexRepo;
  directory: DirectoryRepo;
  segments: SegmentRepo;
  campaigns: CampaignRepo;
  content: ContentRepo;
  webhooks: WebhookRepo;
  erasures: ErasureRepo;
}
