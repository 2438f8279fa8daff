import type { Customer } from '../core/customer';
import { NotFoundError } from '../core/errors';
import type { TaskRecord, TaskStatus, TaskView } from '../ports/store/index';
import type { EngineDeps } from './deps';

/**
 * Files a new task on the customer's timeline and, when this call filed it,
 * on the owners' task board (a retried fire files the timeline's entry
 * once, and its later `at` must not put a second copy on the board).
 * @example await fileTask(deps, customer, { id, customerId, task: 'call', status: 'open', note, at });
 */
export async function fileTask(
  deps: Pick<EngineDeps, 'store'>,
  customer: Pick<Customer, 'name'>,
  task: TaskRecord,
): Promise<boolean> {
  const added = await deps.store.timeline.addEntry({ type: 'task', ...task });
  if (added) await deps.store.taskBoard.file({ ...task, customerName: customer.name });
  return added;
}

/**
 * Marks a task done (or open again): the timeline's entry changes once, a
 * repeat answers it as it stands; the board is brought in line every time,
 * so a call that failed half-way is finished by its retry.
 * @example const task = await setTaskStatus(deps, 'c-42', 't-1', 'done');
 */
export async function setTaskStatus(
  deps: Pick<EngineDeps, 'store' | 'clock' | 'log'>,
  customerId: string,
  taskId: string,
  status: TaskStatus,
): Promise<TaskView> {
  const task = await deps.store.timeline.setTaskStatus(customerId, taskId, status, deps.clock.now());
  if (!task) throw new NotFoundError(`task ${taskId} of customer ${customerId} not found`);
  const record = await deps.store.customers.get(customerId);
  const view: TaskView = { ...task, customerName: record?.customer.name ?? customerId };
  await deps.store.taskBoard.file(view, status === 'done' ? 'open' : 'done');
  deps.log('task.status', { customerId, taskId, status });
  return view;
}
