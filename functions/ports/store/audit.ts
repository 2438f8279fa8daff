import type { AuditEntry } from '../../core/audit/audit-entry';

export type { AuditEntry };

export interface AuditQuery {
  target?: string;
  by?: string;
}

/**
 * The audit trail: every change, newest first, readable whole, by target or by
 * actor (each one Query), kept for good.
 * @example const { entries, next } = await store.audit.list({ by: 'u-1' }, 50);
 */
export interface AuditRepo {
  append(entry: AuditEntry): Promise<void>;
  /** A page of entries newest first; `next` continues it. A cursor this list did not return is a ValidationError. */
  list(query: AuditQuery, limit: number, after?: string): Promise<{ entries: AuditEntry[]; next?: string }>;
}
