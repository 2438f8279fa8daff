/** Whose session it is: a person (at their session epoch), an API key, or the shared console password. */
export type SessionHolder =
  | { kind: 'user'; userId: string; epoch: number }
  | { kind: 'api-key'; keyId: string }
  /** `digest`: a prefix of the password's SHA-256, so a changed console password ends the session. */
  | { kind: 'console-password'; digest: string };

/** A console session as stored: only the token's hash is kept, never the token. */
export interface SessionRecord {
  tokenHash: string;
  holder: SessionHolder;
  createdAt: string;
  expiresAt: string;
}

/**
 * Console sessions held server-side (a DynamoDB item each, deleted by TTL
 * once expired), so signing out ends one at once.
 * @example await store.sessions.create(session); await store.sessions.remove(session.tokenHash);
 */
export interface SessionRepo {
  create(session: SessionRecord): Promise<void>;
  /** The session, while unexpired at `now` (TTL deletes lazily). */
  get(tokenHash: string, now: Date): Promise<SessionRecord | undefined>;
  remove(tokenHash: string): Promise<void>;
}
