import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { ErrorNote, href } from '../ui';

const LOCALES = ['zh-CN', 'en'] as const;
const CHANNELS = ['email', 'sms'] as const;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function toggled<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);
}

/** A new template: its id, its name, the languages and channels it has; then on to its editor. */
export function CreateTemplateForm() {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [locales, setLocales] = useState<string[]>(['zh-CN', 'en']);
  const [channels, setChannels] = useState<string[]>(['email']);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const slugBad = id !== '' && !SLUG.test(id);
  const create = async (event: Event) => {
    event.preventDefault();
    if (slugBad || locales.length === 0 || channels.length === 0) return;
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', '/v1/templates', { id, name: name.trim(), locales, channels });
      location.hash = href('templates', id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const box = (group: string, value: string, label: string, checked: boolean, set: (on: boolean) => void) => (
    <label key={value} class="inline">
      <input
        type="checkbox"
        name={`${group}-${value}`}
        checked={checked}
        onChange={(e) => set(e.currentTarget.checked)}
      />{' '}
      {label}
    </label>
  );
  return (
    <details class="card create-template" data-testid="create-template">
      <summary>{t('newTemplate')}</summary>
      <form onSubmit={create}>
        <label>
          {t('templateId')}
          <input
            name="template-id"
            required
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            maxLength={64}
            aria-invalid={slugBad}
            value={id}
            onInput={(e) => setId(e.currentTarget.value.trim())}
          />
        </label>
        {slugBad && <p class="note error">{t('templateIdBad')}</p>}
        <label>
          {t('templateName')}
          <input
            name="template-name"
            required
            maxLength={200}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <fieldset>
          <legend class="muted">{t('templateLocales')}</legend>
          {LOCALES.map((l) =>
            box('locale', l, l, locales.includes(l), (on) => setLocales(toggled(locales, l, on))),
          )}
        </fieldset>
        <fieldset>
          <legend class="muted">{t('templateChannels')}</legend>
          {CHANNELS.map((c) =>
            box('channel', c, t(c), channels.includes(c), (on) => setChannels(toggled(channels, c, on))),
          )}
        </fieldset>
        {(locales.length === 0 || channels.length === 0) && <p class="note">{t('pickOne')}</p>}
        <button type="submit" disabled={busy || slugBad || locales.length === 0 || channels.length === 0}>
          {t('createTemplate')}
        </button>
        <ErrorNote error={error} />
      </form>
    </details>
  );
}
