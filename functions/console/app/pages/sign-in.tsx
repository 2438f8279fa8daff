import { useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { t } from '../i18n';
import type { Session } from '../session';

type Mode = 'person' | 'password' | 'apiKey';

/** A labelled secret field: what every form on these pages asks for. */
function SecretField(props: {
  label: string;
  name: string;
  autocomplete: string;
  value: string;
  onInput: (value: string) => void;
  minLength?: number;
}) {
  return (
    <label>
      {props.label}
      <input
        name={props.name}
        type="password"
        autocomplete={props.autocomplete}
        {...(props.minLength ? { minLength: props.minLength } : {})}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        required
      />
    </label>
  );
}

/** The form's failure, if any, where a screen reader announces it. */
function Alert({ error }: { error: string | undefined }) {
  return error ? (
    <p class="note error" role="alert">
      {error}
    </p>
  ) : null;
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError && error.status === 429) {
    const seconds = (error.body as { retryAfterSeconds?: number }).retryAfterSeconds ?? 1;
    return t('tryAgainIn', { seconds });
  }
  return error instanceof Error ? error.message : String(error);
}

/** Signs in as a person (email and password), or with the shared console password or an API key. */
export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [mode, setMode] = useState<Mode>('person');
  const [email, setEmail] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    const body =
      mode === 'person'
        ? { email, password: secret }
        : mode === 'password'
          ? { password: secret }
          : { apiKey: secret };
    try {
      const session = await api<Session>('POST', '/console/api/session', body);
      onSignedIn({ ...session, signedIn: true });
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const other = (next: Mode, label: string) =>
    mode === next ? null : (
      <button type="button" class="link" onClick={() => setMode(next)}>
        {label}
      </button>
    );
  return (
    <form class="sign-in card" onSubmit={submit}>
      <h1>{t('title')}</h1>
      {mode === 'person' && (
        <label>
          {t('email')}
          <input
            name="email"
            type="email"
            autocomplete="username"
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
            required
          />
        </label>
      )}
      <SecretField
        label={mode === 'person' ? t('yourPassword') : mode === 'password' ? t('password') : t('apiKey')}
        name={mode === 'apiKey' ? 'apiKey' : 'password'}
        autocomplete={mode === 'apiKey' ? 'off' : 'current-password'}
        value={secret}
        onInput={setSecret}
      />
      <Alert error={error} />
      <button type="submit">{t('signIn')}</button>
      {other('person', t('usePerson'))}
      {other('password', t('useConsolePassword'))}
      {other('apiKey', t('useApiKey'))}
    </form>
  );
}

/**
 * The page a setup or reset link opens (`/console/password?token=…`): choose a
 * password, then sign in with it. The token leaves the address bar at once.
 */
export function SetPasswordPage({
  token,
  onSignedIn,
}: {
  token: string;
  onSignedIn: (session: Session) => void;
}) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    if (password !== repeat) return setError(t('passwordsDiffer'));
    try {
      const { user } = await api<{ user: { email: string } }>('POST', '/console/api/password', {
        token,
        password,
      });
      const session = await api<Session>('POST', '/console/api/session', { email: user.email, password });
      history.replaceState(null, '', `${location.pathname.replace(/\/password$/, '')}#/`);
      onSignedIn({ ...session, signedIn: true });
    } catch (e) {
      setError(messageOf(e));
    }
  };
  if (!token) return <p class="note error">{t('linkMissing')}</p>;
  return (
    <form class="sign-in card" onSubmit={submit}>
      <h1>{t('choosePassword')}</h1>
      <SecretField
        label={t('newPassword')}
        name="new-password"
        autocomplete="new-password"
        minLength={10}
        value={password}
        onInput={setPassword}
      />
      <SecretField
        label={t('repeatPassword')}
        name="repeat-password"
        autocomplete="new-password"
        value={repeat}
        onInput={setRepeat}
      />
      <Alert error={error} />
      <button type="submit">{t('setPassword')}</button>
    </form>
  );
}
