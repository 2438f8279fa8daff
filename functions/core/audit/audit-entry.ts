import type { Actor } from '../team/roles';

/**
 * One change as the audit trail keeps it: who (a user id, an API key id or
 * `console-password`), when, what was done to what, and the versions before
 * and after.
 */
export interface AuditEntry {
  id: string;
  at: string;
  /** The actor's id: filter on it with `by=`. */
  by: string;
  /** How the actor was named when they made the change. */
  byName: string;
  /** `<kind>.<verb>`, e.g. `template.saved`, `user.removed`, `task.done`. */
  action: string;
  /** `<kind>:<id>`, e.g. `template:hello-again/en/email`, `user:u-1`: filter on it with `target=`. */
  target: string;
  before?: unknown;
  after?: unknown;
}

/** What a feature reports to the trail; the trail adds the id and the time. */
export interface AuditEvent {
  by: Actor;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
}

/** The most of a before or after the trail keeps; a larger one is summarised by its size. */
export const AUDIT_VALUE_BYTES = 32 * 1024;

/**
 * A value as the trail keeps it: as given when small, else a note of its size
 * (the content itself stays in its own version history), so one entry always
 * fits an item.
 * @example boundedValue({ version: 4 }) // { version: 4 }
 */
export function boundedValue(value: unknown): unknown {
  if (value === undefined) return undefined;
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  return bytes <= AUDIT_VALUE_BYTES ? value : { omitted: `${bytes} bytes, over the trail's limit` };
}

/**
 * The entry an event becomes at `at` with `id`.
 * @example auditEntryOf({ by, action: 'rule.saved', target: 'rule:caps', after: { version: 3 } }, 'a-1', at)
 */
export function auditEntryOf(event: AuditEvent, id: string, at: Date): AuditEntry {
  const before = boundedValue(event.before);
  const after = boundedValue(event.after);
  return {
    id,
    at: at.toISOString(),
    by: event.by.id,
    byName: event.by.name,
    action: event.action,
    target: event.target,
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
  };
}
