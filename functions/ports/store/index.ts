import type { CampaignSpec } from '../../core/campaigns/campaign';
import type { CampaignCounts, FanOutCounter, SendCounter } from '../../core/campaigns/campaign-progress';
import type { Place, SegmentFacts, SegmentFilter } from '../../core/campaigns/segment';
import type { Channel, Customer } from '../../core/customers/customer';
import type { CustomerCard } from '../../core/customers/customer-search';
import type { Deal, DealStage } from '../../core/customers/deal';
import type { ValueHistogram } from '../../core/customers/tier';
import type { EngineState } from '../../core/planning/state';
import type { ReplyKind } from '../../core/replies/classify';
import type { InboxRepo, TaskBoardRepo } from './boards';
import type { ContentRepo } from './content';
import type { ClaimAs, DraftMessage, MessagePatch, MessageRecord, MessageUpdateOptions } from './message';

export * from './boards';
export * from './content';
export * from './message';

export interface CustomerRecord {
  customer: Customer;
  state: EngineState;
  createdAt: string;
  updatedAt: string;
  /** When the customer's alarm is set to ring, if anything is pending. */
  nextAt?: string;
  /** Whether the customer has a complete entry (profile and state facts) in the directory segments read (gsi4). */
  inDirectory?: boolean;
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
  /** When the owner marked it done; gone again when it is reopened. */
  doneAt?: string;
}

export type TaskStatus = TaskRecord['status'];

/** Something the engine decided that the marketer should see: a message moved or dropped by the caps. */
export interface NoteRecord {
  id: string;
  customerId: string;
  rule: string;
  occurrence: string;
  note: string;
  at: string;
}

/** A provider event about one of the customer's messages (a bounce, a complaint, an open…). */
export interface EventRecord {
  /** Stable per provider event: the same notification delivered twice files once. */
  id: string;
  customerId: string;
  messageId: string;
  /** The domain event type, e.g. `bounce` (see core/delivery-events/delivery-event.ts). */
  event: string;
  detail?: string;
  at: string;
}

export type TimelineEntry =
  | ({ type: 'message' } & MessageRecord)
  | ({ type: 'reply' } & ReplyRecord)
  | ({ type: 'task' } & TaskRecord)
  | ({ type: 'note' } & NoteRecord)
  | ({ type: 'event' } & EventRecord);

/** An entry the engine files once (replies, tasks, notes, events); messages go through the claim. */
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
  /** The customers this customer referred, oldest first. */
  referrals: ReferralGiven[];
}

/**
 * Customer profiles with the engine's state beside them.
 * @example const record = await store.customers.get('c-42');
 */
export interface CustomerRepo {
  get(customerId: string): Promise<CustomerRecord | undefined>;
  /** Creates or replaces the profile, keeping the engine state. */
  upsert(
    customer: Customer,
    now: Date,
  ): Promise<{ created: boolean; record: CustomerRecord; previous?: Customer }>;
  /**
   * Writes `state` only if the stored state is still at `state.version - 1`;
   * throws ConflictError when another writer got there first. With
   * `customer`, the customer's directory entry is refreshed from it and the
   * state too; without, the entry is left as it is (and costs no index write).
   */
  saveState(
    customerId: string,
    state: EngineState,
    nextAt: Date | undefined,
    customer?: Customer,
  ): Promise<void>;
  findByContact(contact: { email: string } | { phone: string }): Promise<string[]>;
  getFile(customerId: string): Promise<CustomerFile>;
  /** Several profiles by id (unknown ids are left out), in batches. */
  getMany(customerIds: readonly string[]): Promise<CustomerRecord[]>;
  /**
   * Files `referred` on the referrer's own partition, so the referrer's file
   * lists whom they referred without a scan; filing it again rewrites it.
   */
  linkReferral(referrerId: string, referred: ReferralGiven): Promise<void>;
  /** Takes a referral off a referrer's file (the customer now names another referrer, or none). */
  unlinkReferral(referrerId: string, referredId: string): Promise<void>;
}

/** A customer someone referred, as the referrer's file lists them. */
export interface ReferralGiven {
  customerId: string;
  name: string;
  /** When the referred customer was filed. */
  at: string;
}

/**
 * Messages, replies and tasks on a customer's timeline.
 * @example if ((await store.timeline.claimMessage(draft, as)).claimed) await mailer.send(...)
 */
export interface TimelineRepo {
  /**
   * The send guard, one conditional write: files the whole message `as` given
   * (its attempts counted) only if no message with its id exists yet, or the
   * existing one is `queued` or `failed` with a known outcome. At most one
   * attempt holds a message at a time; a loser sees the stored message
   * (undefined when it vanished meanwhile).
   * @example const claim = await store.timeline.claimMessage(draft, { status: 'sending', sendingAt });
   */
  claimMessage(
    message: DraftMessage,
    as: ClaimAs,
  ): Promise<{ claimed: true; message: MessageRecord } | { claimed: false; existing?: MessageRecord }>;
  /**
   * Sets the fields of `patch` on a filed message. With `onlyIfUnset`, nothing
   * changes when that field is already set; with `onlyIfDeliveryBelow`, nothing
   * changes unless the message's delivery status ranks below that one (or is
   * unset); with `expect`, nothing changes unless the message is as expected.
   * The answer says whether it changed, so a first open or click, or a first
   * delivery, can be told from a later or redelivered one.
   * @example const first = await store.timeline.updateMessage(c, m, { openedAt }, { onlyIfUnset: 'openedAt' });
   */
  updateMessage(
    customerId: string,
    messageId: string,
    patch: MessagePatch,
    options?: MessageUpdateOptions,
  ): Promise<boolean>;
  /** A message by its id alone (through the gsi1 reference): two requests. */
  findMessage(messageId: string): Promise<MessageRecord | undefined>;
  /**
   * A message by customer and id: one GetItem, eventually consistent unless asked.
   * @example const message = await store.timeline.getMessage('c-42', 'm-1');
   */
  getMessage(
    customerId: string,
    messageId: string,
    options?: { consistent?: boolean },
  ): Promise<MessageRecord | undefined>;
  /** Files a reply, task, note or event once; false when an entry with its id is already there. */
  addEntry(entry: FiledEntry): Promise<boolean>;
  /**
   * The record of the filed entry of that type and id, as first filed (a retry's copy of it may
   * differ in `at`).
   * @example const stored = await store.timeline.getEntry({ type: 'reply', customerId: 'c-42', id: 'r-1' });
   */
  getEntry<T extends FiledEntry['type']>(ref: {
    type: T;
    customerId: string;
    id: string;
  }): Promise<Omit<Extract<FiledEntry, { type: T }>, 'type'> | undefined>;
  /**
   * Sets a task's status (done with `doneAt`, or open again without) in one
   * conditional write; a task already there is answered as it stands, so a
   * repeat changes nothing. Undefined for a task that does not exist.
   * @example const task = await store.timeline.setTaskStatus('c-42', 't-1', 'done', now);
   */
  setTaskStatus(
    customerId: string,
    taskId: string,
    status: TaskStatus,
    at: Date,
  ): Promise<TaskRecord | undefined>;
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

/** What is counted per template, from the send path, delivery events, replies and unsubscribes. */
export const templateCounters = [
  'sent',
  'delivered',
  'opened',
  'clicked',
  'replied',
  'bounced',
  'complained',
  'unsubscribed',
] as const;
export type TemplateCounter = (typeof templateCounters)[number];

export type TemplateCounts = { template: string } & Record<TemplateCounter, number>;

/** Book-wide figures kept up to date one change at a time, so nothing ever reads every customer. */
export interface StatsRepo {
  valueHistogram(): Promise<ValueHistogram>;
  /** Moves one customer's lifetime value from `from` (undefined: not counted yet) to `to`. */
  moveValue(from: number | undefined, to: number): Promise<void>;
  /**
   * Adds `by` (default 1) to one of a template's counters for the ISO week
   * (UTC) `at` falls in, atomically: one write, the totals are sums of weeks.
   * @example await store.stats.countTemplate('hello-again', 'sent', now);
   */
  countTemplate(template: string, counter: TemplateCounter, at: Date, by?: number): Promise<void>;
  /** Every template's counters summed over all weeks (zero where nothing was counted), in template order. */
  templateCounts(): Promise<TemplateCounts[]>;
  /**
   * Each template's counters per ISO week from `fromWeek` to `toWeek`
   * (`2026-W47`, both included), with one Query.
   * @example await store.stats.weeklyTemplateCounts('2026-W36', '2026-W47');
   */
  weeklyTemplateCounts(fromWeek: string, toWeek: string): Promise<TemplateWeekCounts[]>;
}

/** A template's counters in one ISO week. */
export type TemplateWeekCounts = TemplateCounts & { week: string };

/** Why an address may no longer be messaged. */
export type SuppressionReason = 'hard-bounce' | 'complaint' | 'unsubscribe' | 'stop' | 'soft-bounce-repeated';

export interface SuppressionRecord {
  /** The normalised address: an email lower-cased, a phone number in E.164. */
  address: string;
  reason: SuppressionReason;
  at: string;
  /** What put it there, e.g. `ses:bounce`, `one-click`, `sms-stop`. */
  source: string;
}

/**
 * The suppression list: addresses (not customers) that are never messaged
 * again, whoever they belong to, and the soft bounces that may put one there.
 * Addresses are normalised by the repository.
 * @example if (await store.suppressions.get('wang.fang@example.com')) return unreachable;
 */
export interface SuppressionRepo {
  get(address: string): Promise<SuppressionRecord | undefined>;
  /** Lists the address; the first reason stays. True when this call listed it. */
  add(address: string, entry: { reason: SuppressionReason; at: Date; source: string }): Promise<boolean>;
  /** Notes a soft bounce; answers how many the address had in the 30 days up to `at`, this one included. */
  recordSoftBounce(address: string, at: Date): Promise<number>;
}

/** A customer's pending alarm as the alarm index holds it. */
export interface PendingAlarm {
  customerId: string;
  /** When the alarm was set to ring (ISO). */
  nextAt: string;
}

/**
 * Every pending alarm, filed under the UTC hour it is set for, so a sweep can
 * find the ones that should have rung without reading every customer.
 * @example for await (const page of store.alarms.dueBefore('2027-02-06T09', cutoff)) rearm(page);
 */
export interface AlarmIndexRepo {
  /** The alarms filed under `hour` (`2027-02-06T09`) set to ring before `before`, a page at a time. */
  dueBefore(hour: string, before: Date, options?: { pageSize?: number }): AsyncIterable<PendingAlarm[]>;
}

/** Where a directory read stands: the part (a shard, or a shard and place) and the last key read in it. */
export interface DirectoryCursor {
  part: number;
  after?: Record<string, string>;
}

export interface DirectoryPage {
  entries: {
    customerId: string;
    facts: SegmentFacts;
    /** What a search hit shows of the customer. */
    card: CustomerCard;
    /** Where a read that stops right after this entry goes on from. */
    position: DirectoryCursor;
  }[];
  /** Where the next page starts; absent once the directory (or its places) is read to the end. */
  next?: DirectoryCursor;
  /** How many of the directory's hash shards are read to the end once this page is: for estimates. */
  shardsDone: number;
  shards: number;
}

/**
 * The customer directory: every customer once, with the facts segments
 * select on, in hash shards ordered by country and city, so a segment is
 * evaluated page by page (or by place prefix) without a table scan.
 * @example const page = await store.directory.page([{ country: 'CN', city: '杭州' }], undefined, 200);
 */
export interface DirectoryRepo {
  page(
    places: readonly Place[] | undefined,
    cursor: DirectoryCursor | undefined,
    limit: number,
  ): Promise<DirectoryPage>;
}

/** A named, saved filter over the customer file. */
export interface SegmentRecord {
  id: string;
  name: string;
  filter: SegmentFilter;
  createdAt: string;
}

export interface SegmentRepo {
  /** False when a segment with this id exists already. */
  create(segment: SegmentRecord): Promise<boolean>;
  get(id: string): Promise<SegmentRecord | undefined>;
  list(): Promise<SegmentRecord[]>;
}

/** A campaign as stored: its spec, where its fan-out stands, and what the fan-out counted. */
export interface CampaignRecord {
  spec: CampaignSpec;
  /** The fan-out's directory position (an opaque token); absent before the first page and after the last. */
  cursor?: string;
  pages: number;
  fannedOutAt?: string;
  cancelledAt?: string;
  counts: Record<FanOutCounter, number>;
}

/**
 * Campaigns, their fan-out progress and their counters.
 * @example await store.campaigns.savePage(id, cursor, next, { targeted: 200, queued: 200, skipped: 0 }, now);
 */
export interface CampaignRepo {
  /** False when a campaign with this id exists already. */
  create(spec: CampaignSpec): Promise<boolean>;
  get(id: string): Promise<CampaignRecord | undefined>;
  /** The newest campaigns first; `next` continues the list. */
  list(limit: number, after?: string): Promise<{ campaigns: CampaignRecord[]; next?: string }>;
  /**
   * Adds one fan-out page's counts and moves the cursor from `from` to `to`
   * (absent: the fan-out is done) in one conditional write: false when the
   * cursor is no longer at `from` because another run saved the page first.
   */
  savePage(
    id: string,
    from: string | undefined,
    to: string | undefined,
    counts: Record<FanOutCounter, number>,
    at: Date,
  ): Promise<boolean>;
  /** Marks the campaign cancelled (once); the record as it now stands. */
  cancel(id: string, at: Date): Promise<CampaignRecord>;
  /** Adds to the send counters, on one of the campaign's counter shards. */
  count(id: string, shard: number, counts: Partial<Record<SendCounter, number>>): Promise<void>;
  /** Every counter, summed over the shards, with the offer redemptions. */
  counts(id: string): Promise<CampaignCounts>;
  /**
   * Files a recipient's redemption of their code (once per recipient) or an
   * expired code presented on a deal (once per deal); false when already filed.
   */
  recordRedemption(
    id: string,
    entry: { customerId: string; code: string; dealId: string; at: string; status: 'redeemed' | 'expired' },
  ): Promise<boolean>;
}

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
}
