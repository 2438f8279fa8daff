import { useEffect, useState } from 'preact/hooks';
import { api, query } from './api';
import { t } from './i18n';
import { useDebounced } from './ui';

interface Hit {
  customerId: string;
  name: string;
  email?: string;
  city?: string;
}

/**
 * A customer chosen by name: what is typed is searched (the customer list's search) and
 * the matches offered; picking one gives its id. Typing an id still passes it on as typed.
 * @example <CustomerPicker label="Preview for customer" name="preview-customer" value={id} onChange={setId} />
 */
export function CustomerPicker({
  label,
  name,
  value,
  onChange,
  placeholder,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (customerId: string) => void;
  placeholder?: string;
}) {
  const [text, setText] = useState(value);
  const [hits, setHits] = useState<Hit[]>([]);
  const [open, setOpen] = useState(false);
  const typed = useDebounced(text.trim(), 250);
  useEffect(() => {
    if (!open || typed.length < 1) {
      setHits([]);
      return;
    }
    let live = true;
    api<{ customers: Hit[] }>('GET', `/v1/customers${query({ q: typed, limit: 8 })}`).then(
      (answer) => live && setHits(answer.customers),
      () => live && setHits([]),
    );
    return () => {
      live = false;
    };
  }, [typed, open]);

  return (
    <div class="customer-picker">
      <label>
        {label}
        <input
          name={name}
          autocomplete="off"
          placeholder={placeholder ?? t('pickCustomerHint')}
          value={text}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setOpen(true);
            onChange(e.currentTarget.value);
          }}
        />
      </label>
      {open && typed && (
        <ul class="picker-hits" aria-label={t('pickCustomer')}>
          {hits.length === 0 && <li class="muted">{t('pickNone')}</li>}
          {hits.map((hit) => (
            <li key={hit.customerId}>
              <button
                type="button"
                class="link"
                onClick={(e) => {
                  e.preventDefault();
                  setText(hit.name);
                  setOpen(false);
                  onChange(hit.customerId);
                }}
              >
                {hit.name} <span class="muted">{[hit.email, hit.city].filter(Boolean).join(' · ')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
