import './app.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, onSignedOut, setCsrfToken } from './api';
import { type Key, type Lang, lang, setLang, t } from './i18n';
import { AuditPage } from './pages/audit';
import { CalendarPage } from './pages/calendar';
import { CampaignsPage } from './pages/campaigns';
import { CustomerFilePage } from './pages/customer-file';
import { CustomersPage } from './pages/customers';
import { DashboardPage } from './pages/dashboard';
import { InboxPage } from './pages/inbox';
import { MyDayPage } from './pages/my-day';
import { RulesPage } from './pages/rules';
import { SequencesPage } from './pages/sequences';
import { SetPasswordPage, SignIn } from './pages/sign-in';
import { SuppressionsPage } from './pages/suppressions';
import { TemplateEditorPage } from './pages/template-editor';
import { TemplatesPage } from './pages/templates';
import { UsersPage } from './pages/users';
import { WebhooksPage } from './pages/webhooks';
import { type Session, SessionContext, sectionsFor } from './session';
import { ErrorNote, href, useRoute } from './ui';

const LABELS: Record<string, Key> = {
  home: 'home',
  dashboard: 'dashboard',
  templates: 'templates',
  rules: 'rules',
  sequences: 'sequences',
  calendar: 'calendar',
  customers: 'customers',
  campaigns: 'campaigns',
  inbox: 'inbox',
  import: 'import',
  users: 'users',
  audit: 'audit',
  webhooks: 'webhooks',
  suppressions: 'suppressions',
};

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

function Page({ section, id }: { section: string; id: string | undefined }) {
  switch (section) {
    case 'home':
      return <MyDayPage />;
    case 'templates':
      return id ? <TemplateEditorPage id={id} /> : <TemplatesPage />;
    case 'rules':
      return <RulesPage />;
    case 'sequences':
      return <SequencesPage />;
    case 'calendar':
      return <CalendarPage />;
    case 'customers':
      return id ? <CustomerFilePage customerId={id} /> : <CustomersPage />;
    case 'campaigns':
      return <CampaignsPage openId={id} />;
    case 'inbox':
      return <InboxPage />;
    case 'import':
      return <LazyImportPage />;
    case 'users':
      return <UsersPage />;
    case 'audit':
      return <AuditPage />;
    case 'webhooks':
      return <WebhooksPage />;
    case 'suppressions':
      return <SuppressionsPage />;
    default:
      return <DashboardPage />;
  }
}

/** A setup or reset link's token, taken out of the address bar at once (no history, no Referer keeps it). */
function takeLinkToken(): string | undefined {
  if (!/\/console\/password\/?$/.test(location.pathname)) return undefined;
  const token = new URLSearchParams(location.search).get('token') ?? '';
  history.replaceState(null, '', location.pathname);
  return token;
}

const linkToken = takeLinkToken();

function App() {
  const [session, setSession] = useState<Session>();
  const [settingPassword, setSettingPassword] = useState(linkToken !== undefined);
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
  const signedIn = (s: Session) => {
    setCsrfToken(s.csrfToken);
    setSettingPassword(false);
    setSession(s);
  };
  if (!session) return null;
  if (settingPassword || !session.signedIn) {
    return (
      <main class="centered" key={language}>
        {langSwitch}
        {settingPassword ? (
          <SetPasswordPage token={linkToken ?? ''} onSignedIn={signedIn} />
        ) : (
          <SignIn onSignedIn={signedIn} />
        )}
      </main>
    );
  }
  const signOut = async () => {
    await api('DELETE', '/console/api/session').catch(() => undefined);
    setCsrfToken(undefined);
    setSession({ signedIn: false });
  };
  const sections = sectionsFor(session.role);
  const [asked, id] = route;
  const section = asked ?? sections[0] ?? 'dashboard';
  return (
    <SessionContext.Provider value={session}>
      <div class="shell" key={language}>
        <nav>
          <strong class="brand">{t('title')}</strong>
          {sections.map((path) => (
            <a key={path} href={href(path)} class={section === path ? 'active' : ''}>
              {t(LABELS[path] ?? 'dashboard')}
            </a>
          ))}
          <span class="spacer" />
          <span class="muted who" data-testid="signed-in-as">
            {t('signedInAs', { name: session.user?.name ?? session.name ?? '' })}
          </span>
          {langSwitch}
          <button type="button" class="link" onClick={signOut}>
            {t('signOut')}
          </button>
        </nav>
        <main>
          {sections.includes(section) ? (
            <Page section={section} id={id} />
          ) : (
            <p class="note unavailable" role="status">
              {t('noRole')}
            </p>
          )}
        </main>
      </div>
    </SessionContext.Provider>
  );
}

document.documentElement.lang = lang();
render(<App />, document.getElementById('app')!);
