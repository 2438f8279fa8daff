import type { ReplyRecord, TaskRecord, TaskStatus } from './index';

/** A task as the cross-customer task board lists it: the timeline's entry with whose it is. */
export type TaskView = TaskRecord & { customerName: string };

/** A reply as the cross-customer inbox lists it: the timeline's entry, its text cut short, with whose it is. */
export type InboxEntry = Omit<ReplyRecord, 'from'> & { customerName: string };

/**
 * The inbox: every customer's replies in one partition, complaints above the
 * rest and each part newest first, so the console reads it with one Query.
 * Entries expire after a while: the customer's timeline keeps the reply itself.
 * @example await store.inbox.file({ ...reply, customerName: '王芳' });
 */
export interface InboxRepo {
  /** Files the entry; filing it again rewrites it unchanged. */
  file(entry: InboxEntry): Promise<void>;
  /**
   * `limit` entries, complaints newest first, then the other replies newest first; after the
   * `next` of an earlier page when given. A cursor this list did not return is a ValidationError.
   */
  recent(limit: number, after?: string): Promise<{ replies: InboxEntry[]; next?: string }>;
}

/**
 * The owners' task board across customers, by status, newest first: a copy
 * of each task entry kept beside the customer's timeline (the timeline's
 * entry is the truth; the board follows it).
 * @example const { tasks, next } = await store.taskBoard.list('open', 50);
 */
export interface TaskBoardRepo {
  /** Files the task under its status; with `from`, also takes it from under that status. Idempotent. */
  file(task: TaskView, from?: TaskStatus): Promise<void>;
  /** A page of tasks (open before done for `all`), newest first; `next` continues the list. */
  list(
    status: TaskStatus | 'all',
    limit: number,
    after?: string,
  ): Promise<{ tasks: TaskView[]; next?: string }>;
}
