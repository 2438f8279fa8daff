import type { Customer } from '../../core/customers/customer';
import { NotFoundError } from '../../core/errors';
import type { TaskRecord, TaskStatus, TaskView } from '../../ports/store/index';
import type { EngineDeps, StoreDeps } from '../deps';

/**
 * Files a new task on the customer's timeline and on the owners' task board.
 * @example await fileTask(deps, customer, { id, customerId, task: 'call', status: 'open', note, at });
 */
export async function fileTask(
  deps: Pick<EngineDeps, 'webhooks'> & StoreDeps<'taskBoard' | 'timeline'>,
  customer: Pick<Customer, 'name'>,
  task: TaskRecord,
): Promise<boolean> {
  const added = await deps.store.timeline.addEntry({ type: 'task', ...task });
  const { customerId, id: taskId } = task;
  if (added) {
    await deps.webhooks.emit(
      'task.created',
      { customerId, taskId, task: task.task, note: task.note, at: task.at },
      { subject: { customerId }, key: [customerId, taskId] },
    );
  }
  // A retry files the board's copy from the stored task (its first `at` and current status), so a
  // crash between the two writes is finished by the retry without a second copy.
  const stored = added
    ? task
    : await deps.store.timeline.getEntry({ type: 'task', customerId: task.customerId, id: task.id });
  if (stored) await deps.store.taskBoard.file({ ...stored, customerName: customer.name });
  return added;
}

/**
 * Marks a task done (or open again): the timeline's entry changes once, a
 * repeat answers it as it stands; the board is brought in line every time,
 * so a call that failed half-way is finished by its retry.
 * @example const task = await setTaskStatus(deps, 'c-42', 't-1', 'done');
 */
export async function setTaskStatus(
  deps: Pick<EngineDeps, 'clock' | 'log' | 'webhooks'> & StoreDeps<'customers' | 'taskBoard' | 'timeline'>,
  customerId: string,
  taskId: string,
  status: TaskStatus,
): Promise<TaskView> {
  const task = await deps.store.timeline.setTaskStatus(customerId, taskId, status, deps.clock.now());
  if (!task) throw new NotFoundError(`task ${taskId} of customer ${customerId} not found`);
  const record = await deps.store.customers.get(customerId);
  const customerName = record?.customer.name ?? customerId;
  const view: TaskView = { ...task, customerName };
  await deps.store.taskBoard.file(view, status === 'done' ? 'open' : 'done');
  // A done and an undo clicked in quick succession can write the board in the other order than
  // the timeline: the timeline decides, so the board is filed again from it when they differ.
  const settled = await deps.store.timeline.getEntry({ type: 'task', customerId, id: taskId });
  if (settled && settled.status !== view.status) {
    await deps.store.taskBoard.file({ ...settled, customerName }, view.status);
  }
  if (task.status === 'done' && task.doneAt) {
    // Keyed by its doneAt: a repeated done is the same event, a done after an undo a new one.
    await deps.webhooks.emit(
      'task.done',
      { customerId, taskId, task: task.task, at: task.doneAt },
      { subject: { customerId }, key: [customerId, taskId, task.doneAt] },
    );
  }
  deps.log('task.status', { customerId, taskId, status });
  return view;
}
