import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { CustomerPicker } from '../customer-picker';
import { lang, t } from '../i18n';
import { ErrorNote, Show, useDebounced, useLoad } from '../ui';
import { type Draft, SourceEditor } from './source-editor';
import type { TemplateSummary } from './templates';
import { VersionHistory } from './version-history';

interface SourceView extends Draft {
  locale: string;
  channel: 'email' | 'sms';
  version: number;
  updatedAt: string;
  updatedBy?: string;
  /** The file in templates/ changed after this version was saved over it. */
  fileChanged?: true;
}

interface Preview {
  channel: 'email' | 'sms';
  subject?: string;
  html?: string;
  text: string;
  segments?: { count: number; encoding: string; characters: number };
  locale: string;
}

type TemplateErrors = { line: number; column: number; message: string }[];

const SAMPLE_CUSTOMER = {
  en: {
    name: 'Emma Clark',
    email: 'emma@example.com',
    locale: 'en',
    timezone: 'Europe/London',
    country: 'GB',
  },
  'zh-CN': {
    name: '王芳',
    email: 'wang.fang@example.com',
    locale: 'zh-CN',
    timezone: 'Asia/Shanghai',
    country: 'CN',
  },
} as const;

/** One template: its sources per locale and channel, a live preview, saving, history. */
export function TemplateEditorPage({ id }: { id: string }) {
  const list = useLoad<{ templates: TemplateSummary[] }>('/v1/templates');
  const detail = useLoad<{ id: string; usedBy: string[]; sources: SourceView[] }>(
    `/v1/templates/${encodeURIComponent(id)}`,
  );
  const summary = list.data?.templates.find((entry) => entry.id === id);
  const pairs = useMemo(
    () =>
      summary
        ? Object.entries(summary.locales).flatMap(([locale, channels]) =>
            channels.map((channel) => ({ locale, channel: channel as 'email' | 'sms' })),
          )
        : [],
    [summary],
  );
  const [pick, setPick] = useState<{ locale: string; channel: 'email' | 'sms' }>();
  const current = pick ?? pairs.find((p) => p.locale === lang()) ?? pairs[0];

  if (list.data && !summary) return <p class="note error">no template named {id}</p>;
  return (
    <section>
      <h2>
        {t('templates')} / {id}
      </h2>
      <div class="tabs" role="tablist">
        {pairs.map((pair) => (
          <button
            type="button"
            role="tab"
            key={`${pair.locale}/${pair.channel}`}
            aria-selected={current?.locale === pair.locale && current.channel === pair.channel}
            onClick={() => setPick(pair)}
          >
            {pair.locale} · {pair.channel}
            {summary?.versions?.[`${pair.locale}/${pair.channel}`] !== undefined &&
              ` v${summary.versions[`${pair.locale}/${pair.channel}`]}`}
          </button>
        ))}
      </div>
      {detail.error !== undefined && <ErrorNote error={detail.error} />}
      {current && (
        <SourcePane
          key={`${current.locale}/${current.channel}`}
          id={id}
          locale={current.locale}
          channel={current.channel}
          saved={detail.data?.sources.find(
            (s) => s.locale === current.locale && s.channel === current.channel,
          )}
          detailLoaded={detail.data !== undefined || detail.error !== undefined}
          onSaved={() => {
            detail.reload();
            list.reload();
          }}
        />
      )}
      {!current && <Show loaded={list}>{() => null}</Show>}
    </section>
  );
}

function SourcePane(props: {
  id: string;
  locale: string;
  channel: 'email' | 'sms';
  saved?: SourceView;
  detailLoaded: boolean;
  onSaved: () => void;
}) {
  const { id, locale, channel, saved } = props;
  const [draft, setDraft] = useState<Draft>();
  const [customerId, setCustomerId] = useState('');
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<{ error?: unknown; message?: string }>({});
  const [errors, setErrors] = useState<TemplateErrors>([]);
  const [preview, setPreview] = useState<Preview>();
  const [previewError, setPreviewError] = useState<unknown>();
  const [draftPreview, setDraftPreview] = useState(true);
  const [historyRound, setHistoryRound] = useState(0);

  // The editor starts from the saved source; a reload after saving resets it.
  useEffect(() => {
    if (saved) setDraft({ subject: saved.subject, body: saved.body, text: saved.text });
  }, [saved?.version]);

  const request = useDebounced(JSON.stringify({ draft, customerId, draftPreview }), 150);
  const sequence = useRef(0);
  useEffect(() => {
    if (!props.detailLoaded) return;
    const mine = ++sequence.current;
    const body = {
      channel,
      locale,
      ...(customerId.trim()
        ? { customerId: customerId.trim() }
        : { customer: SAMPLE_CUSTOMER[locale === 'zh-CN' ? 'zh-CN' : 'en'] }),
      ...(draft && draftPreview ? { draft } : {}),
    };
    api<Preview>('POST', `/v1/templates/${encodeURIComponent(id)}/preview`, body).then(
      (answer) => {
        if (mine !== sequence.current) return;
        setPreview(answer);
        setErrors([]);
        setPreviewError(undefined);
      },
      (error: unknown) => {
        if (mine !== sequence.current) return;
        // An engine without draft previews refuses the unknown field: preview the saved source instead.
        if (error instanceof ApiError && error.status === 400 && /draft/.test(JSON.stringify(error.body))) {
          setDraftPreview(false);
          return;
        }
        setErrors(error instanceof ApiError ? (error.body.errors ?? []) : []);
        setPreviewError(error);
      },
    );
  }, [request, props.detailLoaded]);

  const save = async () => {
    if (!draft || !saved) return;
    setStatus({});
    try {
      const answer = await api<{ version: number }>(
        'PUT',
        `/v1/templates/${encodeURIComponent(id)}/sources/${encodeURIComponent(locale)}/${channel}`,
        { ...draft, baseVersion: saved.version, ...(note.trim() ? { note: note.trim() } : {}) },
      );
      setStatus({ message: `${t('saved')}: ${t('version')} ${answer.version}` });
      setNote('');
      setHistoryRound((r) => r + 1);
      props.onSaved();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) setStatus({ message: t('stale') });
      else {
        if (error instanceof ApiError) setErrors(error.body.errors ?? []);
        setStatus({ error });
      }
    }
  };

  return (
    <div class="editor-grid">
      <div class="card">
        {saved && (
          <p class="muted">
            {t('version')} {saved.version} · {new Date(saved.updatedAt).toLocaleString()}
            {saved.updatedBy ? ` · ${saved.updatedBy}` : ''}
          </p>
        )}
        {saved?.fileChanged && (
          <p class="note" data-testid="file-changed">
            {t('fileChanged')}
          </p>
        )}
        {draft && <SourceEditor channel={channel} draft={draft} errors={errors} onChange={setDraft} />}
        {draft && saved && (
          <div class="row">
            <input placeholder={t('note')} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
            <button type="button" onClick={save}>
              {t('save')}
            </button>
          </div>
        )}
        {status.message && (
          <p class="note" role="status">
            {status.message}
          </p>
        )}
        <ErrorNote error={status.error} />
        {saved && (
          <VersionHistory
            key={historyRound}
            path={`/v1/templates/${encodeURIComponent(id)}/sources/${encodeURIComponent(locale)}/${channel}`}
            current={saved}
            onReverted={props.onSaved}
          />
        )}
      </div>
      <div class="card preview">
        <CustomerPicker
          label={t('previewFor')}
          name="preview-customer"
          placeholder={t('sampleCustomer')}
          value={customerId}
          onChange={setCustomerId}
        />
        {!draftPreview && <p class="note unavailable">{t('unavailable')}: draft preview</p>}
        {errors.length > 0 && (
          <div class="note error" role="alert" data-testid="template-errors">
            {t('errorsIn')}
            <ul>
              {errors.map((e) => (
                <li key={`${e.line}:${e.column}`}>
                  {t('line')} {e.line}:{e.column} {e.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {errors.length === 0 && <ErrorNote error={previewError} />}
        {preview && <PreviewView preview={preview} />}
      </div>
    </div>
  );
}

function PreviewView({ preview }: { preview: Preview }) {
  if (preview.channel === 'sms') {
    return (
      <div data-testid="sms-preview">
        <pre class="sms">{preview.text}</pre>
        {preview.segments && (
          <p class="muted">
            {preview.segments.count} {t('segments')} · {preview.segments.encoding} ·{' '}
            {preview.segments.characters}
          </p>
        )}
      </div>
    );
  }
  return (
    <div>
      <p>
        <strong>{t('subject')}:</strong> <span data-testid="preview-subject">{preview.subject}</span>
      </p>
      {/* No allow-scripts: the email renders, anything active in it does not run. */}
      <iframe
        title={t('preview')}
        sandbox=""
        srcdoc={preview.html ?? `<pre>${escapeHtml(preview.text)}</pre>`}
      />
    </div>
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
