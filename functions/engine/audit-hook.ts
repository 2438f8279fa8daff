import type { Actor } from '../core/team/roles';
import { recordAudit as recordInTrail } from './audit/audit';
import type { EngineDeps, StoreDeps } from './deps';

export type { Actor };

/** What an admin did, to what, by whom: never personal data (an address or an erased id goes as its keyed hash). */
export interface AuditEntry {
  action: 'suppression.added' | 'suppression.removed' | 'customer.erased' | 'customer.exported';
  target: string;
  detail: { by: Actor } & Record<string, string | number | boolean | Actor>;
}

/**
 * Records a data-rights or suppression change in the audit trail, its details
 * as the entry's `after`.
 * @example await recordAudit(deps, { action: 'customer.erased', target: 'customer:3f…', detail: { by } });
 */
export async function recordAudit(
  deps: Pick<EngineDeps, 'log' | 'clock'> & StoreDeps<'audit'>,
  entry: AuditEntry,
): Promise<void> {
  const { by, ...after } = entry.detail;
  await recordInTrail(deps, { by, action: entry.action, target: entry.target, after });
}
