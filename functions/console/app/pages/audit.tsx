import { useEffect, useState } from 'preact/hooks';
import type { AuditEntry as Entry } from '../../../core/audit/audit-entry';
import { api, query } from '../api';
import { t } from '../i18n';
import { ErrorNote, formatTime } from '../ui';

/** A before or after as a short line: the fields that say what changed, never a wall of JSON. */
function brief(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/** Who changed what and when (admins only): the whole trail, or one target's or one person's. */
export function AuditPage() {
  const [target, setTarget] = useState('');
  const [by, setBy] = useState('');
  const [entries, setEntries] = useState<Entry[]>();
  const [next, setNext] = useState<string>();
  const [error, setError] = useState<unknown>();
  const load = async (cursor?: string, filters = { target: target.trim(), by: by.trim() }) => {
    setError(undefined);
    try {
      const page = await api<{ entries: Entry[]; next?: string }>(
        'GET',
        `/v1/audit${query({ ...filters, limit: 50, cursor })}`,
      );
      setEntries(cursor ? [...(entries ?? []), ...page.entries] : page.entries);
      setNext(page.next);
    } catch (e) {
      setError(e);
    }
  };
  // The newest page once, on opening; a filter loads again on submit.
  useEffect(() => {
    void load();
  }, []);
  const pick = (filters: { target: string; by: string }) => {
    setTarget(filters.target);
    setBy(filters.by);
    void load(undefined, filters);
  };
  return (
    <section class="audit">
      <h1>{t('audit')}</h1>
      <form
        class="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <input
          name="target"
          aria-label={t('filterTarget')}
          placeholder={t('filterTarget')}
          value={target}
          onInput={(e) => setTarget(e.currentTarget.value)}
        />
        <input
          name="by"
          aria-label={t('filterBy')}
          placeholder={t('filterBy')}
          value={by}
          onInput={(e) => setBy(e.currentTarget.value)}
        />
        <button type="submit">{t('filter')}</button>
      </form>
      <ErrorNote error={error} />
      {entries && entries.length === 0 && <p class="muted">{t('nothing')}</p>}
      {entries && entries.length > 0 && (
        <div class="card table-wrap">
          <table class="list" data-testid="audit-entries">
            <thead>
              <tr>
                <th>{t('when')}</th>
                <th>{t('who')}</th>
                <th>{t('action')}</th>
                <th>{t('targetLabel')}</th>
                <th>
                  {t('before')} → {t('after')}
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatTime(entry.at)}</td>
                  <td>
                    <button type="button" class="link" onClick={() => pick({ target: '', by: entry.by })}>
                      {entry.byName}
                    </button>
                  </td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    <button type="button" class="link" onClick={() => pick({ target: entry.target, by: '' })}>
                      {entry.target}
                    </button>
                  </td>
                  <td class="change">
                    <code>{brief(entry.before)}</code>
                    {entry.after !== undefined && ' → '}
                    <code>{brief(entry.after)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" onClick={() => load(next)}>
          {t('more')}
        </button>
      )}
    </section>
  );
}
