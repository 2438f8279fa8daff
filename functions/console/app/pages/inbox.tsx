import { useState } from 'preact/hooks';
import type { HoldReason } from '../../../core/replies/authentication';
import { api } from '../api';
import { t } from '../i18n';
import { useSession } from '../session';
import { ErrorNote, formatDuration, formatTime, href, Show, useLoad } from '../ui';
import { AnswerForm } from './answer-form';

export interface Reply {
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

export interface Task {
  id: string;
  customerId: string;
  customerName: string;
  task: string;
  status: 'open' | 'done';
  note: string;
  at: string;
  doneAt?: string;
}

/** Replies as the inbox lists them, complaints marked, each with its customer's file a click away. */
export function ReplyList({ replies }: { replies: Reply[] }) {
  if (replies.length === 0) return <p class="muted">{t('nothing')}</p>;
  return (
    <ul class="inbox" data-testid="inbox-replies">
      {replies.map((r) => (
        <li key={r.id} class={r.untrusted ? 'untrusted' : r.kind === 'complaint' ? 'complaint' : ''}>
          <a href={href('customers', r.customerId)}>{r.customerName}</a>{' '}
          <span class="chip">{r.kind === 'complaint' ? t('complaint') : r.kind}</span>{' '}
          <span class="muted">
            {r.channel} · {formatTime(r.at)}
            {r.latencySeconds !== undefined && ` · ${t('latency')} ${formatDuration(r.latencySeconds)}`}
          </span>
          {r.untrusted && (
            <div class="warn" data-testid="untrusted">
              {t(r.untrusted)}
            </div>
          )}
          {r.subject && <div>{r.subject}</div>}
          <p>{r.text.slice(0, 300)}</p>
          {!r.untrusted && <AnswerForm customerId={r.customerId} replyId={r.id} />}
        </li>
      ))}
    </ul>
  );
}

/**
 * Owners' call tasks with done and undo (for the roles that may mark them:
 * admins and owners; a marketer reads them).
 */
export function TaskList({ tasks, onChanged }: { tasks: Task[]; onChanged: () => void }) {
  const { role } = useSession();
  const [error, setError] = useState<unknown>();
  const act = async (task: Task) => {
    setError(undefined);
    try {
      const action = task.status === 'done' ? 'undo' : 'done';
      await api(
        'POST',
        `/v1/customers/${encodeURIComponent(task.customerId)}/tasks/${encodeURIComponent(task.id)}/${action}`,
      );
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <ErrorNote error={error} />
      {tasks.length === 0 ? (
        <p class="muted">{t('nothing')}</p>
      ) : (
        <ul class="tasks" data-testid="task-list">
          {tasks.map((task) => (
            <li key={task.id} class={task.status}>
              <a href={href('customers', task.customerId)}>{task.customerName}</a> {task.note}{' '}
              <span class="muted">{formatTime(task.at)}</span>{' '}
              {role !== 'marketer' && (
                <button type="button" class="small" onClick={() => act(task)}>
                  {task.status === 'done' ? t('undo') : t('done')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Recent replies (complaints first, as the engine orders them) and the owners' call tasks. */
export function InboxPage() {
  const inbox = useLoad<{ replies: Reply[] }>('/v1/inbox?limit=50');
  const [showDone, setShowDone] = useState(false);
  const tasks = useLoad<{ tasks: Task[] }>(`/v1/tasks?status=${showDone ? 'all' : 'open'}`);
  return (
    <section>
      <h1>{t('inbox')}</h1>
      <div class="columns">
        <div class="card">
          <h2>{t('replies')}</h2>
          <Show loaded={inbox}>{({ replies }) => <ReplyList replies={replies} />}</Show>
        </div>
        <div class="card">
          <h2>{t('tasks')}</h2>
          <label class="inline">
            <input
              type="checkbox"
              checked={showDone}
              onChange={(e) => setShowDone(e.currentTarget.checked)}
            />
            {t('showDone')}
          </label>
          <Show loaded={tasks}>
            {({ tasks: list }) => <TaskList tasks={list} onChanged={tasks.reload} />}
          </Show>
        </div>
      </div>
    </section>
  );
}
