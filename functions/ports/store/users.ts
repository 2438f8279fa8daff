import type { LinkPurpose, UserRecord } from '../../core/team/users';

export type { UserRecord };

/** The fields a user update writes; `endSessions` raises the session epoch in the same write. */
export interface UserChange {
  email?: string;
  name?: string;
  role?: UserRecord['role'];
  locale?: string;
  endSessions?: boolean;
}

/**
 * The team's accounts, all in one small partition (tens of people, not
 * thousands), each email claimed by one user.
 * @example if ((await store.users.create(user)) === 'email-taken') throw new ConflictError('…');
 */
export interface UserRepo {
  /** Files a new user, claiming its email; 'email-taken' when another user holds it. */
  create(user: UserRecord): Promise<'created' | 'email-taken'>;
  get(id: string): Promise<UserRecord | undefined>;
  /** The user holding this email (lower-cased), if any. */
  byEmail(email: string): Promise<UserRecord | undefined>;
  /** Every user, oldest first (those filed in the same moment by email). */
  list(): Promise<UserRecord[]>;
  /**
   * Writes the change (a new email is claimed first: 'email-taken' when someone
   * holds it); the record as it now stands, or undefined when there is no such user.
   */
  update(id: string, change: UserChange, at: Date): Promise<UserRecord | 'email-taken' | undefined>;
  /** Removes the user and frees their email; false when there was none. */
  remove(id: string): Promise<boolean>;
  /** Makes `tokenHash` the user's one outstanding link (replacing any other); false when there is no such user. */
  issueLink(id: string, link: { tokenHash: string; purpose: LinkPurpose; expiresAt: Date }): Promise<boolean>;
  /** The user a link's token belongs to, while it is outstanding. */
  linkHolder(tokenHash: string): Promise<string | undefined>;
  /**
   * Sets the password and spends the link in one conditional write: only while
   * `tokenHash` is the user's outstanding link and unexpired at `at`. Ends the
   * user's sessions. The record as it now stands, or undefined when the link is spent or expired.
   */
  setPassword(id: string, tokenHash: string, passwordHash: string, at: Date): Promise<UserRecord | undefined>;
}
