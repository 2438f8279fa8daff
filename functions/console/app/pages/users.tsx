import { useState } from 'preact/hooks';
import type { UserView as User } from '../../../core/team/users';
import { api } from '../api';
import { type Key, t } from '../i18n';
import type { Role } from '../session';
import { ErrorNote, formatTime, Show, useLoad } from '../ui';

const ROLES: Role[] = ['admin', 'marketer', 'owner'];
const LOCALES = [
  ['en', 'English'],
  ['zh-CN', '中文'],
] as const;

/** An irreversible change waiting for its confirmation. */
interface Pending {
  message: string;
  run: () => Promise<void>;
}

/** A one-time link to hand on, with a button that copies it. */
function LinkToPass({ link, note }: { link: string; note: Key }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="note" data-testid="one-time-link">
      <p>{t(note)}</p>
      <div class="row">
        <input readOnly value={link} aria-label={t(note)} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          onClick={() =>
            navigator.clipboard?.writeText(link).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t('copied') : t('copy')}
        </button>
      </div>
    </div>
  );
}

/** The team (admins only): invite someone, change a role, reset a password, remove someone. */
export function UsersPage() {
  const users = useLoad<{ users: User[] }>('/v1/users');
  const [form, setForm] = useState({ email: '', name: '', role: 'owner' as Role, locale: 'zh-CN' });
  const [link, setLink] = useState<{ link: string; note: Key }>();
  const [pending, setPending] = useState<Pending>();
  const [error, setError] = useState<unknown>();
  const attempt = async (run: () => Promise<void>) => {
    setError(undefined);
    try {
      await run();
    } catch (e) {
      setError(e);
    }
  };
  const invite = (event: Event) => {
    event.preventDefault();
    void attempt(async () => {
      const { setupLink } = await api<{ setupLink: string }>('POST', '/v1/users', form);
      setLink({ link: setupLink, note: 'setupLink' });
      setForm({ ...form, email: '', name: '' });
      users.reload();
    });
  };
  const ask = (message: string, run: () => Promise<void>) => setPending({ message, run });
  const roleWord = (role: Role) => t(role);
  return (
    <section class="users">
      <h1>{t('users')}</h1>
      <form class="card" onSubmit={invite}>
        <h3>{t('inviteTitle')}</h3>
        <div class="row wrap">
          <label>
            {t('email')}
            <input
              name="invite-email"
              type="email"
              required
              value={form.email}
              onInput={(e) => setForm({ ...form, email: e.currentTarget.value })}
            />
          </label>
          <label>
            {t('name')}
            <input
              name="invite-name"
              required
              maxLength={100}
              value={form.name}
              onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
            />
          </label>
          <label>
            {t('role')}
            <select
              name="invite-role"
              value={form.role}
              onChange={(e) => setForm({ ...form, role: e.currentTarget.value as Role })}
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {roleWord(role)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('language')}
            <select
              name="invite-locale"
              value={form.locale}
              onChange={(e) => setForm({ ...form, locale: e.currentTarget.value })}
            >
              {LOCALES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <button type="submit">{t('invite')}</button>
      </form>
      {link && <LinkToPass link={link.link} note={link.note} />}
      {pending && (
        <div class="note confirm" role="alertdialog" aria-label={pending.message}>
          <p>{pending.message}</p>
          <button
            type="button"
            onClick={() => {
              const { run } = pending;
              setPending(undefined);
              void attempt(run);
            }}
          >
            {t('confirm')}
          </button>{' '}
          <button type="button" class="link" onClick={() => setPending(undefined)}>
            {t('cancel')}
          </button>
        </div>
      )}
      <ErrorNote error={error} />
      <Show loaded={users}>
        {({ users: list }) => (
          <div class="card table-wrap">
            <table class="list" data-testid="user-list">
              <tbody>
                {list.map((user) => (
                  <tr key={user.id} data-email={user.email}>
                    <td>
                      <strong>{user.name}</strong>
                      <div class="muted">{user.email}</div>
                    </td>
                    <td>
                      <select
                        aria-label={`${t('changeRole')}: ${user.name}`}
                        value={user.role}
                        onChange={(e) => {
                          const role = e.currentTarget.value as Role;
                          e.currentTarget.value = user.role;
                          ask(t('confirmRole', { name: user.name, role: roleWord(role) }), async () => {
                            await api('PATCH', `/v1/users/${encodeURIComponent(user.id)}`, { role });
                            users.reload();
                          });
                        }}
                      >
                        {ROLES.map((role) => (
                          <option key={role} value={role}>
                            {roleWord(role)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <span class="chip">{t(user.status)}</span>
                      <div class="muted">{formatTime(user.passwordSetAt ?? user.createdAt)}</div>
                    </td>
                    <td class="actions">
                      <button
                        type="button"
                        class="small"
                        onClick={() =>
                          ask(t('confirmReset', { name: user.name }), async () => {
                            const { resetLink } = await api<{ resetLink: string }>(
                              'POST',
                              `/v1/users/${encodeURIComponent(user.id)}/password-reset`,
                            );
                            setLink({ link: resetLink, note: 'resetLink' });
                          })
                        }
                      >
                        {t('resetPassword')}
                      </button>{' '}
                      <button
                        type="button"
                        class="small danger"
                        onClick={() =>
                          ask(t('confirmRemove', { name: user.name }), async () => {
                            await api('DELETE', `/v1/users/${encodeURIComponent(user.id)}`);
                            users.reload();
                          })
                        }
                      >
                        {t('remove')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Show>
    </section>
  );
}
