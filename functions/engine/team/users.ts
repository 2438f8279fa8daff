import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors';
import { type Actor, actorOf } from '../../core/team/roles';
import {
  endsSessions,
  LINK_LIFETIME_MS,
  type LinkPurpose,
  removesLastAdmin,
  type UserInput,
  type UserPatch,
  type UserRecord,
  type UserView,
  viewOfUser,
} from '../../core/team/users';
import { recordAudit } from '../audit/audit';
import type { EngineDeps, EngineSettings, StoreDeps } from '../deps';
import { hashPassword } from './passwords';
import { hashToken, newToken, TOKEN_PATTERN } from './tokens';

/** What managing the team takes: the table's users and trail, and where links point. */
export type UserDeps = Pick<EngineDeps, 'clock' | 'log'> & {
  settings: Pick<EngineSettings, 'publicUrl'>;
} & StoreDeps<'users' | 'audit'>;

/** The console page a setup or reset link opens: it carries the token as `?token=`. */
export function passwordLinkOf(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/console/password?token=${token}`;
}

const target = (id: string) => `user:${id}`;

async function existing(deps: StoreDeps<'users'>, id: string): Promise<UserRecord> {
  const user = await deps.store.users.get(id);
  if (!user) throw new NotFoundError(`user ${id} not found`);
  return user;
}

/** A new one-time link for the user, replacing any other: the token leaves only in the link. */
async function issueLink(deps: UserDeps, user: UserRecord, purpose: LinkPurpose): Promise<string> {
  const { token, tokenHash } = newToken();
  const expiresAt = new Date(deps.clock.now().getTime() + LINK_LIFETIME_MS[purpose]);
  if (!(await deps.store.users.issueLink(user.id, { tokenHash, purpose, expiresAt }))) {
    throw new NotFoundError(`user ${user.id} not found`);
  }
  return passwordLinkOf(deps.settings.publicUrl, token);
}

/**
 * Files a new user and makes their invitation: a one-time link to choose a
 * password (valid a week). 409 when the email belongs to someone already.
 * @example const { user, setupLink } = await inviteUser(deps, { email, name, role: 'owner', locale: 'zh-CN' }, actor);
 */
export async function inviteUser(
  deps: UserDeps,
  input: UserInput,
  by: Actor,
): Promise<{ user: UserView; setupLink: string }> {
  const at = deps.clock.now().toISOString();
  const record: UserRecord = {
    id: `u-${randomUUID()}`,
    ...input,
    createdAt: at,
    updatedAt: at,
    sessionEpoch: 0,
  };
  if ((await deps.store.users.create(record)) === 'email-taken') {
    throw new ConflictError(`a user with the email ${input.email} exists already`);
  }
  const setupLink = await issueLink(deps, record, 'setup');
  const user = viewOfUser(record);
  await recordAudit(deps, { by, action: 'user.invited', target: target(record.id), after: user });
  return { user, setupLink };
}

export async function listUsers(deps: StoreDeps<'users'>): Promise<UserView[]> {
  return (await deps.store.users.list()).map(viewOfUser);
}

export async function getUser(deps: StoreDeps<'users'>, id: string): Promise<UserView> {
  return viewOfUser(await existing(deps, id));
}

/**
 * Changes a user's email, name, role or locale. A new role or email ends
 * their sessions at once; the last admin cannot stop being one (409).
 */
export async function updateUser(deps: UserDeps, id: string, patch: UserPatch, by: Actor): Promise<UserView> {
  const current = await existing(deps, id);
  if (patch.role !== undefined && removesLastAdmin(await deps.store.users.list(), id, patch.role)) {
    throw new ConflictError(`${current.email} is the only admin: make someone else admin first`);
  }
  const updated = await deps.store.users.update(
    id,
    { ...patch, endSessions: endsSessions(patch, current) },
    deps.clock.now(),
  );
  if (updated === 'email-taken')
    throw new ConflictError(`a user with the email ${patch.email} exists already`);
  if (!updated) throw new NotFoundError(`user ${id} not found`);
  const before = viewOfUser(current);
  const after = viewOfUser(updated);
  await recordAudit(deps, { by, action: 'user.updated', target: target(id), before, after });
  return after;
}

/** Removes a user: their sessions end at once, their email is free again. The last admin stays (409). */
export async function removeUser(deps: UserDeps, id: string, by: Actor): Promise<void> {
  const current = await existing(deps, id);
  if (removesLastAdmin(await deps.store.users.list(), id, 'removed')) {
    throw new ConflictError(`${current.email} is the only admin: make someone else admin first`);
  }
  if (!(await deps.store.users.remove(id))) throw new NotFoundError(`user ${id} not found`);
  await recordAudit(deps, { by, action: 'user.removed', target: target(id), before: viewOfUser(current) });
}

/** A one-time link (valid a day) for the user to choose a new password; their present one still works meanwhile. */
export async function issueResetLink(
  deps: UserDeps,
  id: string,
  by: Actor,
): Promise<{ user: UserView; resetLink: string }> {
  const user = await existing(deps, id);
  const resetLink = await issueLink(deps, user, 'reset');
  await recordAudit(deps, { by, action: 'user.reset-link-issued', target: target(id) });
  return { user: viewOfUser(user), resetLink };
}

/** Makes a setup link for a user who has no password yet (the first admin, each start until they choose one). */
export async function reissueSetupLink(deps: UserDeps, user: UserRecord): Promise<string> {
  return issueLink(deps, user, 'setup');
}

const spentLink = () =>
  new ValidationError(
    'invalid password request: token: this link has been used or has expired: ask an admin for a new one',
    [{ path: 'token', message: 'this link has been used or has expired: ask an admin for a new one' }],
  );

/**
 * Sets a password with a setup or reset link's token and spends the link, in
 * one conditional write; every session the user had ends.
 * @example const user = await setPasswordWithLink(deps, token, 'correct horse battery');
 */
export async function setPasswordWithLink(
  deps: UserDeps,
  token: string,
  password: string,
): Promise<UserView> {
  if (!TOKEN_PATTERN.test(token)) throw spentLink();
  const tokenHash = hashToken(token);
  const userId = await deps.store.users.linkHolder(tokenHash);
  if (!userId) throw spentLink();
  const passwordHash = await hashPassword(password);
  const user = await deps.store.users.setPassword(userId, tokenHash, passwordHash, deps.clock.now());
  if (!user) throw spentLink();
  await recordAudit(deps, {
    by: actorOf({ kind: 'user', user }),
    action: 'user.password-set',
    target: target(user.id),
  });
  return viewOfUser(user);
}
