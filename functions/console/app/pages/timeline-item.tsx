import { useState } from 'preact/hooks';
import { assertNever } from '../../../core/assert-never';
import type { DeliveryEventType } from '../../../core/delivery-events/delivery-event';
import type { HoldReason } from '../../../core/replies/authentication';
import type { NoteFacts } from '../../../core/timeline/note-facts';
import type { MessageStatus } from '../../../ports/store/timeline';
import { api } from '../api';
import { t } from '../i18n';
import { LocalTime } from '../local-time';
import { noteSentence, ruleSubject } from '../note-sentence';
import { useSession } from '../session';
import { ErrorNote, formatDuration } from '../ui';

export type TimelineEntry = {
  type: 'message' | 'reply' | 'task' | 'note' | 'event';
  id: string;
  at: string;
} & Record<string, unknown>;

/** One entry of the customer's timeline, told in the reader's language at the customer's local time. */
export function TimelineItem({
  entry,
  customerId,
  zone,
  onChange,
}: {
  entry: TimelineEntry;
  customerId: string;
  /** The customer's time zone: every time on the file is the customer's. */
  zone: string | undefined;
  onChange: () => void;
}) {
  const [error, setError] = useState<unknown>();
  // Marketers read tasks; admins and owners mark them.
  const { role } = useSession();
  const str = (key: string) => (typeof entry[key] === 'string' ? (entry[key] as string) : undefined);
  const taskAction = async (action: 'done' | 'undo') => {
    setError(undefined);
    try {
      await api(
        'POST',
        `/v1/customers/${encodeURIComponent(customerId)}/tasks/${encodeURIComponent(entry.id)}/${action}`,
      );
      onChange();
    } catch (e) {
      setError(e);
    }
  };
  let what: preact.ComponentChildren;
  switch (entry.type) {
    case 'message': {
      const delivery = entry.delivery as { event?: DeliveryEventType } | undefined;
      const status = str('status') as MessageStatus | undefined;
      what = (
        <>
          <b>{t(str('channel') === 'sms' ? 'sms' : 'email')}</b> {str('subject') ?? str('text')?.slice(0, 80)}{' '}
          <span class="muted">
            {str('by') ? `${t('answeredBy')} ${str('by')} · ` : ''}
            {ruleSubject(str('rule') ?? '', str('occurrence') ?? '')} · {str('template')}
            {status ? ` · ${t(`msg.${status}`)}` : ''}
            {delivery?.event ? ` · ${t(`delivery.${delivery.event}`)}` : ''}
            {str('repliedAt') ? ` · ${t('replied')}` : ''}
          </span>
        </>
      );
      break;
    }
    case 'reply':
      what = (
        <>
          <b class={str('kind') === 'complaint' ? 'bad' : ''}>
            {t('reply')} ({str('kind')})
          </b>{' '}
          {str('text')?.slice(0, 200)}
          {entry.untrusted !== undefined && (
            <div class="warn" data-testid="untrusted">
              {t(entry.untrusted as HoldReason)}
            </div>
          )}
          {typeof entry.latencySeconds === 'number' && (
            <span class="muted">
              {' '}
              · {t('latency')} {formatDuration(entry.latencySeconds)}
            </span>
          )}
        </>
      );
      break;
    case 'task':
      what = (
        <>
          <b>{t('task')}</b> {str('note')}{' '}
          <span class="muted">{str('status') === 'done' ? t('done') : t('open_')}</span>{' '}
          {role !== 'marketer' && (
            <button
              type="button"
              class="small"
              onClick={() => taskAction(str('status') === 'done' ? 'undo' : 'done')}
            >
              {str('status') === 'done' ? t('undo') : t('done')}
            </button>
          )}
          <ErrorNote error={error} />
        </>
      );
      break;
    case 'event':
      what = (
        <>
          <b>{str('event')}</b> <span class="muted">{str('detail')}</span>
        </>
      );
      break;
    case 'note':
      what = noteSentence({
        rule: str('rule') ?? '',
        occurrence: str('occurrence') ?? '',
        note: str('note') ?? '',
        facts: entry.facts as NoteFacts | undefined,
      });
      break;
    default:
      return assertNever(entry.type);
  }
  return (
    <li class={`tl-${entry.type}`}>
      <LocalTime at={entry.at} zone={zone} /> {what}
    </li>
  );
}
