import { createHash } from 'node:crypto';
import {
  type ContentKey,
  type ContentVersion,
  currentVersion,
  nextVersion,
  type RuleJson,
  type TemplateText,
} from '../../core/content/content-versions';
import { ConflictError } from '../../core/errors';
import type { Actor } from '../../core/team/roles';
import { recordAudit } from '../audit/audit';
import type { EngineDeps, StoreDeps } from '../deps';

/** A digest of a file's content, kept with each version saved over it (`fileDigest`). */
export function fileDigestOf(content: TemplateText | RuleJson): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 22);
}

/** Whether the file under a stored version changed since that version was saved (a deploy of `templates/`). */
export function fileChanged(
  stored: ContentVersion | undefined,
  file: TemplateText | RuleJson | undefined,
): boolean {
  return stored?.fileDigest !== undefined && file !== undefined && stored.fileDigest !== fileDigestOf(file);
}

/** Who a version history names as a version's author: their name as it was, else their id. */
export function authorOf(version: Pick<ContentVersion, 'by' | 'byName'> | undefined): string | undefined {
  return version?.byName ?? version?.by;
}

/** The audit trail's name for a source or rule: `template:<id>/<locale>/<channel>`, `rule:<id>`. */
export function contentTarget(key: ContentKey): string {
  switch (key.kind) {
    case 'rule':
      return `rule:${key.rule}`;
    case 'sequence':
      return `sequence:${key.sequence}`;
    default:
      return `template:${key.template}/${key.locale}/${key.channel}`;
  }
}

/** What a save is, for the trail: `template.created`, `template.saved`, `template.reverted`, `rule.saved`. */
export interface SaveOf {
  baseVersion: number;
  content: TemplateText | RuleJson;
  note: string | undefined;
  by: Actor;
  action: 'template.created' | 'template.saved' | 'template.reverted' | 'rule.saved' | 'sequence.saved';
}

/**
 * Files `content` as the version after `baseVersion` (a 409 when that is not
 * the live one), its author on the version, and the change in the audit trail.
 */
export async function saveVersion(
  deps: Pick<EngineDeps, 'clock' | 'content' | 'log'> & StoreDeps<'content' | 'audit'>,
  key: ContentKey,
  file: TemplateText | RuleJson | undefined,
  save: SaveOf,
): Promise<{ version: number }> {
  const current = currentVersion(await deps.store.content.current(key), file !== undefined);
  const next = nextVersion(current, save.baseVersion);
  if ('conflict' in next) throw new ConflictError(next.conflict);
  const saved = await deps.store.content.save(key, {
    version: next.version,
    at: deps.clock.now().toISOString(),
    by: save.by.id,
    byName: save.by.name,
    ...(save.note !== undefined ? { note: save.note } : {}),
    ...(file !== undefined ? { fileDigest: fileDigestOf(file) } : {}),
    content: save.content,
  });
  if (saved === 'conflict') {
    throw new ConflictError(`version ${next.version} was saved meanwhile: reload and edit again`);
  }
  deps.content.invalidate();
  deps.log('content.saved', { key, version: next.version });
  await recordAudit(deps, {
    by: save.by,
    action: save.action,
    target: contentTarget(key),
    before: { version: current },
    after: { version: next.version, ...(save.note !== undefined ? { note: save.note } : {}) },
  });
  return { version: next.version };
}
