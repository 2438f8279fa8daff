import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { ErrorNote, formatTime, href, Show, useLoad } from '../ui';
import type { TemplateSummary } from './templates';

interface CampaignView {
  id: string;
  name: string;
  kind: string;
  status: string;
  createdAt: string;
  progress?: Record<string, number>;
}

interface Count {
  matched: number;
  exact: boolean;
  estimate: number | null;
}

function newKey(): string {
  return `console-${crypto.randomUUID()}`;
}

function filterFrom(form: {
  country: string;
  city: string;
  tiers: string[];
  tags: string;
}): Record<string, unknown> {
  const list = (text: string) =>
    text
      .split(/[,,]/)
      .map((s) => s.trim())
      .filter(Boolean);
  const filter: Record<string, unknown> = {};
  if (list(form.country).length) filter.country = list(form.country).map((c) => c.toUpperCase());
  if (list(form.city).length) filter.city = list(form.city);
  if (form.tiers.length) filter.tier = form.tiers;
  if (list(form.tags).length) filter.tags = list(form.tags);
  return Object.keys(filter).length ? filter : { everyone: true };
}

function Compose({ onCreated }: { onCreated: () => void }) {
  const templates = useLoad<{ templates: TemplateSummary[] }>('/v1/templates');
  const segments = useLoad<{ segments: { id: string; name: string }[] }>('/v1/segments');
  const [form, setForm] = useState({
    name: '',
    template: '',
    channels: 'email',
    segmentMode: 'build' as 'saved' | 'build',
    segmentId: '',
    country: '',
    city: '',
    tiers: [] as string[],
    tags: '',
    sendAt: '',
  });
  const [count, setCount] = useState<Count>();
  const [result, setResult] = useState<Record<string, unknown>>();
  const [error, setError] = useState<unknown>();
  const [key, setKey] = useState(newKey);
  const set = (patch: Partial<typeof form>) => {
    setForm({ ...form, ...patch });
    setCount(undefined);
  };
  const segment = form.segmentMode === 'saved' ? form.segmentId : filterFrom(form);
  const countNow = async () => {
    setError(undefined);
    try {
      setCount(
        await api<Count>(
          'POST',
          '/v1/segments/count',
          form.segmentMode === 'saved' ? { segment: form.segmentId } : { filter: segment },
        ),
      );
    } catch (e) {
      setError(e);
    }
  };
  const submit = async (dryRun: boolean) => {
    setError(undefined);
    setResult(undefined);
    try {
      const answer = await api<Record<string, unknown>>(
        'POST',
        '/v1/campaigns',
        {
          kind: 'message',
          name: form.name,
          template: form.template,
          channels: form.channels,
          segment,
          sendAt: form.sendAt || 'now',
          dryRun,
        },
        dryRun ? {} : { 'idempotency-key': key },
      );
      setResult(answer);
      if (!dryRun) {
        setKey(newKey());
        onCreated();
      }
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="card compose">
      <h3>{t('compose')}</h3>
      <label>
        {t('name')}
        <input name="campaign-name" value={form.name} onInput={(e) => set({ name: e.currentTarget.value })} />
      </label>
      <label>
        {t('template')}
        <select
          name="template"
          value={form.template}
          onChange={(e) => set({ template: e.currentTarget.value })}
        >
          <option value="">—</option>
          {templates.data?.templates.map((tpl) => (
            <option key={tpl.id} value={tpl.id}>
              {tpl.id}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('channels')}
        <select value={form.channels} onChange={(e) => set({ channels: e.currentTarget.value })}>
          {['email', 'sms', 'email-then-sms'].map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('segment')}</legend>
        <label class="inline">
          <input
            type="radio"
            checked={form.segmentMode === 'saved'}
            onChange={() => set({ segmentMode: 'saved' })}
          />
          {t('savedSegment')}
        </label>
        <label class="inline">
          <input
            type="radio"
            checked={form.segmentMode === 'build'}
            onChange={() => set({ segmentMode: 'build' })}
          />
          {t('buildSegment')}
        </label>
        {form.segmentMode === 'saved' ? (
          <select value={form.segmentId} onChange={(e) => set({ segmentId: e.currentTarget.value })}>
            <option value="">—</option>
            {segments.data?.segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.id})
              </option>
            ))}
          </select>
        ) : (
          <div class="row wrap">
            <input
              placeholder={t('country')}
              value={form.country}
              onInput={(e) => set({ country: e.currentTarget.value })}
            />
            <input
              placeholder={t('city')}
              value={form.city}
              onInput={(e) => set({ city: e.currentTarget.value })}
            />
            <input
              placeholder={t('tags')}
              value={form.tags}
              onInput={(e) => set({ tags: e.currentTarget.value })}
            />
            {['A', 'B', 'C'].map((tier) => (
              <label class="inline" key={tier}>
                <input
                  type="checkbox"
                  checked={form.tiers.includes(tier)}
                  onChange={(e) =>
                    set({
                      tiers: e.currentTarget.checked
                        ? [...form.tiers, tier]
                        : form.tiers.filter((x) => x !== tier),
                    })
                  }
                />
                {tier}
              </label>
            ))}
          </div>
        )}
        <button type="button" onClick={countNow}>
          {t('count')}
        </button>{' '}
        {count && (
          <span data-testid="segment-count">
            {count.exact ? count.matched : `≈ ${count.estimate ?? count.matched}`} {t('recipients')}
          </span>
        )}
      </fieldset>
      <label>
        {t('sendAt')}
        <input
          type="datetime-local"
          value={form.sendAt}
          onInput={(e) => set({ sendAt: e.currentTarget.value })}
        />
      </label>
      <div class="row">
        <button type="button" onClick={() => submit(true)}>
          {t('dryRun')}
        </button>
        <button type="button" onClick={() => submit(false)}>
          {t('schedule')}
        </button>
      </div>
      <ErrorNote error={error} />
      {result && <pre class="result">{JSON.stringify(result, null, 2).slice(0, 4000)}</pre>}
    </div>
  );
}

function Progress({ progress }: { progress?: Record<string, number> }) {
  if (!progress) return null;
  const total = Math.max(progress.targeted ?? 0, 1);
  return (
    <div class="progress" data-testid="campaign-progress">
      <svg viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label={t('progress')}>
        <rect width="100" height="6" class="track" />
        <rect width={Math.min(100, ((progress.sent ?? 0) / total) * 100)} height="6" class="fill" />
      </svg>
      <span class="muted">
        {Object.entries(progress)
          .map(([k, v]) => `${k} ${v}`)
          .join(' · ')}
      </span>
    </div>
  );
}

/** Campaigns: compose (with a count and a dry run), and each one's progress. */
export function CampaignsPage({ openId }: { openId?: string }) {
  const list = useLoad<{ campaigns: CampaignView[] }>('/v1/campaigns');
  const cancel = async (id: string) => {
    await api('POST', `/v1/campaigns/${encodeURIComponent(id)}/cancel`).catch(() => undefined);
    list.reload();
  };
  return (
    <section>
      <h2>{t('campaigns')}</h2>
      <div class="columns">
        <Compose onCreated={list.reload} />
        <div class="card">
          <Show loaded={list}>
            {({ campaigns }) =>
              campaigns.length === 0 ? (
                <p class="muted">{t('nothing')}</p>
              ) : (
                <ul class="campaigns">
                  {campaigns.map((c) => (
                    <li key={c.id} class={openId === c.id ? 'open' : ''} data-testid="campaign">
                      <a href={href('campaigns', c.id)}>{c.name}</a> <span class="chip">{c.status}</span>{' '}
                      <span class="muted">{formatTime(c.createdAt)}</span>
                      <Progress progress={c.progress} />
                      {['scheduled', 'sending', 'fanning-out'].includes(c.status) && (
                        <button type="button" class="small" onClick={() => cancel(c.id)}>
                          {t('cancel')}
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              )
            }
          </Show>
        </div>
      </div>
    </section>
  );
}
