import type { ContentKey, ContentVersion, StoredContent } from '../../core/content/content-versions';

export type { ContentKey, ContentVersion, StoredContent };

/**
 * Versions of the marketers' template sources and rules edited through the
 * API (the files in `templates/` are version 1 and never stored). Each source
 * or rule has its versions and one "current" item; the current items of all
 * of them are the live set, read in one query.
 * @example if ((await store.content.save(key, { version: 2, at, content })) === 'conflict') throw new ConflictError('stale');
 */
export interface ContentRepo {
  /** Every source's and rule's current version, a page at a time under one key: no scan. */
  live(): Promise<StoredContent[]>;
  /** The current stored version of one source or rule (strongly consistent), if any. */
  current(key: ContentKey): Promise<ContentVersion | undefined>;
  /** Every stored version of one source or rule, newest first. */
  history(key: ContentKey): Promise<ContentVersion[]>;
  /**
   * Files `version` once (a conditional put: two saves of the same number
   * cannot both win) and moves the current item forward to it. 'conflict'
   * when that version number is taken; a current item left behind by a save
   * that failed half-way is moved forward then, so nothing saved is lost.
   */
  save(key: ContentKey, version: ContentVersion): Promise<'saved' | 'conflict'>;
}
