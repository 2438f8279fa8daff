import { useMemo, useRef, useState } from 'preact/hooks';
import type { RuleKind } from '../../../core/cadence/rule-set';
import { ApiError, api } from '../api';
import { t } from '../i18n';
import { issueText } from '../issue-words';
import { ErrorNote } from '../ui';
import { type Draft, FormContext, type RuleFormContext } from './rule-fields';
import { KindFields } from './rule-kinds';

export interface RuleEntry {
  id: string;
  kind: RuleKind;
  version: number;
  updatedAt?: string;
  /** Who saved the live version (absent for the file's). */
  updatedBy?: string;
  /** The rule's file changed after this version was saved over it. */
  fileChanged?: true;
  rule: Draft;
}

/** The engine names the rule first in each message (`monthly-letter: Too big…`): this rule's issues, without it. */
export function issuesOf(error: unknown, ruleId: string): { path: string; message: string }[] {
  if (!(error instanceof ApiError)) return [];
  const prefix = `${ruleId}: `;
  const { body } = error;
  return (body.issues ?? []).map((i) => ({
    path: i.path,
    message: issueText(body, {
      path: i.path,
      message: i.message.startsWith(prefix) ? i.message.slice(prefix.length) : i.message,
    }),
  }));
}

/**
 * A form's field checks and the engine's 422 issues for it: the context its fields read,
 * the issues no field on show claims, and whether a field's own check still fails.
 */
export function useFormChecks(error: unknown, ruleId: string, templates: string[]) {
  // Field checks and the paths on show, written by the fields as they render.
  const checks = useRef(new Map<string, string | undefined>());
  const issues = issuesOf(error, ruleId);
  const context = useMemo<RuleFormContext>(
    () => ({
      serverAt: (path) => issues.filter((i) => i.path === path).map((i) => i.message),
      report: (path, message) => checks.current.set(path, message),
      forget: (path) => checks.current.delete(path),
      templates,
    }),
    [issues.map((i) => `${i.path}:${i.message}`).join('\n'), templates],
  );
  return {
    context,
    elsewhere: issues.filter((i) => !checks.current.has(i.path)),
    blocked: () => [...checks.current.values()].some((m) => m !== undefined),
  };
}

/** Why a save failed: "correct the marked fields" with the issues no field shows, or the error itself. */
export function SaveError({
  error,
  elsewhere,
}: {
  error: unknown;
  elsewhere: readonly { path: string; message: string }[];
}) {
  if (error instanceof ApiError && error.status === 422) {
    return (
      <div class="note error" role="alert">
        {t('checkFix')}
        {elsewhere.length > 0 && (
          <ul>
            {elsewhere.map((i) => (
              <li key={`${i.path}:${i.message}`}>{i.message}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return error === undefined ? null : <ErrorNote error={error} />;
}

/** One rule's form: its kind in words, its fields, and a save as a new version over the one shown. */
export function RuleForm({
  entry,
  templates,
  describe,
  rankable,
  saved,
  onSaved,
}: {
  entry: RuleEntry;
  templates: string[];
  describe: (id: string) => string;
  rankable?: readonly string[];
  /** The confirmation of this form's last save: kept by the page, as the form is rebuilt for the new version. */
  saved?: string;
  onSaved: (message: string) => void;
}) {
  const [draft, setDraft] = useState<Draft>(entry.rule);
  const [error, setError] = useState<unknown>();
  const checks = useFormChecks(error, entry.id, templates);
  const save = async () => {
    if (checks.blocked()) {
      setError(new Error(t('checkFix')));
      return;
    }
    setError(undefined);
    try {
      const answer = await api<{ version: number }>('PUT', `/v1/rules/${encodeURIComponent(entry.id)}`, {
        rule: draft,
        baseVersion: entry.version,
      });
      onSaved(`${t('ruleSaved')} ${answer.version}`);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? new Error(t('stale')) : e);
    }
  };
  return (
    <form
      class="card rule"
      data-rule={entry.id}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>
        {describe(entry.id)}{' '}
        <span class="muted">
          {t(`kind-${entry.kind}`)} · v{entry.version}
          {entry.updatedBy && ` · ${t('by')} ${entry.updatedBy}`}
        </span>
      </h3>
      {entry.fileChanged && <p class="note">{t('fileChanged')}</p>}
      <FormContext.Provider value={checks.context}>
        <div class="rule-fields">
          <KindFields
            kind={entry.kind}
            draft={draft}
            set={(key, value) => setDraft((d) => ({ ...d, [key]: value }))}
            describe={describe}
            {...(rankable ? { rankable } : {})}
          />
        </div>
      </FormContext.Provider>
      <button type="submit">{t('save')}</button>
      {saved && error === undefined && <p class="note">{saved}</p>}
      <SaveError error={error} elsewhere={checks.elsewhere} />
    </form>
  );
}
