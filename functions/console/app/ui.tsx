import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { errorCodes } from '../../core/errors';
import { ApiError, api, type ErrorBody } from './api';
import { lang, t } from './i18n';
import { errorEn, errorZh } from './i18n-errors';
import { issueText } from './issue-words';

export interface Loaded<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (again whenever it changes); `undefined` skips the call. */
/** The message for the answer's error code in the reader's language, its `{placeholders}` from the answer. */
export function translatedError(body: ErrorBody): string | undefined {
  const code = errorCodes.find((c) => c === body.code);
  if (code === undefined) return undefined;
  const text = lang() === 'zh-CN' ? errorZh[code] : errorEn[code];
  const values: Record<string, unknown> = { ...body };
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
  });
}

export function useLoad<T>(path: string | undefined): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: !!path });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api<T>('GET', path).then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}

/** An error as the marketer should read it; a missing route says the engine lacks the feature. */
export function ErrorNote({ error }: { error: unknown }) {
  if (error === undefined) return null;
  if (error instanceof ApiError && error.unavailable) {
    return (
      <p class="note unavailable" role="status">
        {t('unavailable')} <code>({error.message})</code>
      </p>
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const issues = error instanceof ApiError ? (error.body.issues ?? []) : [];
  const translated = error instanceof ApiError ? translatedError(error.body) : undefined;
  return (
    <div class="note error" role="alert">
      {translated === undefined ? (
        message
      ) : (
        <>
          {translated} <small class="muted">({message})</small>
        </>
      )}
      {issues.length > 0 && (
        <ul>
          {issues.map((issue) => (
            <li key={issue.path}>
              <code>{issue.path}</code>:{' '}
              {error instanceof ApiError ? issueText(error.body, issue) : issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Loading, error, or the content built from the data. */
export function Show<T>({
  loaded,
  children,
}: {
  loaded: Loaded<T>;
  children: (data: T) => ComponentChildren;
}) {
  if (loaded.error !== undefined) return <ErrorNote error={loaded.error} />;
  if (loaded.data === undefined) return <p class="muted">{t('loading')}</p>;
  return <>{children(loaded.data)}</>;
}

/** A moment for people to read, on the reader's clock; a customer's moments use `LocalTime`. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** A value that settles `ms` after its last change (the live preview's debounce). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Links mailed out (the owner's alert) name a page by path, `/console/customers/c-1`, which the
 * engine answers with the console's index: that path becomes the hash route the console keeps.
 * The set-password link keeps its own path.
 */
function adoptPathRoute(): void {
  const below = location.pathname.replace(/^\/console\/?/, '');
  if (location.hash || !below || /^password\/?$/.test(below)) return;
  history.replaceState(null, '', `/console/${location.search}#/${below}`);
}

/** The hash route's parts: `#/customers/c-1` (or `/console/customers/c-1`) -> ['customers', 'c-1']. */
export function useRoute(): string[] {
  adoptPathRoute();
  const read = () =>
    location.hash
      .replace(/^#\/?/, '')
      .split('/')
      .filter(Boolean)
      .map((part) => decodeURIComponent(part));
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function href(...parts: string[]): string {
  return `#/${parts.map(encodeURIComponent).join('/')}`;
}
