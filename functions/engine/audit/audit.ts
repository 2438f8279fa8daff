import { randomBytes } from 'node:crypto';
import { type AuditEntry, type AuditEvent, auditEntryOf } from '../../core/audit/audit-entry';
import type { AuditQuery } from '../../ports/store/index';
import type { EngineDeps, StoreDeps } from '../deps';

export type { AuditEvent };

/** Entries of one instance in the same millisecond (a simulated clock holds still) keep their order by it. */
let sequence = 0;

/**
 * Files one change in the audit trail: who (`by`: a user, an API key or the
 * console password), what (`action`, `target`) and the versions before and
 * after. Any feature that changes something calls it once the change is made.
 * @example await recordAudit(deps, { by: actor, action: 'segment.saved', target: `segment:${id}`, after: segment });
 */
export async function recordAudit(
  deps: Pick<EngineDeps, 'clock' | 'log'> & StoreDeps<'audit'>,
  event: AuditEvent,
): Promise<AuditEntry> {
  const at = deps.clock.now();
  // Sorted by time, then by this instance's sequence; the random part keeps instances apart.
  sequence = (sequence + 1) % 36 ** 6;
  const id = `${sequence.toString(36).padStart(6, '0')}-${randomBytes(6).toString('hex')}`;
  const entry = auditEntryOf(event, id, at);
  await deps.store.audit.append(entry);
  deps.log('audit.recorded', { action: entry.action, target: entry.target, by: entry.by });
  return entry;
}

/**
 * The trail newest first, whole or by target and/or actor; `next` continues it.
 * @example const { entries, next } = await listAudit(deps, { target: 'rule:caps' }, 50);
 */
export async function listAudit(
  deps: StoreDeps<'audit'>,
  query: AuditQuery,
  limit: number,
  cursor?: string,
): Promise<{ entries: AuditEntry[]; next?: string }> {
  return deps.store.audit.list(query, limit, cursor);
}
