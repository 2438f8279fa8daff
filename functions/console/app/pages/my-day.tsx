import { t } from '../i18n';
import { useSession } from '../session';
import { Show, useLoad } from '../ui';
import { type Reply, ReplyList, type Task, TaskList } from './inbox';

/** Whether an ISO time falls on today, on this browser's clock. */
function isToday(iso: string | undefined): boolean {
  if (!iso) return false;
  const day = (date: Date) => date.toLocaleDateString('en-CA');
  return day(new Date(iso)) === day(new Date());
}

/**
 * An owner's home page: the replies of their customers, and their tasks for
 * today (every open one, and those done today). The engine answers an owner
 * with their own only.
 */
export function MyDayPage() {
  const { user } = useSession();
  const inbox = useLoad<{ replies: Reply[] }>('/v1/inbox?limit=50');
  const tasks = useLoad<{ tasks: Task[] }>('/v1/tasks?status=all&limit=200');
  return (
    <section>
      <h1>
        {t('home')}
        {user && <span class="muted"> · {user.name}</span>}
      </h1>
      <div class="columns">
        <div class="card">
          <h3>{t('myTasksToday')}</h3>
          <Show loaded={tasks}>
            {({ tasks: list }) => (
              <TaskList
                tasks={list.filter((task) => task.status === 'open' || isToday(task.doneAt))}
                onChanged={tasks.reload}
              />
            )}
          </Show>
        </div>
        <div class="card">
          <h3>{t('myInbox')}</h3>
          <Show loaded={inbox}>{({ replies }) => <ReplyList replies={replies} />}</Show>
        </div>
      </div>
    </section>
  );
}
