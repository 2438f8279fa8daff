import { ConflictError } from '../../core/errors';
import type { Actor } from '../../core/team/roles';
import type { UserRecord } from '../../core/team/users';
import { inviteUser, reissueSetupLink, type UserDeps } from './users';

/** Who the audit trail says made the first admin. */
export const BOOTSTRAP_ACTOR: Actor = { id: 'bootstrap', name: 'NURTURE_ADMIN_EMAIL' };

export type FirstAdminOutcome =
  /** No one was in the team: the admin was made, with a setup link. */
  | { status: 'created'; user: UserRecord['id']; setupLink: string }
  /** The admin was made earlier and has not chosen a password yet: a new link replaces the old. */
  | { status: 'link-renewed'; user: UserRecord['id']; setupLink: string }
  /** The admin has a password, or the team has other people: nothing to do. */
  | { status: 'in-place' };

/**
 * Makes the first admin from `NURTURE_ADMIN_EMAIL` (the stack's `adminEmail`
 * on AWS) when the team has nobody yet, and renews their setup link while
 * they have not chosen a password. Once there is a team, the setting changes
 * nothing: a removed admin is not made again.
 * @example const outcome = await ensureFirstAdmin(deps, 'boss@shop.example'); if ('setupLink' in outcome) print(outcome.setupLink);
 */
export async function ensureFirstAdmin(deps: UserDeps, email: string): Promise<FirstAdminOutcome> {
  const wanted = email.trim().toLowerCase();
  const users = await deps.store.users.list();
  const admin = users.find((u) => u.email === wanted);
  if (admin) {
    if (admin.passwordHash || admin.role !== 'admin') return { status: 'in-place' };
    return { status: 'link-renewed', user: admin.id, setupLink: await reissueSetupLink(deps, admin) };
  }
  if (users.length > 0) {
    deps.log('team.admin-email-unused', { reason: 'the team has members already' });
    return { status: 'in-place' };
  }
  try {
    const { user, setupLink } = await inviteUser(
      deps,
      { email: wanted, name: wanted.split('@')[0]!, role: 'admin', locale: 'en' },
      BOOTSTRAP_ACTOR,
    );
    return { status: 'created', user: user.id, setupLink };
  } catch (error) {
    // Another instance made the same admin meanwhile: its link stands, and this one renews it.
    if (!(error instanceof ConflictError)) throw error;
    return ensureFirstAdmin(deps, email);
  }
}
