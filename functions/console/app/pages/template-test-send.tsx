import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { ErrorNote } from '../ui';

/** Sends the live source, marked as a test, to the marketer (or an address or phone they give). */
export function TestSendForm(props: { id: string; locale: string; channel: 'email' | 'sms' }) {
  const [to, setTo] = useState('');
  const [customerId, setCustomerId] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ sentTo?: string; error?: unknown }>({});
  const send = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setResult({});
    try {
      const answer = await api<{ to: string }>(
        'POST',
        `/v1/templates/${encodeURIComponent(props.id)}/test-send`,
        {
          channel: props.channel,
          locale: props.locale,
          ...(to.trim() ? { to: to.trim() } : {}),
          ...(customerId.trim() ? { customerId: customerId.trim() } : {}),
        },
      );
      setResult({ sentTo: answer.to });
    } catch (error) {
      setResult({ error });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="test-send" onSubmit={send} data-testid="test-send">
      <h3>{t('testSend')}</h3>
      <label>
        {t(props.channel === 'sms' ? 'testSendToSms' : 'testSendTo')}
        <input
          name="test-to"
          type={props.channel === 'sms' ? 'tel' : 'email'}
          required={props.channel === 'sms'}
          value={to}
          onInput={(e) => setTo(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('testSendCustomer')}
        <input
          name="test-customer"
          value={customerId}
          onInput={(e) => setCustomerId(e.currentTarget.value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        {t('testSend')}
      </button>
      {result.sentTo && (
        <p class="note" role="status">
          {t('testSent', { to: result.sentTo })}
        </p>
      )}
      <ErrorNote error={result.error} />
    </form>
  );
}
