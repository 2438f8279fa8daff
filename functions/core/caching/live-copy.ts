/**
 * A container's copy of a shared list (the live templates and rules, the
 * webhook endpoints), as the caches hold it: fresh for a minute, and after that
 * kept for as long as a fire confirms the list's live version unchanged
 * (ports/store/fire-reads.ts), up to `LIVE_VERSION_MAX_AGE_MS` after its read.
 */
export interface LiveCopyAge {
  /** Since when the copy counts as fresh (ms): its read, or its last confirmation. */
  at: number;
  /** When it was read (ms). */
  loadedAt: number;
  /** The live version confirmed before it was read, if one was. */
  version?: number;
}

/**
 * A copy is read again this long after its read even with its version
 * unchanged: a change whose version move was lost (a process dying between
 * the two writes) arrives all the same.
 */
export const LIVE_VERSION_MAX_AGE_MS = 6 * 60 * 60_000;

/** Whether the copy is under `refreshMs` old at `now` (a clock that went back makes it stale). */
export function isFresh(age: LiveCopyAge, now: number, refreshMs: number): boolean {
  const elapsed = now - age.at;
  return elapsed >= 0 && elapsed < refreshMs;
}

/**
 * The copy's age after the live version was read as `version` at `now`: fresh
 * again when it was read at that version and is not too old, else undefined
 * (read the list again, tagged with `version`).
 * @example confirmedAge({ at: 0, loadedAt: 0, version: 3 }, 3, 120_000) // { at: 120000, loadedAt: 0, version: 3 }
 */
export function confirmedAge<A extends LiveCopyAge>(age: A, version: number, now: number): A | undefined {
  const kept = age.version === version && now >= age.loadedAt && now - age.loadedAt < LIVE_VERSION_MAX_AGE_MS;
  return kept ? { ...age, at: now } : undefined;
}
