import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api';
import { t } from '../i18n';
import { useSession } from '../session';
import { ErrorNote, href } from '../ui';

interface CustomerRow {
  customerId: string;
  name: string;
  email?: string;
  phone?: string;
  city?: string;
  country?: string;
  tier?: string;
  tags: string[];
}

/** Search by name, email, phone or tag; or open a file by its id. An owner starts from their own list. */
export function CustomersPage() {
  const { role } = useSession();
  const [q, setQ] = useState('');
  const [tag, setTag] = useState('');
  const [rows, setRows] = useState<CustomerRow[]>();
  const [next, setNext] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [openId, setOpenId] = useState('');

  const search = async (cursor?: string) => {
    setError(undefined);
    try {
      const answer = await api<{ customers: CustomerRow[]; next?: string }>(
        'GET',
        `/v1/customers${query({ q: q.trim(), tag: tag.trim(), limit: 50, cursor })}`,
      );
      setRows(cursor ? [...(rows ?? []), ...answer.customers] : answer.customers);
      setNext(answer.next);
    } catch (e) {
      setError(e);
    }
  };

  // An owner's own customers at once, on opening: nothing to search for lists them.
  useEffect(() => {
    if (role === 'owner') void search();
  }, []);

  return (
    <section>
      <h2>{role === 'owner' ? t('myCustomers') : t('customers')}</h2>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <input
          name="q"
          placeholder={t('searchHint')}
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
        <input name="tag" placeholder={t('tag')} value={tag} onInput={(e) => setTag(e.currentTarget.value)} />
        <button type="submit">{t('search')}</button>
      </form>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (openId.trim()) location.hash = href('customers', openId.trim());
        }}
      >
        <input
          name="customerId"
          placeholder={t('openById')}
          value={openId}
          onInput={(e) => setOpenId(e.currentTarget.value)}
        />
        <button type="submit">{t('open')}</button>
      </form>
      <ErrorNote error={error} />
      {rows && rows.length === 0 && <p class="muted">{t('nothing')}</p>}
      {rows && rows.length > 0 && (
        <table class="list" data-testid="customer-results">
          <tbody>
            {rows.map((row) => (
              <tr key={row.customerId}>
                <td>
                  <a href={href('customers', row.customerId)}>{row.name}</a>
                </td>
                <td>{row.email}</td>
                <td>{row.phone}</td>
                <td>{[row.city, row.country].filter(Boolean).join(', ')}</td>
                <td>{row.tier}</td>
                <td>
                  {row.tags.map((tg) => (
                    <span class="chip" key={tg}>
                      {tg}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" onClick={() => search(next)}>
          {t('more')}
        </button>
      )}
    </section>
  );
}
