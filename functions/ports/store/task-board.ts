import type { TaskRecord, TaskStatus } from './timeline';

/** A task as the cross-customer task board lists it: the timeline's entry with whose it is. */
export type TaskView = TaskRecord & {
  customerName: string;
  /** The customer's owner (lower-cased): the task is on their own board too. */
  ownerEmail?: string;
};

/**
 * The owners' task board across customers, by status, newest first: a copy
 * of each task entry kept beside the customer's timeline (the timeline's
 * entry is the truth; the board follows it).
 * @example const { tasks, next } = await store.taskBoard.list('open', 50);
 */
export interface TaskBoardRepo {
  /**
   * Files the task under its status, on the whole board and on its owner's; with `from`, also
   * takes it from under that status on both. Idempotent.
   */
  file(task: TaskView, from?: TaskStatus): Promise<void>;
  /** A page of tasks (open before done for `all`), newest first; `next` continues the list. With `owner`, that owner's board alone. */
  list(
    status: TaskStatus | 'all',
    limit: number,
    after?: string,
    owner?: string,
  ): Promise<{ tasks: TaskView[]; next?: string }>;
  /** Takes the task's copies out under either status (an erasure). */
  remove(task: Pick<TaskView, 'id' | 'customerId' | 'at'>): Promise<void>;
}
