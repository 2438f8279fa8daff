import type { TaskRecord, TaskStatus } from './timeline';

/** A task as the cross-customer task board lists it: the timeline's entry with whose it is. */
export type TaskView = TaskRecord & { customerName: string };

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
  /** Takes the task's copies out under either status (an erasure). */
  remove(task: Pick<TaskView, 'id' | 'customerId' | 'at'>): Promise<void>;
}
