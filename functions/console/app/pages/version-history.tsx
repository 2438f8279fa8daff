import { diffLines } from 'diff';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { ConfirmButton } from '../confirm';
import { t } from '../i18n';
import { ErrorNote, formatTime, Show, useLoad } from '../ui';
import type { Draft } from './source-editor';

interface Version extends Draft {
  version: number;
  at: string;
  by?: string;
  /** How the author was named when they saved it. */
  byName?: string;
  note?: string;
}

function joined(source: Draft): string {
  return [
    source.subject === undefined ? '' : `subject: ${source.subject}\n`,
    source.body,
    source.text ? `\n---\n${source.text}` : '',
  ].join('');
}

/** Every saved version, newest first; one picked shows its diff against the live one and can be restored. */
export function VersionHistory(props: {
  path: string;
  current: Draft & { version: number };
  onReverted: () => void;
}) {
  const loaded = useLoad<{ versions: Version[] }>(`${props.path}/versions`);
  const [picked, setPicked] = useState<number>();
  const [error, setError] = useState<unknown>();
  const revert = async (version: number) => {
    setError(undefined);
    try {
      await api('POST', `${props.path}/revert`, { version, baseVersion: props.current.version });
      setPicked(undefined);
      props.onReverted();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <details class="history">
      <summary>{t('history')}</summary>
      <Show loaded={loaded}>
        {({ versions }) => (
          <ul class="versions">
            {versions.map((v) => (
              <li key={v.version}>
                <button
                  type="button"
                  class="link"
                  onClick={() => setPicked(picked === v.version ? undefined : v.version)}
                >
                  v{v.version}
                </button>{' '}
                <span class="muted">
                  {formatTime(v.at)}{' '}
                  <span data-testid="version-author">
                    {t('by')} {v.byName ?? v.by ?? ''}
                  </span>{' '}
                  {v.note ?? ''}
                </span>
                {picked === v.version && (
                  <div>
                    <pre class="diff">
                      {diffLines(joined(props.current), joined(v)).map((part, i) => (
                        <span key={i} class={part.added ? 'add' : part.removed ? 'del' : ''}>
                          {part.value}
                        </span>
                      ))}
                    </pre>
                    {v.version !== props.current.version && (
                      <ConfirmButton
                        label={`${t('revert')} v${v.version}`}
                        warning={t('revertConfirm', { version: v.version })}
                        onConfirm={() => revert(v.version)}
                      />
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </Show>
      <ErrorNote error={error} />
    </details>
  );
}
