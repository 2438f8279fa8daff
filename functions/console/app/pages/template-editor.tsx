import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { CustomerPicker } from '../customer-picker';
import { lang, t } from '../i18n';
import { ErrorNote, Show, useDebounced, useLoad } from '../ui';
import { type Draft, SourceEditor } from './source-editor';
import { dropDraft, keepDraft, keptDraft, unsavedTabs, useLeaveGuard } from './template-drafts';
import { type Preview, PreviewView } from './template-preview';
import { TestSendForm } from './template-test-send';
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
  const detail = useLoad<{ id: string; usedBy: string[]; sources: SourceView[]; variables?: string[] }>(
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
  // Redraws the tabs' unsaved marks when a pane keeps or drops a draft.
  const [, setEdits] = useState(0);
  useLeaveGuard(id);
  const unsaved = unsavedTabs(id);

  if (list.data && !summary) return <p class="note error">no template named {id}</p>;
  return (
    <section>
      <h1>
        {t('templates')} / {id}
      </h1>
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
            {unsaved.includes(`${pair.locale}/${pair.channel}`) && ' •'}
          </button>
        ))}
      </div>
      {unsaved.length > 0 && (
        <p class="note" role="status" data-testid="unsaved">
          {t('unsavedTabs', { tabs: unsaved.join(', ') })}
        </p>
      )}
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
          variables={detail.data?.variables ?? []}
          onEdited={() => setEdits((n) => n + 1)}
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
  variables: readonly string[];
  onEdited: () => void;
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

  // The editor starts from the unsaved edit kept for this tab, else the saved source; a save resets it.
  useEffect(() => {
    if (!saved) return;
    setDraft(
      keptDraft(id, locale, channel, saved.version) ?? {
        subject: saved.subject,
        body: saved.body,
        text: saved.text,
      },
    );
  }, [saved?.version]);
  const edit = (next: Draft) => {
    setDraft(next);
    if (saved) keepDraft(id, locale, channel, next, saved);
    props.onEdited();
  };
  const settled = () => {
    dropDraft(id, locale, channel);
    setHistoryRound((r) => r + 1);
    props.onEdited();
    props.onSaved();
  };

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
      settled();
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
        {draft && (
          <SourceEditor
            channel={channel}
            draft={draft}
            errors={errors}
            variables={props.variables}
            onChange={edit}
          />
        )}
        {draft && saved && (
          <div class="row">
            <input
              aria-label={t('note')}
              placeholder={t('note')}
              value={note}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
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
            onReverted={() => {
              setStatus({});
              settled();
            }}
          />
        )}
        {saved && <TestSendForm id={id} locale={locale} channel={channel} />}
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
