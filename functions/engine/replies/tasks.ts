import type { Customer } from '../../core/customers/customer';
import { NotFoundError } from '../../core/errors';
import type { Actor, CustomerScope } from '../../core/team/roles';
import type { TaskRecord, TaskStatus, TaskView } from '../../ports/store/index';
import { recordAudit } from '../audit/audit';
import { ownerEmailOf, requireInScope } from '../customers/customer-scope';
import type { EngineDeps, StoreDeps } from '../deps';
import { stillTheirs } from './inbox';

/**
 * Files a new task on the customer's timeline and on the owners' task board.
 * @example await fileTask(deps, customer, { id, customerId, task: 'call', status: 'open', note, at });
 */
export async function fileTask(
  deps: Pick<EngineDeps, 'webhooks'> & StoreDeps<'taskBoard' | 'timeline'>,
  customer: Pick<Customer, 'name' | 'owner'>,
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
  if (stored)
    await deps.store.taskBoard.file({ ...stored, customerName: customer.name, ...ownerEmailOf(customer) });
  return added;
}

/**
 * Owners' tasks, newest first: across customers, or an owner's own (their
 * board's copies, still theirs).
 * @example const { tasks, next } = await listTasks(deps, 'open', 100, undefined, scopeFor(c));
 */
export async function listTasks(
  deps: StoreDeps<'taskBoard' | 'customers'>,
  status: TaskStatus | 'all',
  limit: number,
  after: string | undefined,
  scope: CustomerScope,
): Promise<{ tasks: TaskView[]; next?: string }> {
  const page = await deps.store.taskBoard.list(
    status,
    limit,
    after,
    scope.kind === 'owner' ? scope.email : undefined,
  );
  return { ...page, tasks: await stillTheirs(deps, scope, page.tasks) };
}

/**
 * Marks a task done (or open again): the timeline's entry changes once, a
 * repeat answers it as it stands; the board is brought in line every time,
 * so a call that failed half-way is finished by its retry. A change is in the
 * audit trail; a task of a customer outside the scope is a 404.
 * @example const task = await setTaskStatus(deps, { customerId: 'c-42', taskId: 't-1', status: 'done' }, { by, scope });
 */
export async function setTaskStatus(
  deps: Pick<EngineDeps, 'clock' | 'log' | 'webhooks'> &
    StoreDeps<'customers' | 'taskBoard' | 'timeline' | 'audit'>,
  { customerId, taskId, status }: { customerId: string; taskId: string; status: TaskStatus },
  { by, scope }: { by: Actor; scope: CustomerScope },
): Promise<TaskView> {
  await requireInScope(deps, customerId, scope);
  const before = await deps.store.timeline.getEntry({ type: 'task', customerId, id: taskId });
  const task = await deps.store.timeline.setTaskStatus(customerId, taskId, status, deps.clock.now());
  if (!task) throw new NotFoundError(`task ${taskId} of customer ${customerId} not found`);
  const record = await deps.store.customers.get(customerId);
  const customerName = record?.customer.name ?? customerId;
  const owner = record ? ownerEmailOf(record.customer) : {};
  const view: TaskView = { ...task, customerName, ...owner };
  if (before && before.status !== status) {
    await recordAudit(deps, {
      by,
      action: status === 'done' ? 'task.done' : 'task.reopened',
      target: `task:${customerId}/${taskId}`,
      before: { status: before.status },
      after: { status },
    });
  }
  await deps.store.taskBoard.file(view, status === 'done' ? 'open' : 'done');
  // A done and an undo clicked in quick succession can write the board in the other order than
  // the timeline: the timeline decides, so the board is filed again from it when they differ.
  const settled = await deps.store.timeline.getEntry({ type: 'task', customerId, id: taskId });
  if (settled && settled.status !== view.status) {
    await deps.store.taskBoard.file({ ...settled, customerName, ...owner }, view.status);
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
