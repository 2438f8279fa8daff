import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { ErrorNote } from '../ui';

/** The segment builder's fields, as typed: lists are comma separated, numbers are text until sent. */
export interface SegmentForm {
  everyone: boolean;
  country: string;
  region: string;
  city: string;
  tiers: string[];
  tags: string;
  excludeTags: string;
  owner: string;
  lastPurchaseAfter: string;
  lastPurchaseBefore: string;
  purchasedItem: string;
  birthdayMonths: number[];
  channel: '' | 'email' | 'sms';
  repliedWithinDays: string;
  silentForDays: string;
}

export const emptySegment: SegmentForm = {
  everyone: false,
  country: '',
  region: '',
  city: '',
  tiers: [],
  tags: '',
  excludeTags: '',
  owner: '',
  lastPurchaseAfter: '',
  lastPurchaseBefore: '',
  purchasedItem: '',
  birthdayMonths: [],
  channel: '',
  repliedWithinDays: '',
  silentForDays: '',
};

const list = (text: string) =>
  text
    .split(/[,,、]/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The API's segment filter from the form: only the criteria filled in; with
 * none, "everyone" only when ticked (the API refuses an empty filter, so the
 * marketer sees that choice named rather than implied).
 */
export function filterOf(form: SegmentForm, options: { allowEmpty?: boolean } = {}): Record<string, unknown> {
  if (form.everyone) return { everyone: true };
  const filter: Record<string, unknown> = {};
  const lists = { region: form.region, city: form.city, tags: form.tags } as const;
  if (list(form.country).length) filter.country = list(form.country).map((c) => c.toUpperCase());
  for (const [key, text] of Object.entries(lists)) if (list(text).length) filter[key] = list(text);
  if (form.tiers.length) filter.tier = form.tiers;
  if (list(form.excludeTags).length) filter.excludeTags = list(form.excludeTags);
  if (list(form.owner).length) filter.owner = list(form.owner);
  if (form.lastPurchaseAfter) filter.lastPurchaseAfter = form.lastPurchaseAfter;
  if (form.lastPurchaseBefore) filter.lastPurchaseBefore = form.lastPurchaseBefore;
  if (list(form.purchasedItem).length) filter.purchasedItem = list(form.purchasedItem);
  if (form.birthdayMonths.length) filter.birthdayMonth = [...form.birthdayMonths].sort((a, b) => a - b);
  if (form.channel) filter.channel = form.channel;
  if (form.repliedWithinDays) filter.repliedWithinDays = Number(form.repliedWithinDays);
  if (form.silentForDays) filter.silentForDays = Number(form.silentForDays);
  return Object.keys(filter).length || options.allowEmpty ? filter : { everyone: true };
}

const toggle = <T,>(values: T[], value: T, on: boolean) =>
  on ? [...values, value] : values.filter((v) => v !== value);

/** Every criterion of the API's segment filter, as labelled fields. */
export function SegmentBuilder({
  form,
  onChange,
}: {
  form: SegmentForm;
  onChange: (f: SegmentForm) => void;
}) {
  const set = (patch: Partial<SegmentForm>) => onChange({ ...form, ...patch });
  const text = (key: keyof SegmentForm, label: string, type = 'text') => (
    <label>
      {label}
      <input
        name={`segment-${key}`}
        type={type}
        {...(type === 'number' ? { min: 1, max: 3650 } : {})}
        value={form[key] as string}
        disabled={form.everyone}
        onInput={(e) => set({ [key]: e.currentTarget.value })}
      />
    </label>
  );
  return (
    <div class="segment-builder">
      <label class="inline">
        <input
          type="checkbox"
          name="segment-everyone"
          checked={form.everyone}
          onChange={(e) => set({ everyone: e.currentTarget.checked })}
        />
        {t('cmpEveryone')}
      </label>
      <p class="muted">{t('cmpListHint')}</p>
      <div class="fields">
        {text('country', t('country'))}
        {text('region', t('cmpRegion'))}
        {text('city', t('city'))}
        {text('tags', t('tags'))}
        {text('excludeTags', t('cmpExcludeTags'))}
        {text('owner', t('cmpOwner'))}
        {text('purchasedItem', t('cmpItem'))}
        {text('lastPurchaseAfter', t('cmpBoughtAfter'), 'date')}
        {text('lastPurchaseBefore', t('cmpBoughtBefore'), 'date')}
        {text('repliedWithinDays', t('cmpRepliedWithin'), 'number')}
        {text('silentForDays', t('cmpSilentFor'), 'number')}
        <label>
          {t('cmpReachableOn')}
          <select
            name="segment-channel"
            value={form.channel}
            disabled={form.everyone}
            onChange={(e) => set({ channel: e.currentTarget.value as SegmentForm['channel'] })}
          >
            <option value="">{t('cmpAnyChannel')}</option>
            <option value="email">email</option>
            <option value="sms">sms</option>
          </select>
        </label>
      </div>
      <fieldset class="choices">
        <legend>{t('cmpTiers')}</legend>
        {['A', 'B', 'C'].map((tier) => (
          <label class="inline" key={tier}>
            <input
              type="checkbox"
              disabled={form.everyone}
              checked={form.tiers.includes(tier)}
              onChange={(e) => set({ tiers: toggle(form.tiers, tier, e.currentTarget.checked) })}
            />
            {tier}
          </label>
        ))}
      </fieldset>
      <fieldset class="choices">
        <legend>{t('cmpBirthdayMonth')}</legend>
        {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => (
          <label class="inline" key={month}>
            <input
              type="checkbox"
              disabled={form.everyone}
              checked={form.birthdayMonths.includes(month)}
              onChange={(e) =>
                set({ birthdayMonths: toggle(form.birthdayMonths, month, e.currentTarget.checked) })
              }
            />
            {t(`cmpMonth${month}` as 'cmpMonth1')}
          </label>
        ))}
      </fieldset>
    </div>
  );
}

/** Saves the filter being built as a named segment, for this campaign and later ones. */
export function SaveSegment({ filter, onSaved }: { filter: Record<string, unknown>; onSaved: () => void }) {
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<string>();
  const [error, setError] = useState<unknown>();
  const save = async () => {
    setError(undefined);
    try {
      const segment = await api<{ id: string; name: string }>('POST', '/v1/segments', { name, filter });
      setSaved(segment.name);
      setName('');
      onSaved();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="row wrap">
      <label>
        {t('cmpSegmentName')}
        <input name="segment-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <button type="button" disabled={!name.trim()} onClick={save}>
        {t('cmpSaveSegment')}
      </button>
      {saved && <span class="ok">{t('cmpSegmentSaved', { name: saved })}</span>}
      <ErrorNote error={error} />
    </div>
  );
}
