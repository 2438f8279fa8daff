import { useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { t } from '../i18n';
import { ErrorNote, Show, useLoad } from '../ui';

interface RuleEntry {
  id: string;
  kind: string;
  version: number;
  updatedAt?: string;
  /** Who saved the live version (absent for the file's). */
  updatedBy?: string;
  /** The rule's file changed after this version was saved over it. */
  fileChanged?: true;
  rule: Record<string, unknown>;
}

const TIERS = ['A', 'B', 'C'];

function isPerTier(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length > 0 &&
    Object.keys(value).every((key) => TIERS.includes(key))
  );
}

/** Field text as edited: JSON for anything but plain strings. */
function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function parse(text: string, was: unknown): unknown {
  if (typeof was === 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function RuleForm({
  entry,
  saved,
  onSaved,
}: {
  entry: RuleEntry;
  /** The confirmation of this form's last save: kept by the page, as the form is rebuilt for the new version. */
  saved?: string;
  onSaved: (message: string) => void;
}) {
  const [rule, setRule] = useState<Record<string, unknown>>(entry.rule);
  const [error, setError] = useState<unknown>();
  const issues = error instanceof ApiError ? (error.body.issues ?? []) : [];
  const issueAt = (path: string) =>
    issues.filter((i) => i.path === path || i.path === `rule.${path}` || i.path.startsWith(`${path}.`));
  const save = async () => {
    setError(undefined);
    try {
      const answer = await api<{ version: number }>('PUT', `/v1/rules/${encodeURIComponent(entry.id)}`, {
        rule,
        baseVersion: entry.version,
      });
      onSaved(`${t('ruleSaved')} ${answer.version}`);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? new Error(t('stale')) : e);
    }
  };
  const field = (name: string, value: unknown, set: (v: unknown) => void) => (
    <input
      name={name}
      aria-label={name}
      value={show(value)}
      onChange={(e) => set(parse(e.currentTarget.value, value))}
    />
  );
  return (
    <div class="card rule" data-rule={entry.id}>
      <h3>
        {entry.id}{' '}
        <span class="muted">
          {entry.kind} · v{entry.version}
          {entry.updatedBy && ` · ${t('by')} ${entry.updatedBy}`}
        </span>
      </h3>
      {entry.fileChanged && <p class="note">{t('fileChanged')}</p>}
      <table class="fields">
        <tbody>
          {Object.entries(rule).map(([key, value]) => (
            <tr key={key}>
              <th>{key}</th>
              <td>
                {isPerTier(value) ? (
                  <div class="tiers">
                    {TIERS.filter((tier) => tier in value).map((tier) => (
                      <div class="tier" key={tier}>
                        <span>{tier}</span>
                        {field(`${key}.${tier}`, value[tier], (v) =>
                          setRule({ ...rule, [key]: { ...value, [tier]: v } }),
                        )}
                        {issueAt(`${key}.${tier}`).map((i) => (
                          <span class="field-error" key={i.path}>
                            {i.message}
                          </span>
                        ))}
                      </div>
                    ))}
                  </div>
                ) : (
                  field(key, value, (v) => setRule({ ...rule, [key]: v }))
                )}
                {!isPerTier(value) &&
                  issueAt(key).map((i) => (
                    <span class="field-error" key={i.path}>
                      {i.path}: {i.message}
                    </span>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={save}>
        {t('save')}
      </button>
      {saved && error === undefined && <p class="note">{saved}</p>}
      {error !== undefined && !(error instanceof ApiError && error.status === 422) && (
        <ErrorNote error={error} />
      )}
      {error instanceof ApiError && error.status === 422 && <p class="note error">{error.message}</p>}
    </div>
  );
}

/** Cadence rules, chase and caps, each field editable; per-tier values side by side. */
export function RulesPage() {
  const loaded = useLoad<{ rules: RuleEntry[] }>('/v1/rules');
  const [saved, setSaved] = useState<{ id: string; message: string }>();
  return (
    <section>
      <h2>{t('rules')}</h2>
      <Show loaded={loaded}>
        {({ rules }) => (
          <div class="rules">
            {rules.map((entry) => (
              <RuleForm
                key={`${entry.id}:${entry.version}`}
                entry={entry}
                {...(saved?.id === entry.id ? { saved: saved.message } : {})}
                onSaved={(message) => {
                  setSaved({ id: entry.id, message });
                  loaded.reload();
                }}
              />
            ))}
          </div>
        )}
      </Show>
    </section>
  );
}
