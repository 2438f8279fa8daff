import { assertNever } from '../../core/assert-never';
import { UnauthorizedError } from '../../core/errors';
import { keyIdOf, keyMatcher } from '../../core/team/key-digests';
import type { Principal } from '../../core/team/roles';
import type { SessionHolder, SessionRecord } from '../../ports/store/index';
import type { EngineDeps, StoreDeps } from '../deps';
import { verifyPassword } from './passwords';
import {
  checkSignInThrottle,
  countFailedSignIn,
  forgiveAccount,
  type SignInSubject,
} from './sign-in-throttle';
import { hashToken, newToken, TOKEN_PATTERN } from './tokens';

/** A console session lasts one working day. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** The three ways into the console: a person, the shared console password, an API key. */
export type Credentials = { email: string; password: string } | { password: string } | { apiKey: string };

/** The keys the engine was started with: SHA-256 digests of the API keys and the console password. */
export interface SignInKeys {
  apiKeyHashes: readonly string[];
  consolePasswordHashes: readonly string[];
}

type SessionDeps = Pick<EngineDeps, 'clock' | 'log'> & StoreDeps<'sessions' | 'signInAttempts' | 'users'>;

/** How much of the console password's digest a session keeps: enough to notice the password changed. */
const DIGEST_PREFIX = 16;

/** Checks credentials against the keys: the session's holder when they are right. */
async function holderFor(
  deps: StoreDeps<'users'>,
  credentials: Credentials,
  keys: SignInKeys,
): Promise<SessionHolder | undefined> {
  if ('email' in credentials) {
    const user = await deps.store.users.byEmail(credentials.email.trim().toLowerCase());
    const ok = await verifyPassword(credentials.password, user?.passwordHash);
    return ok && user ? { kind: 'user', userId: user.id, epoch: user.sessionEpoch } : undefined;
  }
  if ('apiKey' in credentials) {
    const hash = keyMatcher(keys.apiKeyHashes)(credentials.apiKey);
    return hash ? { kind: 'api-key', keyId: keyIdOf(hash) } : undefined;
  }
  const hash = keyMatcher(keys.consolePasswordHashes)(credentials.password);
  return hash ? { kind: 'console-password', digest: hash.slice(0, DIGEST_PREFIX) } : undefined;
}

function wrongCredentials(credentials: Credentials, keys: SignInKeys): UnauthorizedError {
  if ('email' in credentials) return new UnauthorizedError('wrong email or password');
  if ('apiKey' in credentials) return new UnauthorizedError('wrong API key');
  const hint =
    keys.consolePasswordHashes.length === 0
      ? ' (no console password is configured: sign in with an API key)'
      : '';
  return new UnauthorizedError(`wrong console password${hint}`);
}

/**
 * Signs in: refused at once (429) while the account or the client address is
 * waiting out a back-off; a wrong secret is counted against both and is a 401;
 * a right one starts a session held server-side for `SESSION_TTL_MS`.
 * @example const { token, expiresAt } = await signIn(deps, { email, password }, keys, { address: '203.0.113.9' });
 */
export async function signIn(
  deps: SessionDeps,
  credentials: Credentials,
  keys: SignInKeys,
  client: { address?: string },
): Promise<{ token: string; expiresAt: Date; principal: Principal }> {
  // The shared password and API keys are counted per address only: an account count on them
  // would let anyone lock every holder out.
  const subject: SignInSubject = {
    ...('email' in credentials ? { email: credentials.email.trim() } : {}),
    ...(client.address ? { address: client.address } : {}),
  };
  await checkSignInThrottle(deps, subject);
  const holder = await holderFor(deps, credentials, keys);
  if (!holder) {
    await countFailedSignIn(deps, subject);
    deps.log('sign-in.failed', { form: Object.keys(credentials).join('+') });
    throw wrongCredentials(credentials, keys);
  }
  if (subject.email) await forgiveAccount(deps, subject.email);
  const now = deps.clock.now();
  const { token, tokenHash } = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await deps.store.sessions.create({
    tokenHash,
    holder,
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  });
  const principal = await principalOf(deps, holder, keys);
  if (!principal) throw wrongCredentials(credentials, keys);
  deps.log('sign-in.ok', { holder: holder.kind });
  return { token, expiresAt, principal };
}

/** Who a session's holder is now, or undefined when the session no longer stands for anyone. */
async function principalOf(
  deps: StoreDeps<'users'>,
  holder: SessionHolder,
  keys: SignInKeys,
): Promise<Principal | undefined> {
  switch (holder.kind) {
    case 'user': {
      const user = await deps.store.users.get(holder.userId);
      // A new password, role or email raised the epoch; a removed user is gone: either ends the session.
      if (!user?.passwordHash || user.sessionEpoch !== holder.epoch) return undefined;
      const { id, email, name, role, locale } = user;
      return { kind: 'user', user: { id, email, name, role, locale } };
    }
    case 'api-key':
      return keys.apiKeyHashes.some((hash) => keyIdOf(hash) === holder.keyId)
        ? { kind: 'api-key', keyId: holder.keyId }
        : undefined;
    case 'console-password':
      return keys.consolePasswordHashes.some((hash) => hash.startsWith(holder.digest))
        ? { kind: 'console-password' }
        : undefined;
    default:
      return assertNever(holder);
  }
}

/**
 * The session a cookie's token opens, while it stands: unexpired, not signed
 * out, its holder still there (a user's password, role or email unchanged).
 * @example const session = await resolveSession(deps, token, keys); if (!session) refuse();
 */
export async function resolveSession(
  deps: Pick<EngineDeps, 'clock'> & StoreDeps<'sessions' | 'users'>,
  token: string | undefined,
  keys: SignInKeys,
): Promise<{ principal: Principal; session: SessionRecord } | undefined> {
  if (!token || !TOKEN_PATTERN.test(token)) return undefined;
  const session = await deps.store.sessions.get(hashToken(token), deps.clock.now());
  if (!session) return undefined;
  const principal = await principalOf(deps, session.holder, keys);
  return principal ? { principal, session } : undefined;
}

/** Ends the session at once: its token opens nothing from now on. */
export async function signOut(deps: StoreDeps<'sessions'>, token: string | undefined): Promise<void> {
  if (token && TOKEN_PATTERN.test(token)) await deps.store.sessions.remove(hashToken(token));
}
