import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api';
import { type Key, t } from '../i18n';
import { LocalTime } from '../local-time';
import { useSession } from '../session';
import { ErrorNote, href } from '../ui';
import { CustomerForm } from './customer-form';

interface CustomerRow {
  customerId: string;
  name: string;
  email?: string;
  phone?: string;
  city?: string;
  country?: string;
  tier?: string;
  owner?: string;
  lastContactAt?: string;
  timezone?: string;
  tags: string[];
}

interface Listed {
  customers: CustomerRow[];
  next?: string;
  partial?: true;
}

type Sort = '' | 'name' | 'city' | 'tier' | 'owner' | 'lastContact';
interface Filters {
  q: string;
  tag: string;
  tier: string;
  owner: string;
  city: string;
}

const SORTS: { sort: Sort; label: Key }[] = [
  { sort: '', label: 'sortNone' },
  { sort: 'name', label: 'sortName' },
  { sort: 'city', label: 'sortCity' },
  { sort: 'tier', label: 'sortTier' },
  { sort: 'owner', label: 'sortOwner' },
  { sort: 'lastContact', label: 'sortLastContact' },
];
const PAGE_SIZE = 25;
const EMPTY: Filters = { q: '', tag: '', tier: '', owner: '', city: '' };

/**
 * Every customer the signed-in person may see, filtered, sorted and paged; a CSV of the
 * same list; a new customer's file (admins). An owner sees their own.
 */
export function CustomersPage() {
  const { role } = useSession();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [sort, setSort] = useState<Sort>('');
  const [desc, setDesc] = useState(false);
  // The cursors of the pages before this one: "previous" goes back without the API's help.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [answer, setAnswer] = useState<Listed>();
  const [error, setError] = useState<unknown>();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState('');

  const params = {
    q: filters.q.trim(),
    tag: filters.tag.trim(),
    tier: filters.tier,
    owner: filters.owner.trim(),
    city: filters.city.trim(),
    sort,
    order: sort && desc ? 'desc' : undefined,
  };
  const cursor = cursors.at(-1);
  const listPath = `/v1/customers${query({ ...params, limit: PAGE_SIZE, cursor })}`;
  useEffect(() => {
    let live = true;
    setError(undefined);
    api<Listed>('GET', listPath).then(
      (listed) => live && setAnswer(listed),
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [listPath]);

  const restart = () => setCursors([undefined]);
  const sortBy = (next: Sort) => {
    if (next === sort) setDesc(!desc);
    else {
      setSort(next);
      setDesc(false);
    }
    restart();
  };
  const header = (label: Key, column?: Sort) =>
    column ? (
      <th aria-sort={sort === column ? (desc ? 'descending' : 'ascending') : undefined}>
        <button type="button" class="link" onClick={() => sortBy(column)}>
          {t(label)}
          {sort === column ? (desc ? ' ↓' : ' ↑') : ''}
        </button>
      </th>
    ) : (
      <th>{t(label)}</th>
    );
  const field = (key: keyof Filters, label: Key, type = 'text') => (
    <label>
      {t(label)}
      <input
        name={key}
        type={type}
        value={draft[key]}
        onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })}
      />
    </label>
  );

  return (
    <section class="customers">
      <h1>{role === 'owner' ? t('myCustomers') : t('customers')}</h1>
      <form
        class="row wrap filters"
        aria-label={t('listFilters')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
          restart();
        }}
      >
        {field('q', 'filterText', 'search')}
        {field('tag', 'filterTag')}
        <label>
          {t('filterTier')}
          <select
            name="tier"
            value={draft.tier}
            onChange={(e) => setDraft({ ...draft, tier: e.currentTarget.value })}
          >
            <option value="">{t('anyTier')}</option>
            {['A', 'B', 'C'].map((tier) => (
              <option key={tier} value={tier}>
                {tier}
              </option>
            ))}
          </select>
        </label>
        {role !== 'owner' && field('owner', 'filterOwner', 'email')}
        {field('city', 'filterCity')}
        <button type="submit">{t('apply')}</button>
      </form>
      <div class="row wrap list-tools">
        <label class="inline">
          {t('sortBy')}
          <select
            name="sort"
            value={sort}
            onChange={(e) => {
              setSort(e.currentTarget.value as Sort);
              restart();
            }}
          >
            {SORTS.map(({ sort: value, label }) => (
              <option key={value} value={value}>
                {t(label)}
              </option>
            ))}
          </select>
        </label>
        <label class="inline">
          <input
            type="checkbox"
            name="desc"
            checked={desc}
            disabled={!sort}
            onChange={(e) => {
              setDesc(e.currentTarget.checked);
              restart();
            }}
          />
          {t('descending')}
        </label>
        <span class="spacer" />
        <a class="button" href={`/v1/customers/export.csv${query(params)}`} download="customers.csv">
          {t('exportCsv')}
        </a>
        {role === 'admin' && !creating && (
          <button type="button" onClick={() => setCreating(true)}>
            {t('newCustomer')}
          </button>
        )}
      </div>
      {creating && (
        <CustomerForm
          onSaved={(id) => {
            location.hash = href('customers', id);
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      <ErrorNote error={error} />
      {answer?.partial && <p class="note">{t('partialSort')}</p>}
      {answer && answer.customers.length === 0 && <p class="muted">{t('noCustomers')}</p>}
      {answer && answer.customers.length > 0 && (
        <div class="table-scroll">
          <table class="list" data-testid="customer-results">
            <thead>
              <tr>
                {header('colName', 'name')}
                {header('colContact')}
                {header('colCity', 'city')}
                {header('colTier', 'tier')}
                {header('colOwner', 'owner')}
                {header('colTags')}
                {header('colLastContact', 'lastContact')}
              </tr>
            </thead>
            <tbody>
              {answer.customers.map((row) => (
                <tr key={row.customerId}>
                  <td>
                    <a href={href('customers', row.customerId)}>{row.name}</a>
                  </td>
                  <td>{[row.email, row.phone].filter(Boolean).join(' · ')}</td>
                  <td>{[row.city, row.country].filter(Boolean).join(', ')}</td>
                  <td>{row.tier}</td>
                  <td>{row.owner}</td>
                  <td>
                    {row.tags.map((tg) => (
                      <span class="chip" key={tg}>
                        {tg}
                      </span>
                    ))}
                  </td>
                  <td>{row.lastContactAt && <LocalTime at={row.lastContactAt} zone={row.timezone} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="row">
        <button type="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('prevPage')}
        </button>
        <span class="muted" data-testid="page-number">
          {t('pageOf', { page: cursors.length })}
        </span>
        <button
          type="button"
          disabled={!answer?.next}
          onClick={() => answer?.next && setCursors([...cursors, answer.next])}
        >
          {t('nextPage')}
        </button>
      </div>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (openId.trim()) location.hash = href('customers', openId.trim());
        }}
      >
        <input
          name="customerId"
          aria-label={t('openById')}
          placeholder={t('openById')}
          value={openId}
          onInput={(e) => setOpenId(e.currentTarget.value)}
        />
        <button type="submit">{t('open')}</button>
      </form>
    </section>
  );
}
