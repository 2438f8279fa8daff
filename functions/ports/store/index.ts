import type { Channel, Customer } from '../../core/customer';
import type { Deal, DealStage } from '../../core/deal';
import type { ReplyKind } from '../../core/reply';
import type { EngineState } from '../../core/state';
import type { ValueHistogram } from '../../core/tier';

export interface CustomerRecord {
  customer: Customer;
  state: EngineState;
  createdAt: string;
  updatedAt: string;
  /** When the customer's alarm is set to ring, if anything is pending. */
  nextAt?: string;
}

export type MessageStatus = 'sending' | 'sent' | 'failed';

export interface MessageRecord {
  id: string;
  customerId: string;
  channel: Channel;
  to: string;
  replyTo?: string;
  subject?: string;
  text: string;
  rule: string;
  occurrence: string;
  template: string;
  locale: string;
  status: MessageStatus;
  /** When the send was claimed; the time the message is filed under. */
  at: string;
  sentAt?: string;
  providerMessageId?: string;
  attempts: number;
  error?: string;
}

export interface ReplyRecord {
  id: string;
  customerId: string;
  channel: Channel;
  from: string;
  subject?: string;
  text: string;
  kind: ReplyKind;
  messageId?: string;
  at: string;
  latencySeconds?: number;
}

export interface TaskRecord {
  id: string;
  customerId: string;
  task: 'call';
  status: 'open' | 'done';
  note: string;
  chaseId?: string;
  at: string;
}

/** Something the engine decided that the marketer should see: a message moved or dropped by the caps. */
export interface NoteRecord {
  id: string;
  customerId: string;
  rule: string;
  occurrence: string;
  note: string;
  at: string;
}

export type TimelineEntry =
  | ({ type: 'message' } & MessageRecord)
  | ({ type: 'reply' } & ReplyRecord)
  | ({ type: 'task' } & TaskRecord)
  | ({ type: 'note' } & NoteRecord);

/** An entry the engine files once (replies, tasks, notes); messages go through the claim. */
export type FiledEntry = Exclude<TimelineEntry, { type: 'message' }>;

export interface DealRecord {
  deal: Deal;
  /** When each stage was reported; a stage is recorded once. */
  stages: Partial<Record<DealStage, string>>;
  updatedAt: string;
}

/** Everything filed under one customer, read in one query. */
export interface CustomerFile {
  record?: CustomerRecord;
  deals: DealRecord[];
  timeline: TimelineEntry[];
}

/**
 * Customer profiles with the engine's state beside them.
 * @example const record = await store.customers.get('c-42');
 */
export interface CustomerRepo {
  get(customerId: string): Promise<CustomerRecord | undefined>;
  /** Creates or replaces the profile, keeping the engine state. */
  upsert(customer: Customer, now: Date): Promise<{ created: boolean; record: CustomerRecord }>;
  /**
   * Writes `state` only if the stored state is still at `state.version - 1`;
   * throws ConflictError when another writer got there first.
   */
  saveState(customerId: string, state: EngineState, nextAt: Date | undefined): Promise<void>;
  findByContact(contact: { email: string } | { phone: string }): Promise<string[]>;
  getFile(customerId: string): Promise<CustomerFile>;
}

/**
 * Messages, replies and tasks on a customer's timeline.
 * @example if ((await store.timeline.claimMessage(message)).claimed) await mailer.send(...)
 */
export interface TimelineRepo {
  /**
   * The send guard: files `message` only if no message with its id exists yet
   * (or the earlier attempt failed). At most one caller ever wins a claim.
   */
  claimMessage(
    message: MessageRecord,
  ): Promise<{ claimed: true } | { claimed: false; existing: MessageRecord }>;
  updateMessage(
    customerId: string,
    messageId: string,
    patch: Partial<Pick<MessageRecord, 'status' | 'sentAt' | 'providerMessageId' | 'error' | 'attempts'>>,
  ): Promise<void>;
  findMessage(messageId: string): Promise<MessageRecord | undefined>;
  /** Files a reply, task or note once; false when an entry with its id is already there. */
  addEntry(entry: FiledEntry): Promise<boolean>;
}

export interface DealRepo {
  /** Records the deal at its stage once; a repeated (dealId, stage) is a duplicate. */
  recordStage(deal: Deal, receivedAt: Date): Promise<'recorded' | 'duplicate'>;
}

/** Idempotency receipts (webhook ids, inbound message ids), forgotten after `expiresAt`. */
export interface ReceiptRepo {
  /** True the first time `key` is claimed, false for every repeat. */
  claim(key: string, expiresAt: Date): Promise<boolean>;
  release(key: string): Promise<void>;
}

/** Book-wide figures kept up to date one change at a time, so nothing ever reads every customer. */
export interface StatsRepo {
  valueHistogram(): Promise<ValueHistogram>;
  /** Moves one customer's lifetime value from `from` (undefined: not counted yet) to `to`. */
  moveValue(from: number | undefined, to: number): Promise<void>;
}

/** The store: one DynamoDB table, seen through one small repository per kind of item. */
export interface Store {
  stats: StatsRepo;
  customers: CustomerRepo;
  timeline: TimelineRepo;
  deals: DealRepo;
  receipts: ReceiptRepo;
}
