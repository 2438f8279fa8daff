import { useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { lang, t } from '../i18n';
import { ErrorNote, Show, useLoad } from '../ui';

type DateRule =
  | { kind: 'once'; date: string }
  | { kind: 'yearly'; date: string }
  | { kind: 'lunar'; month: number; day: number }
  | { kind: string; [key: string]: unknown };

interface Occasion {
  id: string;
  names: Record<string, string>;
  date: DateRule;
  template: string;
  daysBefore?: number;
  countries?: string[];
}

interface OccasionsRule {
  id: string;
  version: number;
  rule: { occasions: Occasion[] } & Record<string, unknown>;
}

const pad = (n: number) => String(n).padStart(2, '0');

function describe(rule: DateRule): string {
  if (rule.kind === 'once' || rule.kind === 'yearly')
    return `${t(rule.kind === 'once' ? 'kindOnce' : 'kindYearly')}: ${String(rule.date)}`;
  if (rule.kind === 'lunar') return `${t('kindLunar')}: ${String(rule.month)}/${String(rule.day)}`;
  return rule.kind;
}

const blank = {
  id: '',
  en: '',
  zh: '',
  kind: 'yearly',
  date: '',
  month: 1,
  day: 1,
  template: 'occasion-business',
  daysBefore: 0,
  countries: '',
};

/** The business's own occasions (the business-occasions rule): listed, added with a form, removed after a confirmation. */
export function OccasionsEditor({ onChanged }: { onChanged: () => void }) {
  const rules = useLoad<{ rules: OccasionsRule[] }>('/v1/rules');
  const templates = useLoad<{ templates: { id: string }[] }>('/v1/templates');
  const [form, setForm] = useState(blank);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const set = (patch: Partial<typeof blank>) => setForm({ ...form, ...patch });

  const save = async (entry: OccasionsRule, occasions: Occasion[]) => {
    setError(undefined);
    setSaved(undefined);
    try {
      await api('PUT', `/v1/rules/${entry.id}`, {
        rule: { ...entry.rule, occasions },
        baseVersion: entry.version,
      });
      setSaved(t('occasionSaved'));
      rules.reload();
      onChanged();
      return true;
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? new Error(t('stale')) : e);
      return false;
    }
  };
  const occasionOf = (): Occasion => {
    const date: DateRule =
      form.kind === 'lunar'
        ? { kind: 'lunar', month: form.month, day: form.day }
        : form.kind === 'once'
          ? { kind: 'once', date: form.date }
          : { kind: 'yearly', date: `${pad(form.month)}-${pad(form.day)}` };
    const countries = form.countries
      .split(/[,，\s]+/)
      .map((c) => c.trim())
      .filter(Boolean);
    return {
      id: form.id.trim(),
      names: { en: form.en.trim(), ...(form.zh.trim() ? { 'zh-CN': form.zh.trim() } : {}) },
      date,
      template: form.template,
      daysBefore: form.daysBefore,
      ...(countries.length > 0
        ? { countries: countries.map((c) => (c.length === 2 ? c.toUpperCase() : c)) }
        : {}),
    };
  };

  return (
    <Show loaded={rules}>
      {({ rules: list }) => {
        const entry = list.find((r) => r.id === 'business-occasions');
        if (!entry) return null;
        const occasions = entry.rule.occasions ?? [];
        const name = (o: Occasion) =>
          (lang() === 'zh-CN' ? o.names['zh-CN'] : undefined) ?? o.names.en ?? o.id;
        return (
          <div class="card occasions" data-testid="occasions-editor">
            <h3>{t('allOccasions')}</h3>
            {occasions.length === 0 ? (
              <p class="muted">{t('nothing')}</p>
            ) : (
              <table class="list">
                <tbody>
                  {occasions.map((o) => (
                    <tr key={o.id} data-id={o.id}>
                      <td>
                        <strong>{name(o)}</strong>
                        <div class="muted">
                          {describe(o.date)} · {o.template} · {t('daysBefore')} {o.daysBefore ?? 0} ·{' '}
                          {o.countries?.join(', ') ?? t('everyone')}
                        </div>
                      </td>
                      <td>
                        <button
                          type="button"
                          class="link"
                          onClick={() => {
                            if (window.confirm(t('confirmRemove', { name: name(o) }))) {
                              void save(
                                entry,
                                occasions.filter((x) => x.id !== o.id),
                              );
                            }
                          }}
                        >
                          {t('remove')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <form
              class="occasion-form"
              onSubmit={async (event) => {
                event.preventDefault();
                if (await save(entry, [...occasions, occasionOf()])) setForm(blank);
              }}
            >
              <h3>{t('addOccasion')}</h3>
              <label>
                {t('occasionNameEn')}
                <input
                  name="occasion-en"
                  required
                  value={form.en}
                  onInput={(e) => set({ en: e.currentTarget.value })}
                />
              </label>
              <label>
                {t('occasionNameZh')}
                <input
                  name="occasion-zh"
                  value={form.zh}
                  onInput={(e) => set({ zh: e.currentTarget.value })}
                />
              </label>
              <label>
                {t('occasionId')}
                <input
                  name="occasion-id"
                  required
                  pattern="[a-z0-9]+(-[a-z0-9]+)*"
                  value={form.id}
                  onInput={(e) => set({ id: e.currentTarget.value })}
                />
              </label>
              <label>
                {t('occasionKind')}
                <select
                  name="occasion-kind"
                  value={form.kind}
                  onChange={(e) => set({ kind: e.currentTarget.value })}
                >
                  <option value="yearly">{t('kindYearly')}</option>
                  <option value="once">{t('kindOnce')}</option>
                  <option value="lunar">{t('kindLunar')}</option>
                </select>
              </label>
              {form.kind === 'once' ? (
                <label>
                  {t('festivalDate')}
                  <input
                    name="occasion-date"
                    type="date"
                    required
                    value={form.date}
                    onInput={(e) => set({ date: e.currentTarget.value })}
                  />
                </label>
              ) : (
                <div class="pair">
                  <label>
                    {t(form.kind === 'lunar' ? 'lunarMonth' : 'month')}
                    <input
                      name="occasion-month"
                      type="number"
                      min={1}
                      max={12}
                      required
                      value={form.month}
                      onInput={(e) => set({ month: Number(e.currentTarget.value) })}
                    />
                  </label>
                  <label>
                    {t(form.kind === 'lunar' ? 'lunarDay' : 'day')}
                    <input
                      name="occasion-day"
                      type="number"
                      min={1}
                      max={form.kind === 'lunar' ? 30 : 31}
                      required
                      value={form.day}
                      onInput={(e) => set({ day: Number(e.currentTarget.value) })}
                    />
                  </label>
                </div>
              )}
              <label>
                {t('template')}
                <select
                  name="occasion-template"
                  value={form.template}
                  onChange={(e) => set({ template: e.currentTarget.value })}
                >
                  {(templates.data?.templates ?? [{ id: 'occasion-business' }])
                    .filter((tpl) => tpl.id.startsWith('occasion-'))
                    .map((tpl) => (
                      <option key={tpl.id}>{tpl.id}</option>
                    ))}
                </select>
              </label>
              <label>
                {t('daysBefore')}
                <input
                  name="occasion-days-before"
                  type="number"
                  min={0}
                  max={30}
                  value={form.daysBefore}
                  onInput={(e) => set({ daysBefore: Number(e.currentTarget.value) })}
                />
              </label>
              <label>
                {t('onlyCountries')}
                <input
                  name="occasion-countries"
                  value={form.countries}
                  placeholder="CN, HK"
                  onInput={(e) => set({ countries: e.currentTarget.value })}
                />
              </label>
              <button type="submit">{t('save')}</button>
              {saved && error === undefined && <p class="note">{saved}</p>}
              <ErrorNote error={error} />
            </form>
          </div>
        );
      }}
    </Show>
  );
}
