import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { useSession } from '../session';
import { ErrorNote } from '../ui';

interface Preview {
  channel: 'email' | 'sms';
  to: string | null;
  from: string;
  subject?: string;
  text: string;
}

/**
 * An owner's answer to one reply, written here and sent to the customer from
 * the business's address under the owner's name: previewed first, sent after a
 * confirmation, once (the form's Idempotency-Key makes a second click the same send).
 */
export function AnswerForm({ customerId, replyId }: { customerId: string; replyId: string }) {
  const { role } = useSession();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<Preview>();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>();
  const [key] = useState(() => crypto.randomUUID());
  if (role === 'marketer') return null;
  if (sent) return <p class="note">{t('answerSent')}</p>;
  if (!open) {
    return (
      <button type="button" class="small" onClick={() => setOpen(true)}>
        {t('answer')}
      </button>
    );
  }
  const path = `/v1/customers/${encodeURIComponent(customerId)}/answers`;
  const show = async () => {
    setError(undefined);
    try {
      const answer = await api<{ preview: Preview }>('POST', path, { text, replyId, preview: true });
      setPreview(answer.preview);
    } catch (e) {
      setError(e);
    }
  };
  const send = async () => {
    if (!window.confirm(t('answerConfirm'))) return;
    setError(undefined);
    try {
      await api('POST', path, { text, replyId }, { 'idempotency-key': key });
      setSent(true);
    } catch (e) {
      setError(e);
    }
  };
  const id = `answer-${replyId}`;
  return (
    <div class="answer" data-testid="answer-form">
      <label for={id}>{t('yourAnswer')}</label>
      <textarea
        id={id}
        rows={4}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setPreview(undefined);
        }}
      />
      <div class="row">
        <button type="button" class="small" onClick={show} disabled={text.trim() === ''}>
          {t('answerPreview')}
        </button>
        {preview && (
          <button type="button" class="small" onClick={send}>
            {t('answerSend')}
          </button>
        )}
      </div>
      {preview && (
        <div class="card preview" data-testid="answer-preview">
          <p class="muted">
            {preview.from} → {preview.to ?? '—'} ({preview.channel === 'sms' ? t('sms') : t('email')})
          </p>
          {preview.subject && <p>{preview.subject}</p>}
          <pre class="wrap">{preview.text}</pre>
        </div>
      )}
      <ErrorNote error={error} />
    </div>
  );
}
