import { useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { type Key, t } from '../i18n';
import { issueText } from '../issue-words';

/** A customer as the file answers it: the fields the form edits, and the rest it sends back as it was. */
export type CustomerRecord = Record<string, unknown> & { customerId: string; name: string };

type Field = 'name' | 'email' | 'phone' | 'country' | 'city' | 'locale' | 'timezone' | 'birthday';
type Values = Record<Field | 'customerId' | 'tags' | 'ownerName' | 'ownerEmail', string>;

const TEXT_FIELDS: { field: Field; label: Key; type?: string }[] = [
  { field: 'name', label: 'fieldName' },
  { field: 'email', label: 'fieldEmail', type: 'email' },
  { field: 'phone', label: 'fieldPhone', type: 'tel' },
  { field: 'country', label: 'fieldCountry' },
  { field: 'city', label: 'fieldCity' },
  { field: 'timezone', label: 'fieldTimezone' },
  { field: 'birthday', label: 'fieldBirthday' },
];

const str = (value: unknown) => (typeof value === 'string' ? value : '');

function valuesOf(customer: CustomerRecord | undefined): Values {
  const owner = (customer?.owner ?? {}) as Record<string, unknown>;
  return {
    customerId: customer?.customerId ?? '',
    name: str(customer?.name),
    email: str(customer?.email),
    phone: str(customer?.phone),
    country: str(customer?.country),
    city: str(customer?.city),
    locale: str(customer?.locale) || 'en',
    timezone: str(customer?.timezone) || Intl.DateTimeFormat().resolvedOptions().timeZone,
    birthday: str(customer?.birthday),
    tags: Array.isArray(customer?.tags) ? customer.tags.join(', ') : '',
    ownerName: str(owner.name),
    ownerEmail: str(owner.email),
  };
}

/** The body the API takes: the file as it was, with the form's fields over it (empty ones removed). */
function bodyOf(customer: CustomerRecord | undefined, values: Values): Record<string, unknown> {
  const body: Record<string, unknown> = { ...(customer ?? {}) };
  for (const { field } of TEXT_FIELDS) {
    if (values[field].trim()) body[field] = values[field].trim();
    else delete body[field];
  }
  body.locale = values.locale;
  const tags = values.tags
    .split(/[,,]/)
    .map((tag) => tag.trim())
    .filter(Boolean);
  if (tags.length) body.tags = tags;
  else delete body.tags;
  if (values.ownerName.trim() || values.ownerEmail.trim()) {
    const before = (customer?.owner ?? {}) as Record<string, unknown>;
    body.owner = {
      ...before,
      name: values.ownerName.trim(),
      ...(values.ownerEmail.trim() ? { email: values.ownerEmail.trim() } : {}),
    };
    if (!values.ownerEmail.trim()) delete (body.owner as Record<string, unknown>).email;
  } else delete body.owner;
  return body;
}

/**
 * Creates a customer's file (with an id) or edits one, checked by the API's own rules:
 * what it refuses is shown beside the field it names.
 */
export function CustomerForm({
  customer,
  onSaved,
  onCancel,
}: {
  customer?: CustomerRecord;
  onSaved: (customerId: string) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<Values>(() => valuesOf(customer));
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (key: keyof Values) => (e: { currentTarget: { value: string } }) =>
    setValues({ ...values, [key]: e.currentTarget.value });
  const issueOf = (path: string) =>
    issues[path] ? (
      <span class="field-error" role="alert" data-field={path}>
        {issues[path]}
      </span>
    ) : null;

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setIssues({});
    setError(undefined);
    const id = values.customerId.trim();
    try {
      await api('PUT', `/v1/customers/${encodeURIComponent(id)}`, bodyOf(customer, values));
      onSaved(id);
    } catch (failure) {
      const found: Record<string, string> = {};
      if (failure instanceof ApiError) {
        for (const issue of failure.body.issues ?? []) found[issue.path] = issueText(failure.body, issue);
        if (failure.status === 400 && /customer id/.test(failure.message)) found.customerId = failure.message;
      }
      setIssues(found);
      setError(Object.keys(found).length ? t('fixFields') : String((failure as Error).message));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card customer-form" onSubmit={save} data-testid="customer-form">
      <h3>{customer ? t('customerFormEdit', { name: customer.name }) : t('customerFormNew')}</h3>
      {error && (
        <p class="note error" role="alert">
          {error}
        </p>
      )}
      <div class="form-grid">
        {!customer && (
          <label>
            {t('fieldCustomerId')}
            <input name="customerId" required value={values.customerId} onInput={set('customerId')} />
            {issueOf('customerId')}
          </label>
        )}
        {TEXT_FIELDS.map(({ field, label, type }) => (
          <label key={field}>
            {t(label)}
            <input name={field} type={type ?? 'text'} value={values[field]} onInput={set(field)} />
            {issueOf(field)}
          </label>
        ))}
        <label>
          {t('fieldLocale')}
          <select name="locale" value={values.locale} onChange={set('locale')}>
            <option value="en">English</option>
            <option value="zh-CN">中文</option>
          </select>
          {issueOf('locale')}
        </label>
        <label>
          {t('fieldTags')}
          <input name="tags" value={values.tags} onInput={set('tags')} />
          {issueOf('tags')}
        </label>
        <label>
          {t('fieldOwnerName')}
          <input name="ownerName" value={values.ownerName} onInput={set('ownerName')} />
          {issueOf('owner.name') ?? issueOf('owner')}
        </label>
        <label>
          {t('fieldOwnerEmail')}
          <input name="ownerEmail" type="email" value={values.ownerEmail} onInput={set('ownerEmail')} />
          {issueOf('owner.email')}
        </label>
      </div>
      <div class="row">
        <button type="submit" disabled={busy}>
          {t('saveCustomer')}
        </button>
        <button type="button" class="link" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
