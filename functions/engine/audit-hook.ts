import type { EngineDeps } from './deps';

/** Who changed something: an API key, or someone signed in to the console. */
export type Actor = 'api-key' | 'console';

/** What an admin did, to what, by whom: never personal data (an address or an erased id goes as its keyed hash). */
export interface AuditEntry {
  action: 'suppression.added' | 'suppression.removed' | 'customer.erased' | 'customer.exported';
  target: string;
  detail: Record<string, string | number | boolean>;
}

/**
 * Records an admin's change for the audit trail. For now one structured log
 * line (`audit`); the audit trail (users, roles and their log) takes this
 * function over, so every caller is already in place.
 * @example recordAudit(deps, { action: 'customer.erased', target: 'customer:3f…', detail: { by: 'api-key' } });
 */
export function recordAudit(deps: Pick<EngineDeps, 'log' | 'clock'>, entry: AuditEntry): void {
  deps.log('audit', { ...entry, at: deps.clock.now().toISOString() });
}
