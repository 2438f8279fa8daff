import { useState } from 'preact/hooks';
import { type SuppressionReason, suppressionReasons } from '../../../core/customers/suppression-reasons';
import { api, query } from '../api';
import { ConfirmButton } from '../confirm';
import { t } from '../i18n';
import { ErrorNote, formatTime, Show, useLoad } from '../ui';

const REASONS = suppressionReasons;
type Reason = SuppressionReason;

interface Suppression {
  address: string;
  channel: 'email' | 'sms';
  reason: Reason | 'erased';
  at: string;
  source: string;
}

const path = (address: string) => `/v1/suppressions/${encodeURIComponent(address)}`;

function Removal({ suppression, onDone }: { suppression: Suppression; onDone: (note: string) => void }) {
  const [why, setWhy] = useState('');
  const [force, setForce] = useState(false);
  const [error, setError] = useState<unknown>();
  const complaint = suppression.reason === 'complaint';
  const remove = async () => {
    setError(undefined);
    try {
      await api('DELETE', path(suppression.address), { reason: why.trim(), force });
      onDone(t('removedNote', { address: suppression.address }));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      <label>
        {t('removalReason')}
        <input
          name="removalReason"
          value={why}
          maxLength={200}
          onInput={(e) => setWhy(e.currentTarget.value)}
        />
      </label>
      {complaint && (
        <label class="inline">
          <input
            type="checkbox"
            name="force"
            checked={force}
            onChange={(e) => setForce(e.currentTarget.checked)}
          />
          {t('forceComplaint')}
        </label>
      )}
      <ConfirmButton
        danger
        label={t('remove')}
        warning={t('removeWarning')}
        disabled={why.trim().length < 3 || (complaint && !force)}
        onConfirm={remove}
      />
      <ErrorNote error={error} />
    </div>
  );
}

/** The suppression list: search it, add an address by hand, take one off with a reason. */
export function SuppressionsPage() {
  const [q, setQ] = useState('');
  const [reason, setReason] = useState<Reason | ''>('');
  const [searched, setSearched] = useState({ q: '', reason: '' });
  const [cursor, setCursor] = useState<string>();
  const list = useLoad<{ suppressions: Suppression[]; next: string | null }>(
    `/v1/suppressions${query({ q: searched.q, reason: searched.reason, cursor, limit: 50 })}`,
  );
  const [address, setAddress] = useState('');
  const [channel, setChannel] = useState<'email' | 'sms'>('email');
  const [addReason, setAddReason] = useState<Reason>('manual');
  const [removing, setRemoving] = useState<string>();
  const [note, setNote] = useState<string>();
  const [error, setError] = useState<unknown>();
  const search = (event: Event) => {
    event.preventDefault();
    setCursor(undefined);
    setSearched({ q: q.trim(), reason });
  };
  const add = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      const listed = await api<Suppression>('PUT', path(address.trim()), { channel, reason: addReason });
      setNote(t('listedNote', { address: listed.address }));
      setAddress('');
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section>
      <h1>{t('suppressions')}</h1>
      <p class="muted">{t('suppressionsIntro')}</p>
      <form class="card" onSubmit={add}>
        <h3>{t('addSuppression')}</h3>
        <div class="row wrap">
          <label>
            {t('address')}
            <input
              name="address"
              required
              value={address}
              onInput={(e) => setAddress(e.currentTarget.value)}
            />
          </label>
          <label>
            {t('channel')}
            <select
              name="channel"
              value={channel}
              onChange={(e) => setChannel(e.currentTarget.value as 'email' | 'sms')}
            >
              <option value="email">{t('channel.email')}</option>
              <option value="sms">{t('channel.sms')}</option>
            </select>
          </label>
          <label>
            {t('reason')}
            <select
              name="reason"
              value={addReason}
              onChange={(e) => setAddReason(e.currentTarget.value as Reason)}
            >
              {REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`reason.${r}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <button type="submit">{t('add')}</button>
        <ErrorNote error={error} />
      </form>
      {note && (
        <p class="note" role="status">
          {note}
        </p>
      )}
      <form class="row wrap" onSubmit={search}>
        <input
          name="q"
          aria-label={t('addressStart')}
          placeholder={t('addressStart')}
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
        <select
          name="reasonFilter"
          aria-label={t('reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value as Reason | '')}
        >
          <option value="">{t('anyReason')}</option>
          {REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`reason.${r}`)}
            </option>
          ))}
        </select>
        <button type="submit">{t('search')}</button>
      </form>
      <Show loaded={list}>
        {({ suppressions, next }) => (
          <div class="card scroll">
            {suppressions.length === 0 ? (
              <p class="muted">{t('nothing')}</p>
            ) : (
              <table class="list" data-testid="suppressions">
                <tbody>
                  {suppressions.map((s) => (
                    <tr key={s.address}>
                      <td>
                        <b>{s.address}</b>
                        <br />
                        <span class="muted">{t(`channel.${s.channel}`)}</span>
                      </td>
                      <td>
                        {t(`reason.${s.reason}`)}
                        <br />
                        <span class="muted">
                          {formatTime(s.at)} · {s.source}
                        </span>
                      </td>
                      <td>
                        {removing === s.address ? (
                          <Removal
                            suppression={s}
                            onDone={(text) => {
                              setRemoving(undefined);
                              setNote(text);
                              list.reload();
                            }}
                          />
                        ) : (
                          <button type="button" class="small" onClick={() => setRemoving(s.address)}>
                            {t('remove')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {next && (
              <button type="button" class="link" onClick={() => setCursor(next)}>
                {t('more')}
              </button>
            )}
          </div>
        )}
      </Show>
    </section>
  );
}
