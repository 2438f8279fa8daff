import { useState } from 'preact/hooks';
import type { HoldReason } from '../../../core/replies/authentication';
import { api } from '../api';
import { t } from '../i18n';
import { ErrorNote, formatDuration, formatTime, href, Show, useLoad } from '../ui';

interface Reply {
  id: string;
  customerId: string;
  customerName: string;
  channel: string;
  kind: string;
  subject?: string;
  text: string;
  at: string;
  latencySeconds?: number;
  /** Kept but not acted on: failed SES's verdicts, not from the address on file, or an owner's mail not relayed. */
  untrusted?: HoldReason;
}

interface Task {
  id: string;
  customerId: string;
  customerName: string;
  task: string;
  status: 'open' | 'done';
  note: string;
  at: string;
  doneAt?: string;
}

/** Recent replies (complaints first, as the engine orders them) and the owners' call tasks. */
export function InboxPage() {
  const inbox = useLoad<{ replies: Reply[] }>('/v1/inbox?limit=50');
  const [showDone, setShowDone] = useState(false);
  const tasks = useLoad<{ tasks: Task[] }>(`/v1/tasks?status=${showDone ? 'all' : 'open'}`);
  const [error, setError] = useState<unknown>();
  const act = async (task: Task) => {
    setError(undefined);
    try {
      const action = task.status === 'done' ? 'undo' : 'done';
      await api(
        'POST',
        `/v1/customers/${encodeURIComponent(task.customerId)}/tasks/${encodeURIComponent(task.id)}/${action}`,
      );
      tasks.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section class="columns">
      <div class="card">
        <h2>{t('replies')}</h2>
        <Show loaded={inbox}>
          {({ replies }) =>
            replies.length === 0 ? (
              <p class="muted">{t('nothing')}</p>
            ) : (
              <ul class="inbox" data-testid="inbox-replies">
                {replies.map((r) => (
                  <li
                    key={r.id}
                    class={r.untrusted ? 'untrusted' : r.kind === 'complaint' ? 'complaint' : ''}
                  >
                    <a href={href('customers', r.customerId)}>{r.customerName}</a>{' '}
                    <span class="chip">{r.kind === 'complaint' ? t('complaint') : r.kind}</span>{' '}
                    <span class="muted">
                      {r.channel} · {formatTime(r.at)}
                      {r.latencySeconds !== undefined &&
                        ` · ${t('latency')} ${formatDuration(r.latencySeconds)}`}
                    </span>
                    {r.untrusted && (
                      <div class="warn" data-testid="untrusted">
                        {t(r.untrusted)}
                      </div>
                    )}
                    {r.subject && <div>{r.subject}</div>}
                    <p>{r.text.slice(0, 300)}</p>
                  </li>
                ))}
              </ul>
            )
          }
        </Show>
      </div>
      <div class="card">
        <h2>{t('tasks')}</h2>
        <label class="inline">
          <input type="checkbox" checked={showDone} onChange={(e) => setShowDone(e.currentTarget.checked)} />
          {t('showDone')}
        </label>
        <ErrorNote error={error} />
        <Show loaded={tasks}>
          {({ tasks: list }) =>
            list.length === 0 ? (
              <p class="muted">{t('nothing')}</p>
            ) : (
              <ul class="tasks" data-testid="task-list">
                {list.map((task) => (
                  <li key={task.id} class={task.status}>
                    <a href={href('customers', task.customerId)}>{task.customerName}</a> {task.note}{' '}
                    <span class="muted">{formatTime(task.at)}</span>{' '}
                    <button type="button" class="small" onClick={() => act(task)}>
                      {task.status === 'done' ? t('undo') : t('done')}
                    </button>
                  </li>
                ))}
              </ul>
            )
          }
        </Show>
      </div>
    </section>
  );
}
