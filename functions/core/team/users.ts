import * as z from 'zod';
import { ROLES, type Role, type TeamMember } from './roles';

/** The console speaks these; a user's invitation and console follow theirs. */
export const USER_LOCALES = ['en', 'zh-CN'] as const;

const userEmail = z.lazy(() =>
  z
    .string()
    .trim()
    .max(254)
    .pipe(z.email('must be a valid email address'))
    .transform((value) => value.toLowerCase()),
);

export const userIdSchema = z.lazy(() =>
  z.string().regex(/^u-[0-9a-z-]{1,64}$/, 'must be a user id such as u-3f2a…'),
);

/** A user as an admin files them: `POST /v1/users`. */
export const userInputSchema = z.lazy(() =>
  z.strictObject({
    email: userEmail,
    name: z.string().trim().min(1).max(100),
    role: z.enum(ROLES),
    locale: z.enum(USER_LOCALES).default('en'),
  }),
);

/** What `PATCH /v1/users/{id}` may change: any of the same fields, at least one. */
export const userPatchSchema = z.lazy(() =>
  userInputSchema
    .unwrap()
    .partial()
    .extend({ locale: z.enum(USER_LOCALES).optional() })
    .refine((patch) => Object.values(patch).some((v) => v !== undefined), {
      message: 'give at least one of email, name, role, locale',
      path: ['(root)'],
    }),
);

export type UserInput = z.output<typeof userInputSchema>;
export type UserPatch = z.output<typeof userPatchSchema>;

/**
 * A password as a person chooses it: long enough to resist guessing at the
 * sign-in's throttled rate, short enough to bound the work of hashing it.
 */
export const passwordSchema = z.lazy(() =>
  z.string().min(10, 'must be at least 10 characters').max(256, 'must be at most 256 characters'),
);

/** What a one-time link is for: the first password (an invitation), or a new one. */
export type LinkPurpose = 'setup' | 'reset';

/** How long a link stays good: an invitation a week, a reset a day. */
export const LINK_LIFETIME_MS: Record<LinkPurpose, number> = {
  setup: 7 * 24 * 3600_000,
  reset: 24 * 3600_000,
};

/** A user as stored: the profile, the password's scrypt hash, the one link outstanding. */
export interface UserRecord extends TeamMember {
  createdAt: string;
  updatedAt: string;
  /** `scrypt$…` (engine/team/passwords.ts); absent until the person sets one. */
  passwordHash?: string;
  passwordSetAt?: string;
  /** Raised by every change that ends the user's sessions (password, role, email). */
  sessionEpoch: number;
  /** The one setup or reset link outstanding: its token's hash, purpose and end. */
  link?: { tokenHash: string; purpose: LinkPurpose; expiresAt: string };
}

/** A user as the API answers: never the hash, never the link. */
export interface UserView extends TeamMember {
  status: 'invited' | 'active';
  createdAt: string;
  updatedAt: string;
  passwordSetAt?: string;
}

/** @example viewOfUser(record) // { id, email, name, role, locale, status: 'invited', … } */
export function viewOfUser(record: UserRecord): UserView {
  return {
    id: record.id,
    email: record.email,
    name: record.name,
    role: record.role,
    locale: record.locale,
    status: record.passwordHash ? 'active' : 'invited',
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    ...(record.passwordSetAt ? { passwordSetAt: record.passwordSetAt } : {}),
  };
}

/**
 * Whether a change of a user ends their sessions: a new role or email changes
 * what they may see, so they sign in again under it.
 * @example endsSessions({ role: 'owner' }, current) // true when current.role is not owner
 */
export function endsSessions(patch: UserPatch, current: Pick<UserRecord, 'role' | 'email'>): boolean {
  return (
    (patch.role !== undefined && patch.role !== current.role) ||
    (patch.email !== undefined && patch.email !== current.email)
  );
}

/**
 * Whether a change would leave the team without an admin in the console
 * (API keys still act as admins, but nobody could sign in as one).
 * @example removesLastAdmin(users, 'u-1', 'owner') // true when u-1 is the only admin
 */
export function removesLastAdmin(
  users: readonly Pick<UserRecord, 'id' | 'role'>[],
  userId: string,
  newRole: Role | 'removed',
): boolean {
  const admins = users.filter((u) => u.role === 'admin');
  return newRole !== 'admin' && admins.length === 1 && admins[0]!.id === userId;
}
