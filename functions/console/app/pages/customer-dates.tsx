import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { ErrorNote } from '../ui';
import { formatDay } from './calendar';

interface CustomDate {
  name: string;
  date: string;
  yearly?: boolean;
  template?: string;
  daysBefore?: number;
}

/** The customer's own dates (a policy renewal, a moving-in day), and a form to add one to the file. */
export function CustomerDates({
  customer,
  onSaved,
}: {
  customer: Record<string, unknown> & { customerId: string };
  onSaved: () => void;
}) {
  const dates = (customer.dates as CustomDate[] | undefined) ?? [];
  const [form, setForm] = useState({ name: '', date: '', yearly: true, daysBefore: 0 });
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      // The file is replaced whole: the profile as read, with the new date added.
      await api('PUT', `/v1/customers/${encodeURIComponent(customer.customerId)}`, {
        ...customer,
        dates: [...dates, { ...form, name: form.name.trim() }],
      });
      setForm({ name: '', date: '', yearly: true, daysBefore: 0 });
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div data-testid="customer-dates">
      <h3>{t('customerDates')}</h3>
      {dates.length === 0 ? (
        <p class="muted">—</p>
      ) : (
        <ul>
          {dates.map((d) => (
            <li key={`${d.name}:${d.date}`}>
              {d.name} · {d.date.length === 10 ? formatDay(d.date) : d.date}
              {d.yearly ? ` · ${t('yearlyDate')}` : ''}
            </li>
          ))}
        </ul>
      )}
      <form class="occasion-form" onSubmit={submit}>
        <label>
          {t('dateName')}
          <input
            name="date-name"
            required
            maxLength={100}
            value={form.name}
            onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('festivalDate')}
          <input
            name="date-date"
            type="date"
            required
            value={form.date}
            onInput={(e) => setForm({ ...form, date: e.currentTarget.value })}
          />
        </label>
        <label class="inline">
          <input
            name="date-yearly"
            type="checkbox"
            checked={form.yearly}
            onChange={(e) => setForm({ ...form, yearly: e.currentTarget.checked })}
          />
          {t('yearlyDate')}
        </label>
        <label>
          {t('daysBefore')}
          <input
            name="date-days-before"
            type="number"
            min={0}
            max={30}
            value={form.daysBefore}
            onInput={(e) => setForm({ ...form, daysBefore: Number(e.currentTarget.value) })}
          />
        </label>
        <button type="submit">{t('addDate')}</button>
        {saved && <p class="note">{t('dateSaved')}</p>}
        <ErrorNote error={error} />
      </form>
    </div>
  );
}
