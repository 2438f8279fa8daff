import type { Channel } from '../../core/customers/customer';
import type { HoldReason } from '../../core/replies/authentication';
import type { ReplyKind } from '../../core/replies/classify';
import type { NoteFacts } from '../../core/timeline/note-facts';

/**
 * A message's way out. It is filed when a delivery claims it, already
 * `sending` (in the provider's hands), then `sent` or `failed`. `queued` is the
 * answer of a send handed to the queue and not delivered yet (not filed), and
 * the state a retryable failure leaves a filed message in until the job's next
 * try. A queued or failed message may be claimed again, unless its failure
 * left the outcome unknown (`outcomeUnknown`).
 */
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'failed';

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
  /** When the current attempt began calling the provider (while `sending`). */
  sendingAt?: string;
  sentAt?: string;
  providerMessageId?: string;
  attempts: number;
  error?: string;
  /**
   * An attempt began calling the provider and ended without an outcome: the
   * message may have gone out, so it is failed for good and never claimed again.
   */
  outcomeUnknown?: boolean;
  /**
   * The failure is counted on the message's campaign (by the send queue's
   * delivery): a later claim of the message takes that count back.
   */
  failureCounted?: boolean;
  /** What the provider last reported about the message's fate (delivery events). */
  delivery?: MessageDelivery;
  /** When the provider reported the message delivered (its Delivery event), whatever came after. */
  deliveredAt?: string;
  /** The first time the customer opened the email (its first Open event). */
  openedAt?: string;
  /** The first time the customer clicked a link in it (its first Click event). */
  clickedAt?: string;
  /** The first real reply to it: campaigns count replies per message. */
  repliedAt?: string;
  /** Who wrote it, when a person did (an owner answering the customer): their email address. */
  by?: string;
}

/** A message's fate as the provider reported it, from the least to the most final. */
export const deliveryStatuses = [
  'delayed',
  'delivered',
  'not-rendered',
  'rejected',
  'soft-bounced',
  'bounced',
  'complained',
] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export interface MessageDelivery {
  status: DeliveryStatus;
  /** When the provider saw it happen. */
  at: string;
  /** The provider's words, e.g. `Permanent (General): smtp; 550 5.1.1 user unknown`. */
  detail?: string;
}

/** The fields a send attempt or a delivery event may change on a filed message. */
export type MessagePatch = Partial<
  Pick<
    MessageRecord,
    | 'status'
    | 'sendingAt'
    | 'sentAt'
    | 'providerMessageId'
    | 'error'
    | 'outcomeUnknown'
    | 'failureCounted'
    | 'attempts'
    | 'delivery'
    | 'deliveredAt'
    | 'openedAt'
    | 'clickedAt'
    | 'repliedAt'
  >
>;

/**
 * A message as decided and rendered, before any attempt: what a send job
 * carries and what its delivery files when it claims the message.
 */
export type DraftMessage = Pick<
  MessageRecord,
  | 'id'
  | 'customerId'
  | 'channel'
  | 'to'
  | 'replyTo'
  | 'subject'
  | 'text'
  | 'rule'
  | 'occurrence'
  | 'template'
  | 'locale'
  | 'at'
  | 'by'
>;

/** A claim's answer: the message as filed (and as it was before, if it was), or the one that stands. */
export type ClaimResult =
  | { claimed: true; message: MessageRecord; previous?: MessageRecord }
  | { claimed: false; existing?: MessageRecord };

/** How a claim files its message: in the provider's hands, or failed before it got there. */
export type ClaimAs = { status: 'sending'; sendingAt: string } | { status: 'failed'; error: string };

/**
 * What a conditional message update expects to find: the message still at
 * `status` and, when given, still held by the attempt that began at `sendingAt`.
 */
export interface MessageExpectation {
  status: MessageStatus;
  sendingAt?: string;
}

/** The conditions a message update may carry; see `TimelineRepo.updateMessage`. */
export interface MessageUpdateOptions {
  onlyIfUnset?: keyof MessagePatch;
  onlyIfDeliveryBelow?: DeliveryStatus;
  expect?: MessageExpectation;
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
  /** The email's own Message-ID, when it has a valid one: an owner's answer is threaded to it. */
  emailMessageId?: string;
  /** The raw MIME's key in the inbound mail bucket (AWS): an erasure deletes it. */
  rawMailKey?: string;
  /**
   * Set on a message kept but not acted on: its receipt verdicts failed
   * (`failed-authentication`), its routing token names a customer whose
   * address on file is not its From (`other-address`), or it is an owner's mail
   * to an alert that is no answer to relay (`owner-not-relayed`).
   */
  untrusted?: HoldReason;
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
  /** The note in English; `facts` says the same for a reader in another language. */
  note: string;
  facts?: NoteFacts;
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
   * (undefined when it vanished meanwhile), a winner what an earlier attempt left.
   * @example const claim = await store.timeline.claimMessage(draft, { status: 'sending', sendingAt });
   */
  claimMessage(message: DraftMessage, as: ClaimAs): Promise<ClaimResult>;
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
  /**
   * `updateMessage`, answering with the message as it now stands (undefined
   * when nothing changed): a caller that knows only the message's key learns
   * the rest from its own write, without reading it first.
   * @example const delivered = await store.timeline.markMessage(c, m, { deliveredAt }, { onlyIfUnset: 'deliveredAt' });
   */
  markMessage(
    customerId: string,
    messageId: string,
    patch: MessagePatch,
    options?: MessageUpdateOptions,
  ): Promise<MessageRecord | undefined>;
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
