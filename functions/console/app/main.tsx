import './app.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, onSignedOut, setCsrfToken } from './api';
import { type Key, type Lang, lang, setLang, t } from './i18n';
import { CampaignsPage } from './pages/campaigns';
import { CustomerFilePage } from './pages/customer-file';
import { CustomersPage } from './pages/customers';
import { DashboardPage } from './pages/dashboard';
import { InboxPage } from './pages/inbox';
import { RulesPage } from './pages/rules';
import { SuppressionsPage } from './pages/suppressions';
import { TemplateEditorPage } from './pages/template-editor';
import { TemplatesPage } from './pages/templates';
import { WebhooksPage } from './pages/webhooks';
import { ErrorNote, href, useRoute } from './ui';

interface Session {
  signedIn: boolean;
  csrfToken?: string;
  expiresAt?: string;
}

const SECTIONS: [string, Key][] = [
  ['dashboard', 'dashboard'],
  ['templates', 'templates'],
  ['rules', 'rules'],
  ['customers', 'customers'],
  ['campaigns', 'campaigns'],
  ['inbox', 'inbox'],
  ['import', 'import'],
  ['webhooks', 'webhooks'],
  ['suppressions', 'suppressions'],
];

type ImportModule = typeof import('./pages/import');

/**
 * The Import page with its spreadsheet readers, schemas and phone metadata is
 * fetched when first opened, keeping it out of the console's first load.
 */
function LazyImportPage() {
  const [module, setModule] = useState<ImportModule>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    import('./pages/import').then(setModule, setError);
  }, []);
  if (error !== undefined) return <ErrorNote error={error} />;
  return module ? <module.ImportPage /> : <p class="muted">{t('loading')}</p>;
}

function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [mode, setMode] = useState<'password' | 'apiKey'>('password');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      const session = await api<Session>('POST', '/console/api/session', { [mode]: secret });
      onSignedIn({ ...session, signedIn: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <form class="sign-in card" onSubmit={submit}>
      <h1>{t('title')}</h1>
      <label>
        {mode === 'password' ? t('password') : t('apiKey')}
        <input
          name={mode}
          type="password"
          autocomplete={mode === 'password' ? 'current-password' : 'off'}
          value={secret}
          onInput={(e) => setSecret(e.currentTarget.value)}
          required
        />
      </label>
      {error && (
        <p class="note error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">{t('signIn')}</button>
      <button type="button" class="link" onClick={() => setMode(mode === 'password' ? 'apiKey' : 'password')}>
        {mode === 'password' ? t('useApiKey') : t('usePassword')}
      </button>
    </form>
  );
}

function Page({ route }: { route: string[] }) {
  const [section = 'dashboard', id, ...rest] = route;
  switch (section) {
    case 'templates':
      return id ? <TemplateEditorPage id={id} /> : <TemplatesPage />;
    case 'rules':
      return <RulesPage />;
    case 'customers':
      return id ? <CustomerFilePage customerId={id} /> : <CustomersPage />;
    case 'campaigns':
      return <CampaignsPage openId={id} />;
    case 'inbox':
      return <InboxPage />;
    case 'import':
      return <LazyImportPage />;
    case 'webhooks':
      return <WebhooksPage />;
    case 'suppressions':
      return <SuppressionsPage />;
    default:
      return rest.length === 0 ? <DashboardPage /> : null;
  }
}

function App() {
  const [session, setSession] = useState<Session>();
  const [language, setLanguage] = useState<Lang>(lang());
  const route = useRoute();
  useEffect(() => {
    api<Session>('GET', '/console/api/session').then(
      (s) => {
        setCsrfToken(s.csrfToken);
        setSession(s);
      },
      () => setSession({ signedIn: false }),
    );
    return onSignedOut(() => {
      setCsrfToken(undefined);
      setSession({ signedIn: false });
    });
  }, []);
  const switchLang = (next: Lang) => {
    setLang(next);
    setLanguage(next);
  };
  const langSwitch = (
    <select
      class="lang"
      aria-label="Language"
      value={language}
      onChange={(e) => switchLang(e.currentTarget.value as Lang)}
    >
      <option value="en">English</option>
      <option value="zh-CN">中文</option>
    </select>
  );
  if (!session) return null;
  if (!session.signedIn) {
    return (
      <main class="centered" key={language}>
        {langSwitch}
        <SignIn
          onSignedIn={(s) => {
            setCsrfToken(s.csrfToken);
            setSession(s);
          }}
        />
      </main>
    );
  }
  const signOut = async () => {
    await api('DELETE', '/console/api/session').catch(() => undefined);
    setCsrfToken(undefined);
    setSession({ signedIn: false });
  };
  const section = route[0] ?? 'dashboard';
  return (
    <div class="shell" key={language}>
      <nav>
        <strong class="brand">{t('title')}</strong>
        {SECTIONS.map(([path, key]) => (
          <a key={path} href={href(path)} class={section === path ? 'active' : ''}>
            {t(key)}
          </a>
        ))}
        <span class="spacer" />
        {langSwitch}
        <button type="button" class="link" onClick={signOut}>
          {t('signOut')}
        </button>
      </nav>
      <main>
        <Page route={route} />
      </main>
    </div>
  );
}

document.documentElement.lang = lang();
render(<App />, document.getElementById('app')!);
